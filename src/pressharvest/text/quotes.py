"""Quotes in an article body (RECORD.md, "Quote"): a pure function over the paragraphs.

Approach, in three passes over the normalised paragraphs:

1. Quoted spans (quote_marks): every top-level «…», „…“, “…” or "…" pair, multi-paragraph
   quotes joined. A span is speech only when an attribution is attached to it:
   * after it: `«…», – <speech verb> <speaker>` or `«…», – <speaker> <speech verb>` (any dash,
     a comma alone also works before the verb; `!`/`?` may replace the comma);
   * before it: `<speaker> <speech verb>: «…»`, `По словам <speaker>: «…»`, the colon possibly
     ending the previous paragraph.
   Guillemet names and titles have no such attribution and are skipped.
2. Indirect speech (sentence-initial only): `По словам <speaker>, <clause>.` and
   `Как отметил / сообщил <speaker>, <clause>.`; the clause runs to the end of its sentence
   (quote_text knows that `ул. Курчатова` does not end one).
3. Speakers (speakers.SpeakerIndex): a named person is put into the nominative, a pronoun
   resolves to the last person of its gender named before it outside quotations, a bare surname
   to the full name given earlier; a body (`в отделе …`) has no speaker and no role.

Speech verbs are recognised by lemma through pymorphy3 (quote_morph.SPEECH_LEMMAS), so gender,
tense and aspect are free. `X сообщил, что …`, `В министерстве напомнили, что …`, `По данным …`
and `Он поручил …` match none of the forms above, which is what RECORD.md asks for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pressharvest.models import Quote
from pressharvest.text import quote_morph as morph
from pressharvest.text.quote_marks import Span, find_spans, quoted_text
from pressharvest.text.quote_text import (
    Token,
    first_token,
    iter_tokens,
    more_tokens_than,
    sentence_end,
    sentence_start_before,
    sentences,
    tokens_between,
)
from pressharvest.text.speakers import SpeakerIndex, names_institution, pronoun_gender

__all__ = ["extract_quotes"]

# After the closing mark: `», –`, `!» —`, `,» -`, `» , –` (a stray space), unspaced `»,-сказал` / `»—сказал`, or a bare
# comma before the verb.
# A dash may also end the paragraph: a site that breaks the line inside the attribution (`«…», –` / `сказала она.`).
_AFTER = re.compile(r"\s?[,!?…]*\s*[-–—](?:\s+|$)|[,!?…]+\s*[-–—](?=[а-яё])|[–—](?=[а-яё])|,\s+(?=[а-яёА-ЯЁ])")
_COLON_BEFORE = re.compile(r":\s*$")
# What follows a quotation that is the first of a list of names (`«…», «…»`, `«…» и «…»`).
_TITLE_LIST_NEXT = re.compile(r"(?:,| и) [«„“\"]")
_LEAD_IN = r"(?:(?:Кроме того|При этом|Вместе с тем|В то же время|Между тем|Однако|Также|Кстати|Так|Впрочем),?\s+)?"
_PO_SLOVAM = re.compile(_LEAD_IN + r"[Пп]о\s+(?:(?P<pron>его|её|ее)\s+)?словам\b\s*")
_KAK = re.compile(_LEAD_IN + r"[Кк]ак\s+")
# RECORD.md's indirect forms name two verbs, `Как отметил(а) …,` and `Как сообщил(а) …,` ("only these
# forms"): `Как подчеркнул …,` or `Как рассказала …,` is no indirect quote in version 1.
_INDIRECT_VERB_STEMS = ("отмет", "отмеча", "сообщ")
# Where either form could start a sentence: at the paragraph start or after a terminal mark and the
# marks and spaces `sentence_starts` skips. A paragraph without it has no indirect quote, and is not
# split into sentences at all (most are not: `как` and `так` are everywhere, but rarely lead one).
_INDIRECT_LEAD = re.compile(
    r"(?:^|[.!?…][.!?…»“”\")\s]*)" + _LEAD_IN + r"(?:[Пп]о\s+(?:(?:его|её|ее)\s+)?словам\b|[Кк]ак\s)"
)
_COMMA_OR_GUILLEMET = re.compile(r"[,:«»]")
# A speech verb followed by `что` reports speech (`«Тайны города» – школьники – отметили, что …`): it is
# no attribution of the quotation before it.
_REPORTED_THAT = re.compile(r",?\s*что\b")
# A dash that interrupts speech for its attribution (`…, – сказал он`): a comma, !, ? or … before it.
_INTERRUPTING_DASH = re.compile(r"[,!?…]\s*[-–—]\s+")
# Where speech resumes after the attribution: `…, – сказал он, – …` or `…, – сказал он. – …`.
_RESUMING_DASH = re.compile(r"([,.])\s*[-–—]\s+")
# A line of dialogue: a dash opens the paragraph, and the speech runs to an interrupting dash.
_DIALOGUE_DASH = re.compile(r"[-–—]\s+")
_DIALOGUE_OPENERS = frozenset("-–—")
# A lower-case word right before a quotation's opening mark: the quotation sits inside a sentence.
_LOWER_WORD_BEFORE = re.compile(r"\b[а-яё][а-яё-]*\s*$")
_OPENING_MARKS = frozenset(["«", "„", "“"])
_MAX_INTERRUPTIONS = 3  # interrupting dashes tried per quotation or line of dialogue
# Parts of speech (pymorphy's likeliest reading) that make quoted words a statement.
_PREDICATE_POS = frozenset(["VERB", "PRTS", "ADJS"])
# Quoted words after a `<position> <name>:` line: a dash before `это` is a predicate (`Парк – это …`), the
# fewest words of a statement without other signs, first- and second-person words, a sentence ending inside.
_COPULA_ETO = re.compile(r"\s[-–—]\s+это\b", re.IGNORECASE)
_MIN_STATEMENT_WORDS = 4
_PERSONAL_WORDS = frozenset(
    [
        "я",
        "меня",
        "мне",
        "мной",
        "мы",
        "нас",
        "нам",
        "нами",
        "мой",
        "моя",
        "моё",
        "мое",
        "мои",
        "моего",
        "моей",
        "моих",
        "наш",
        "наша",
        "наше",
        "наши",
        "нашего",
        "нашей",
        "наших",
        "нашим",
        "ты",
        "тебя",
        "тебе",
        "вы",
        "вас",
        "вам",
        "вами",
        "ваш",
        "ваша",
        "ваше",
        "ваши",
        "вашего",
        "вашей",
        "ваших",
    ]
)
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s+\S")
# What may follow the closing mark of such a quotation: nothing, a full stop, a full stop and a new sentence.
_HEADING_QUOTE_TAIL = re.compile(r"\s*(?:\.(?:\s+[А-ЯЁA-Z«].*)?)?$")
# Words of a `<position> <name>:` line before a quotation, at most (`Глава города Иван Петров: «…»`).
_MAX_HEADING_WORDS = 16
_ADVERBS = frozenset(["так", "также", "тогда", "ещё", "вновь", "позже", "затем", "потом"])
_BODY_PREPOSITIONS = frozenset(["в", "во", "на", "из", "у", "при"])
_MAX_NP_WORDS = 25
_ATTRIBUTION_WINDOW = 64  # tokens after a quote searched for its speech verb …
_ATTRIBUTION_CHARS = 1000  # … in at most this many characters
# Quoted spans of one paragraph examined for direct quotes. Real paragraphs have a handful; a hostile
# one with 20,000 still cost seconds per thousand (each looks back over the paragraph for its colon).
MAX_QUOTES_PER_PARAGRAPH = 100


# The fields `_make_quote` fills in; should models.py give Quote others, every quote is validated.
_BUILT_FIELDS = ("text", "speaker", "speaker_raw", "speaker_role", "kind", "paragraph")
_MAY_SKIP_VALIDATION = tuple(Quote.model_fields) == _BUILT_FIELDS


def _plainly_clean(text: str) -> bool:
    """Whether `clean_text(text) == text` by its first test (printable, single spaces, stripped, NFC),
    which is what Quote's validators ask of a string field; False only sends a string to them."""
    return (
        text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and unicodedata.is_normalized("NFC", text)
    )


@lru_cache(maxsize=4096)
def _speaker_plainly_clean(speaker: str | None, speaker_raw: str, speaker_role: str | None) -> bool:
    """Whether a quote's speaker fields are non-empty (or None where they may be) and `_plainly_clean`. An
    article names the same few speakers again and again, so one lookup usually answers for all three."""
    return (
        bool(speaker_raw)
        and _plainly_clean(speaker_raw)
        and (speaker is None or (bool(speaker) and _plainly_clean(speaker)))
        and (speaker_role is None or (bool(speaker_role) and _plainly_clean(speaker_role)))
    )


def _make_quote(
    text: str,
    speaker: str | None,
    speaker_raw: str,
    speaker_role: str | None,
    *,
    kind: Literal["direct", "indirect"],
    paragraph: int,
) -> Quote:
    """`Quote(...)`, without pydantic's validation when it could only pass. Every string here passes
    `clean_text`'s first test (so `_clean` would return it), `kind` is typed, `paragraph` is an index; anything
    else is validated. `model_construct` costs ~60 % of a validated Quote, which runs `_clean` on all four
    strings; here the text is checked, and the speaker's three by one cached lookup: checking them each, as
    validation does, cost more than validating."""
    if (
        _MAY_SKIP_VALIDATION
        and text
        and paragraph >= 0
        and _plainly_clean(text)
        and _speaker_plainly_clean(speaker, speaker_raw, speaker_role)
    ):
        # (pydantic's own way to build a model from values known to be valid.)
        return Quote.model_construct(
            text=text,
            speaker=speaker,
            speaker_raw=speaker_raw,
            speaker_role=speaker_role,
            kind=kind,
            paragraph=paragraph,
        )
    return Quote(
        text=text, speaker=speaker, speaker_raw=speaker_raw, speaker_role=speaker_role, kind=kind, paragraph=paragraph
    )


@dataclass
class _Found:
    quote: Quote
    offset: int


@dataclass
class _Interruption:
    """Speech interrupted by its attribution: `<speech>, – сказал он[, – <more speech>]`."""

    cut: int  # where the first part of the speech ends (its comma, !, ? or … kept)
    resume: int | None  # where the speech goes on after the attribution, if it does
    full_stop: bool  # the attribution ends its sentence (`… он. – …`): the parts are two quotes
    found: tuple[str | None, str, str | None]


class _Article:
    def __init__(self, paragraphs: tuple[str, ...]) -> None:
        self.paragraphs = paragraphs
        self.spans = find_spans(paragraphs)
        self.quoted: dict[int, list[tuple[int, int]]] = {}
        for span in self.spans:
            for p, a, b in span.pieces:
                self.quoted.setdefault(p, []).append((a - 1, b + 1))
        self._index: SpeakerIndex | None = None
        self._skips: dict[int, tuple[tuple[int, int], ...]] = {}

    @property
    def index(self) -> SpeakerIndex:
        # Built only when a candidate quote needs a speaker: most paragraphs never do.
        if self._index is None:
            self._index = SpeakerIndex(self.paragraphs, self.quoted)
        return self._index

    def skip(self, par: int) -> tuple[tuple[int, int], ...]:
        # One tuple per paragraph, built once: a paragraph of N quotes asks N times.
        found = self._skips.get(par)
        if found is None:
            found = self._skips[par] = tuple(self.quoted.get(par, ()))
        return found

    # --- speakers --------------------------------------------------------------------------

    def speaker(
        self, par: int, start: int, end: int, *, case: str, nearest_last: bool, plural: bool = False
    ) -> tuple[str | None, str, str | None] | None:
        """(speaker, speaker_raw, speaker_role) of the noun phrase text[start:end], or None."""
        text = self.paragraphs[par]
        words: list[Token] | None = None
        if nearest_last:
            words = tokens_between(text, start, end, limit=_MAX_NP_WORDS + 1)
            if not words or len(words) > _MAX_NP_WORDS:
                return None
            edge = words[-1]
        else:
            # The first word and the word count are all most phrases need (they name a person): two regex
            # calls instead of a token per word.
            first = first_token(text, start, end)
            if first is None or more_tokens_than(text, start, end, _MAX_NP_WORDS):
                return None
            edge = first
        index = self.index
        gender = pronoun_gender(edge.text)
        if gender is not None:
            person = index.antecedent(par, edge.start, gender)
            return (person.name if person else None), edge.text, (index.role_of(person) if person else None)
        mentions = index.mentions_in(par, start, end)
        if len(mentions) > 1:
            # `студентка КГУ им. К. Э. Циолковского Анна Иванова`: the speaker is the name in the phrase's
            # case that names no institution.
            speakers = [m for m in mentions if m.case == case and not names_institution(text, m.start)]
            mentions = speakers or mentions
        if mentions:
            m = mentions[-1] if nearest_last else mentions[0]
            raw_start = m.role_start if m.role_start is not None and m.role_start >= start else m.start
            raw_end = m.appos_end if m.appos_end is not None and m.appos_end <= end else m.end
            return m.person.name, text[raw_start:raw_end], index.role_of(m.person)
        if words is None:
            words = tokens_between(text, start, end, limit=_MAX_NP_WORDS + 1)
        return self._unnamed(par, words, case, plural)

    def _unnamed(
        self, par: int, words: list[Token], case: str, plural: bool
    ) -> tuple[str | None, str, str | None] | None:
        """A body (`в отделе …`) or a bare position (`глава района`) with no name."""
        text = self.paragraphs[par]
        # The phrase ends at the first comma outside guillemets.
        depth, cut = 0, len(words)
        for k, t in enumerate(words):
            depth += (t.text == "«") - (t.text == "»")
            if depth <= 0 and t.text in ",;(":
                cut = k
                break
        words = words[:cut]
        while words and not words[-1].text[:1].isalnum() and words[-1].text not in '»"':
            words.pop()
        if not words:
            return None
        raw = text[words[0].start : words[-1].end]
        first = words[0].text.lower()
        if first in _BODY_PREPOSITIONS or plural:
            return None, raw, None
        role = self.index.role_phrase(par, words[0].start, words[-1].end, case)
        if role is None:
            return None, raw, None  # пресс-служба администрации, организаторов, управление …
        person = self.index.by_role(role, par, words[0].start)
        return (person.name if person else None), raw, (self.index.role_of(person) if person else None)

    # --- direct quotes ---------------------------------------------------------------------

    def direct(self, span: Span) -> Quote | None:
        # The attribution first: most spans (names, titles) have none and need no text. (Asking it of a
        # span with no words is harmless: the speaker index answers the same whenever it is asked.)
        found = self._attribution_after(span) or self._attribution_before(span)
        if found is None:
            return None
        text = quoted_text(self.paragraphs, span)
        if not text:
            return None
        speaker, raw, role = found
        return _make_quote(text, speaker, raw, role, kind="direct", paragraph=span.pieces[0][0])

    def _attribution_after(self, span: Span) -> tuple[str | None, str, str | None] | None:
        par = span.end_par
        text = self.paragraphs[par]
        m = _AFTER.match(text, span.end + 1)
        if m is None:
            return None
        rest = m.end()
        dash = "-" in m.group() or "–" in m.group() or "—" in m.group()
        if rest == len(text):
            return self._attribution_on_next_line(par, verb_before=False) if dash else None
        found = self._attribution_from(par, rest, dash=dash)
        if found is not None and self._name_inside_interrupted_sentence(span, rest):
            return None
        return found

    def _name_inside_interrupted_sentence(self, span: Span, rest: int) -> bool:
        """Whether the quotation is a name inside a sentence that its attribution interrupts
        (`Победителями конкурса «Лучший двор», – сообщила Анна Ершова, – стали жители …`): a lower-case word
        right before the opening mark, and `, –` and more of the sentence after the attribution."""
        par = span.par
        text = self.paragraphs[par]
        if span.end_par != par or not _LOWER_WORD_BEFORE.search(text, 0, span.start):
            return False
        stop = sentence_end(text, rest, self.skip(par), within=_ATTRIBUTION_CHARS)
        resumes = _RESUMING_DASH.search(text, rest, stop)
        return resumes is not None and resumes.group(1) == "," and text[resumes.end() : resumes.end() + 1].islower()

    def _attribution_from(self, par: int, rest: int, *, dash: bool) -> tuple[str | None, str, str | None] | None:
        """The attribution that starts at text[rest:], after the quotation's closing mark and dash."""
        text = self.paragraphs[par]
        # The verb comes within a noun phrase and a few adverbs of the dash; a bounded look also keeps a
        # paragraph of a thousand run-together quotes linear (it was scanned to its end per quote).
        stop = sentence_end(text, rest, self.skip(par), within=_ATTRIBUTION_CHARS)
        # Read token by token: most spans (titles followed by `, которая …`) stop at the first word.
        words = iter_tokens(text, rest, stop, limit=_ATTRIBUTION_WINDOW)
        first = next((tok for tok in words if tok.text.lower() not in _ADVERBS), None)
        if first is None:
            return None
        verb = morph.speech_verb(first.text)
        if verb is not None:
            if _REPORTED_THAT.match(text, first.end):
                return None
            if first.end == len(text):
                return self._attribution_on_next_line(par, verb_before=True, plural=verb[0])
            return self._speaker_after_verb(par, first.text, first.end, stop, verb[0])
        if not dash or first.text in ",;:«":
            return None
        for tok in words:
            if tok.text in ",;:«":
                return None
            verb = morph.speech_verb(tok.text)
            if verb is not None:
                if _REPORTED_THAT.match(text, tok.end):
                    return None
                return self._named_before_verb(par, first.start, tok.start, verb[0])
        return None

    def _attribution_on_next_line(
        self, par: int, *, verb_before: bool, plural: bool = False
    ) -> tuple[str | None, str, str | None] | None:
        """The attribution a line break cut after its dash (`«…», –` / `сказала она.`) or after its verb
        (`«…», – сказала` / `она.`): it goes on in the next paragraph, which then opens in lower case."""
        nxt = par + 1
        if nxt >= len(self.paragraphs) or not self.paragraphs[nxt][:1].islower():
            return None
        if not verb_before:
            return self._attribution_from(nxt, 0, dash=True)
        stop = sentence_end(self.paragraphs[nxt], 0, self.skip(nxt), within=_ATTRIBUTION_CHARS)
        return self.speaker(nxt, 0, stop, case="nomn", nearest_last=False, plural=plural)

    def _speaker_after_verb(
        self, par: int, verb: str, start: int, end: int, plural: bool
    ) -> tuple[str | None, str, str | None] | None:
        """Speaker written after its verb, in text[start:end]. After a verb of asking or addressing, the
        person asked (`у главы района Ивана Петрова`, `к главе района`) is no speaker: the speaker is the
        rest of the phrase (`спросили мы у …` → `мы`; `поинтересовалась у … жительница улицы Ленина`)."""
        preps = morph.addressee_prepositions(verb)
        if preps:
            bounds = self._without_addressee(par, start, end, preps)
            if bounds is None:
                return None
            start, end = bounds
        return self.speaker(par, start, end, case="nomn", nearest_last=False, plural=plural)

    def _without_addressee(self, par: int, start: int, end: int, preps: tuple[str, ...]) -> tuple[int, int] | None:
        """text[start:end] without its `<preposition> <addressee>` phrase: the words before the preposition if
        there are any, else those after the addressee (a person's name and position, or the genitive or
        dative words that follow the preposition); None when nothing is left."""
        text = self.paragraphs[par]
        words = tokens_between(text, start, end, limit=_MAX_NP_WORDS + 1)
        for k, tok in enumerate(words):
            if tok.text in ",;:(":
                break
            if tok.text.lower() not in preps:
                continue
            if any(w.text[:1].isalpha() for w in words[:k]):
                return start, tok.start
            rest = words[k + 1 :]
            if not rest:
                return None
            addressee_end: int | None = None
            for m in self.index.mentions_in(par, rest[0].start, end):
                if (m.role_start if m.role_start is not None else m.start) == rest[0].start:
                    addressee_end = m.appos_end if m.appos_end is not None else m.end
                    break
            if addressee_end is None:
                j = 0
                while j < len(rest) and rest[j].text[:1].isalpha() and _oblique(rest[j].text):
                    j += 1
                addressee_end = rest[j - 1].end if j else tok.end
            left = [w for w in rest if w.start >= addressee_end]
            if not any(w.text[:1].isalpha() for w in left):
                return None
            return left[0].start, end
        return start, end

    def _named_before_verb(
        self, par: int, start: int, end: int, plural: bool
    ) -> tuple[str | None, str, str | None] | None:
        """Speaker written before the verb: it must be a person, a pronoun or a body."""
        found = self.speaker(par, start, end, case="nomn", nearest_last=True, plural=plural)
        if found is None:
            return None
        if found[0] is None and not plural and not pronoun_gender(found[1]):
            first = found[1].split()[0].lower()
            if first not in _BODY_PREPOSITIONS:
                return None
        return found

    def _attribution_before(self, span: Span) -> tuple[str | None, str, str | None] | None:
        par, start = span.par, span.start
        text = self.paragraphs[par]
        if text[:start].strip():
            m = _COLON_BEFORE.search(text, 0, start)
            if m is None:
                return None
            colon = m.start()
        elif par > 0 and self.paragraphs[par - 1].rstrip().endswith(":"):
            par -= 1
            text = self.paragraphs[par]
            colon = len(text.rstrip()) - 1
        else:
            return None
        if _TITLE_LIST_NEXT.match(self.paragraphs[span.end_par], span.end + 1):
            return None  # `адреса пунктов: «Школа № 1», «Дом культуры»`: a list of names, not speech
        clause_start = sentence_start_before(text, colon, self.skip(par))
        for _a, b in self.quoted.get(par, ()):
            # a quote earlier in the sentence with its own attribution (`«…», – сказал он и добавил:`)
            if clause_start < b <= colon and text[b:colon].lstrip().startswith((",", "–", "—", "-")):
                clause_start = b
        clause = text[clause_start:colon]
        lead = len(clause) - len(clause.lstrip(" ,–—-"))
        clause_start += lead
        m = _PO_SLOVAM.match(text, clause_start)
        if m is not None and m.end() <= colon:
            if m.group("pron"):
                return self.speaker(par, m.start("pron"), m.end("pron"), case="gent", nearest_last=False)
            return self.speaker(par, m.end(), colon, case="gent", nearest_last=False)
        words = tokens_between(text, clause_start, colon)
        for k in range(len(words) - 1, -1, -1):
            verb = morph.speech_verb(words[k].text)
            if verb is None:
                continue
            if any(morph.likeliest_infinitive(w.text) for w in words[k + 1 :]):
                return None  # `предложил принять участие в акциях: «…», «…»`: the colon opens the infinitive's object
            plural = verb[0]
            before = (
                self.speaker(par, clause_start, words[k].start, case="nomn", nearest_last=True, plural=plural)
                if k > 0
                else None
            )
            after = (
                self._speaker_after_verb(par, words[k].text, words[k].end, colon, plural)
                if k + 1 < len(words)
                else None
            )
            # A named person or a pronoun wins; then a body or position before the verb, if that
            # stretch is a plain noun phrase (no other verb in it).
            for found in (before, after):
                if found is not None and (found[0] is not None or pronoun_gender(found[1])):
                    return found
            if before is not None and not any(morph.is_verbal(w.text) for w in words[:k] if w.text[:1].isalpha()):
                return before
            return after
        found = self._named_heading(par, clause_start, colon, words)
        if found is not None and not self._heading_introduces_speech(par, span):
            return None  # `Руководитель кружка Анна Ершова: «Умелые руки»`: a name after the colon
        return found

    def _named_heading(
        self, par: int, start: int, colon: int, words: list[Token]
    ) -> tuple[str | None, str, str | None] | None:
        """Speaker of a colon with no speech verb before it: the words from the sentence start to the colon
        must be one person's name, with the position before it or an apposition after it, and nothing else
        (`Глава города Иван Петров: «…»`); `Адрес: «…»` or `Итоги конкурса «…»: «…»` name no one."""
        if not words or len(words) > _MAX_HEADING_WORDS or not words[-1].text[:1].isalpha():
            return None
        for m in self.index.mentions_in(par, start, colon):
            raw_start = m.role_start if m.role_start is not None else m.start
            raw_end = m.appos_end if m.appos_end is not None else m.end
            if raw_start == words[0].start and raw_end == words[-1].end and not m.in_quote:
                return m.person.name, self.paragraphs[par][raw_start:raw_end], self.index.role_of(m.person)
        return None

    def _heading_introduces_speech(self, par: int, span: Span) -> bool:
        """Whether a `<position> <name>: «…»` line (no speech verb; its colon in paragraph `par`) quotes the
        person rather than lists a work of theirs (an essay, a painting, a book, a talk). Not an item of a
        list (the paragraph before ends with `:` or `;`), not followed by more than a full stop and a new
        sentence (`«Город просыпается» (холст, масло).`, `…»;`), and the words make a statement."""
        if par > 0 and self.paragraphs[par - 1].rstrip().endswith((":", ";")):
            return False
        if not _HEADING_QUOTE_TAIL.match(self.paragraphs[span.end_par], span.end + 1):
            return False
        return self._reads_as_a_statement(quoted_text(self.paragraphs, span))

    @staticmethod
    def _reads_as_a_statement(text: str) -> bool:
        """Whether quoted words make a statement rather than a title (`«Умелые руки»`, `«Город просыпается»`,
        `«Обнинск — первый наукоград»`, `«Как изменился город?»`): a predicate (a finite verb, a short form,
        or a dash before `это`) and more than a title's few words: at least four, or a first- or
        second-person word, or a sentence ending inside. A `!`/`?` or a dash alone is no sign."""
        tokens = tokens_between(text, 0, len(text))
        words = [w.text.lower() for w in tokens if w.text[:1].isalpha()]
        if not (_COPULA_ETO.search(text) or any(morph.likeliest_pos(w) in _PREDICATE_POS for w in words)):
            return False
        return (
            len(words) >= _MIN_STATEMENT_WORDS
            or bool(_PERSONAL_WORDS.intersection(words))
            or bool(_INNER_SENTENCE_END.search(text))
        )

    # --- speech interrupted by its attribution -------------------------------------------

    def interrupted(self, span: Span) -> list[Quote]:
        """`«<speech>, – сказал он, – <speech>»`: a quotation with its attribution inside the marks. One
        quote when the attribution ends with a comma, two when it ends its sentence (`… он. – …`)."""
        par, a, b = span.pieces[0]
        if _INTERRUPTING_DASH.search(self.paragraphs[par], a, b) is None:
            return []  # most quotations without an attribution are titles, and hold no such dash
        found = self._interruption(par, a, b, resume_needed=True)
        if found is None or found.resume is None:
            return []
        first = Span(par, a, pieces=[(par, a, found.cut)])
        rest = Span(par, a, pieces=[(par, found.resume, b), *span.pieces[1:]])
        parts = [first, rest] if found.full_stop else [Span(par, a, pieces=first.pieces + rest.pieces)]
        return self._interrupted_quotes(par, [quoted_text(self.paragraphs, part) for part in parts], found)

    def dialogue(self, par: int) -> list[Quote]:
        """`– <speech>, – сказала она[, – <speech>]`: a line of dialogue, with no quotation marks."""
        text = self.paragraphs[par]
        m = _DIALOGUE_DASH.match(text)
        if m is None:
            return []
        first = first_token(text, m.end(), len(text))
        if first is None or morph.speech_verb(first.text) is not None:
            return []  # `– сказал он.`: the tail of a quotation split over paragraphs, no line of speech
        opening = first.text in _OPENING_MARKS
        if not first.text[:1].isalnum() and not opening:
            return []
        # Only the first interrupting dash: a line that goes on past one (`– Сколько? – Триста, – ответила
        # она.`) holds two speakers' words.
        found = self._interruption(par, m.end(), len(text), resume_needed=False, tries=1)
        if found is None:
            return []
        if opening:
            # `– «Народный бюджет» – это …, – ответил он.`: a name in marks that the speech goes on past is part
            # of it; a line that is one quotation (`– «…», – сказала она.`) is that quotation's.
            span = next((sp for sp in self.spans if sp.par == par and sp.start == first.start), None)
            if span is None or span.end_par != par or not any(c.isalnum() for c in text[span.end + 1 : found.cut]):
                return []
        spoken = [text[m.end() : found.cut]]
        if found.resume is not None:
            rest = text[found.resume :].rstrip()
            rest = rest[:-1] if rest.endswith(".") and not rest.endswith("..") else rest
            spoken = [*spoken, rest] if found.full_stop else [spoken[0] + " " + rest]
        if any(not _balanced_marks(part) for part in spoken):
            return []  # a stray closing mark: part of a quotation that opened elsewhere
        return self._interrupted_quotes(par, [part.strip().rstrip(" ,") for part in spoken], found)

    def _interrupted_quotes(self, par: int, texts: list[str], found: _Interruption) -> list[Quote]:
        speaker, raw, role = found.found
        return [_make_quote(t, speaker, raw, role, kind="direct", paragraph=par) for t in texts if t]

    def _interruption(
        self, par: int, start: int, end: int, *, resume_needed: bool, tries: int = _MAX_INTERRUPTIONS
    ) -> _Interruption | None:
        """The first dash in text[start:end] that interrupts speech for an attribution (a speech verb right
        after it, or a speaker and then the verb), and where the speech resumes."""
        text = self.paragraphs[par]
        for k, m in enumerate(_INTERRUPTING_DASH.finditer(text, start, end)):
            if k >= tries:
                break
            words = iter_tokens(text, m.end(), end, limit=_ATTRIBUTION_WINDOW)
            first = next((tok for tok in words if tok.text.lower() not in _ADVERBS), None)
            if first is None:
                continue
            verb_token, verb = first, morph.speech_verb(first.text)
            if verb is None:
                for tok in words:
                    if not tok.text[:1].isalnum() and tok.text not in "№-":
                        break
                    verb = morph.speech_verb(tok.text)
                    if verb is not None:
                        verb_token = tok
                        break
            if verb is None or _REPORTED_THAT.match(text, verb_token.end):
                continue
            stop = sentence_end(text, verb_token.end, self.skip(par), within=_ATTRIBUTION_CHARS)
            resumes = _RESUMING_DASH.search(text, verb_token.end, end)
            if resumes is not None and resumes.start() > stop:
                resumes = None  # a dash in a later sentence
            if resumes is None and resume_needed:
                continue
            attribution_end = resumes.start() if resumes is not None else stop
            if verb_token is first:
                found = self._speaker_after_verb(par, first.text, first.end, attribution_end, verb[0])
            else:
                found = self._named_before_verb(par, first.start, verb_token.start, verb[0])
            if found is None:
                continue
            return _Interruption(
                cut=m.start() + 1,
                resume=resumes.end() if resumes is not None else None,
                full_stop=resumes is not None and resumes.group(1) == ".",
                found=found,
            )
        return None

    # --- indirect quotes -------------------------------------------------------------------

    def indirect(self, par: int) -> list[_Found]:
        text = self.paragraphs[par]
        if ("слов" not in text and "ак " not in text) or not _INDIRECT_LEAD.search(text):
            return []
        skip = self.skip(par)
        out: list[_Found] = []
        for s, end in sentences(text, skip):
            if any(a <= s < b for a, b in skip):
                continue
            found = self._indirect_at(par, text, s, end)
            if found is not None:
                out.append(_Found(found, s))
        return out

    def _indirect_at(self, par: int, text: str, s: int, end: int) -> Quote | None:
        """The indirect quote of the sentence text[s:end] (`end` is where `sentence_end` puts it), if any."""
        m = _PO_SLOVAM.match(text, s)
        m_kak = _KAK.match(text, s) if m is None else None
        if m is None and m_kak is None:
            return None  # most sentences start otherwise
        if m is not None:
            if m.group("pron"):
                comma = m.end()
                if text[comma : comma + 1] != ",":
                    return None
                found = self.speaker(par, m.start("pron"), m.end("pron"), case="gent", nearest_last=False)
                return self._indirect_quote(par, text, comma, end, found)
            np_start = m.end()
            first = self._first_comma(text, np_start, end)
            if first is None:
                return None
            found, comma = self._with_apposition(par, np_start, first, "gent")
            return self._indirect_quote(par, text, comma, end, found)
        m = m_kak
        if m is None:
            return None
        first = self._first_comma(text, m.end(), end)
        if first is None:
            return None
        comma = first
        words = tokens_between(text, m.end(), comma)
        for k, tok in enumerate(words):
            if not tok.text.lower().startswith(_INDIRECT_VERB_STEMS):
                continue
            verb = morph.speech_verb(tok.text)
            if verb is None or tok.text.lower().endswith(("ся", "сь")):
                continue
            if k == 0:
                found, comma = self._with_apposition(par, tok.end, comma, "nomn", verb[0])
            else:
                found = self.speaker(par, words[0].start, tok.start, case="nomn", nearest_last=True, plural=verb[0])
            return self._indirect_quote(par, text, comma, end, found)
        return None

    def _with_apposition(
        self, par: int, np_start: int, comma: int, case: str, plural: bool = False
    ) -> tuple[tuple[str | None, str, str | None] | None, int]:
        """Speaker of text[np_start:comma]; an apposition after the name moves the comma."""
        text = self.paragraphs[par]
        for mention in self.index.mentions_in(par, np_start, comma):
            if mention.appos_end is not None and text[mention.appos_end : mention.appos_end + 1] == ",":
                comma = mention.appos_end
                break
        return self.speaker(par, np_start, comma, case=case, nearest_last=False, plural=plural), comma

    @staticmethod
    def _first_comma(text: str, start: int, end: int) -> int | None:
        """The first comma of text[start:end] outside guillemets; None when a colon comes first."""
        depth = 0
        for m in _COMMA_OR_GUILLEMET.finditer(text, start, end):  # the regex skips the letters in C
            ch = m.group()
            if ch == "«":
                depth += 1
            elif ch == "»":
                depth -= 1
            elif depth <= 0:
                return m.start() if ch == "," else None
        return None

    @staticmethod
    def _indirect_quote(
        par: int, text: str, comma: int, end: int, found: tuple[str | None, str, str | None] | None
    ) -> Quote | None:
        if found is None:
            return None
        clause = text[comma + 1 : end + (0 if end >= len(text) or text[end] == "." else 1)].strip()
        if not clause:
            return None
        speaker, raw, role = found
        return _make_quote(clause, speaker, raw, role, kind="indirect", paragraph=par)


def _oblique(word: str) -> bool:
    """Whether `word` has a genitive or dative reading (the case of an addressee after `у` or `к`)."""
    return morph.any_reading([word], "gent") or morph.any_reading([word], "datv")


def _balanced_marks(text: str) -> bool:
    """Whether `text` closes no quotation it did not open (guillemets paired, no other mark)."""
    return text.count("«") == text.count("»") and not any(mark in text for mark in '„“”"')


def extract_quotes(paragraphs: Sequence[str]) -> list[Quote]:
    """The quotes of an article body, in order of appearance (RECORD.md, "Quote")."""
    article = _Article(tuple(paragraphs))
    found: list[tuple[int, int, Quote]] = []
    seen: dict[int, int] = {}
    for span in article.spans:
        seen[span.par] = seen.get(span.par, 0) + 1
        if seen[span.par] > MAX_QUOTES_PER_PARAGRAPH:
            continue
        quote = article.direct(span)
        if quote is not None:
            found.append((span.par, span.start, quote))
        elif interrupted := article.interrupted(span):
            found.extend((span.par, span.start, q) for q in interrupted)
    dialogue: set[int] = set()  # lines of dialogue: the quotations inside them are their words, no quotes
    for par, text in enumerate(article.paragraphs):
        if "слов" in text or "ак " in text:  # (`indirect` asks it first: most paragraphs stop here)
            for item in article.indirect(par):
                found.append((par, item.offset, item.quote))
        if text[:1] in _DIALOGUE_OPENERS:  # (a cheap look: most paragraphs open otherwise)
            for line_quote in article.dialogue(par):
                found.append((par, -1, line_quote))
                dialogue.add(par)
    if dialogue:
        found = [f for f in found if f[0] not in dialogue or f[1] < 0 or f[2].kind == "indirect"]
    found.sort(key=lambda f: (f[0], f[1]))
    return [q for _, _, q in found]
