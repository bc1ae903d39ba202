"""The quote layer's fast paths agree with the general paths they stand in for (random inputs, fixed
seeds): a Quote built without validation (its speaker's fields checked by one cached lookup) is the
validated one, and fails where validation fails; the speaker scan finds the mentions, persons and roles
the scan written before its fast paths found, and the regexes it seeks words with (a capital sought as
the range Ё-Я, then kept when it is one of А-Я and Ё) find the words the [А-ЯЁ] regexes found;
`tokens_between` finds the tokens, offsets included, that reading match by match finds, and
`first_token` and `more_tokens_than` answer what its list answers; `_first_comma` finds the comma
that reading character by character finds; `find_spans`, reading guillemets with `find`, finds the
spans that reading every mark with a regex finds, and `quoted_text` of a one-piece span is what
joining its pieces gives; `sentence_end` and `sentences`, going from full stop to full stop with
`find` and reading the word before one with `rstrip`, end the sentences the regexes ended."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path
from typing import Literal

import pytest
from pydantic import ValidationError

from pressharvest.models import Quote
from pressharvest.text import quote_marks, quote_text, speakers
from pressharvest.text import quote_morph as morph
from pressharvest.text.quote_marks import Span, find_spans, quoted_text
from pressharvest.text.quote_text import (
    _TOKEN,
    Token,
    first_token,
    more_tokens_than,
    sentence_end,
    sentence_starts,
    sentences,
    tokens_between,
)
from pressharvest.text.quotes import _Article, _make_quote
from pressharvest.text.speakers import Mention, SpeakerIndex

CORPUS = Path(__file__).with_name("corpus.jsonl")

_PLAIN = ["а", "Б", "ё", "е", "z", "7", "«", "»", ",", "–", " "]
# What `clean_text` changes or the validators refuse: a no-break space, a soft hyphen, a zero-width
# space, a combining accent (not NFC after `е`), a newline, a tab; runs of spaces come from _PLAIN.
_UNCLEAN = ["\u00a0", "\u00ad", "\u200b", "\u0301", "\n", "\t"]


def _string(rnd: random.Random) -> str:
    return "".join(
        rnd.choice(_UNCLEAN) if rnd.random() < 0.02 else rnd.choice(_PLAIN) for _ in range(rnd.randint(0, 12))
    )


def _optional(rnd: random.Random) -> str | None:
    return None if rnd.random() < 0.3 else _string(rnd)


def test_quote_without_validation_is_the_validated_quote() -> None:
    rnd = random.Random(20261127)
    built = refused = 0
    for _ in range(20_000):
        kind: Literal["direct", "indirect"] = rnd.choice(["direct", "indirect"])
        text, speaker, raw, role = _string(rnd), _optional(rnd), _string(rnd), _optional(rnd)
        paragraph = rnd.randint(-2, 40)
        try:
            expected = Quote(
                text=text, speaker=speaker, speaker_raw=raw, speaker_role=role, kind=kind, paragraph=paragraph
            )
        except ValidationError:
            with pytest.raises(ValidationError):
                _make_quote(text, speaker, raw, role, kind=kind, paragraph=paragraph)
            refused += 1
            continue
        got = _make_quote(text, speaker, raw, role, kind=kind, paragraph=paragraph)
        assert type(got) is Quote
        assert got == expected and hash(got) == hash(expected)
        assert got.model_dump() == expected.model_dump()
        assert got.model_dump_json() == expected.model_dump_json()
        assert got.__dict__ == expected.__dict__
        assert list(got.__dict__) == list(expected.__dict__)
        assert got.__pydantic_fields_set__ == expected.__pydantic_fields_set__
        assert got.__pydantic_extra__ == expected.__pydantic_extra__
        assert got.__pydantic_private__ == expected.__pydantic_private__
        with pytest.raises(ValidationError):
            got.text = "x"  # frozen, as validated quotes are
        built += 1
    assert built > 1000 and refused > 1000  # both branches exercised


# fmt: off
# --- the speaker scan ------------------------------------------------------------------------------

_FIRST_NAMES = [
    "Иван", "Ивана", "Иваном", "Ивану", "Мария", "Марии", "Марией", "Саша", "Саши", "Сашей", "Женя", "Жени",
    "Александр", "Александра", "Александре", "Елена", "Елены", "Еленой", "Никита", "Никиты", "Валя", "Вали",
]
_MIDDLE = ["", "", "Иванович ", "Ивановича ", "Петровна ", "Петровны ", "Сергеевич "]
_SURNAMES = [
    "Петров", "Петрова", "Петровой", "Петровым", "Кречетова", "Кречетовой", "Седых", "Римский-Корсаков",
    "Пономарёв", "Пономарева", "Лесной", "Лесного", "Гайдамак", "Шевченко", "Ким", "Иванов",
]
_CONTEXT = [
    "По словам", "по словам", "глава района", "главы района", "заместителя главы администрации –",
    "министр образования", "министра образования", "начальник управления", "отметил", "сказала", "рассказал",
    "«Мы завершили ремонт»,", "– отметила", "он", "она", "в отделе культуры", ",", ".", ":", "и", "с",
    "А. Петров", "Петрову", "Петрова", "Сашу", "г. Калуга", "(", ")", "«Точка роста»", "Калуга", "Кроме того,",
]
# fmt: on


def _name(rnd: random.Random) -> str:
    return f"{rnd.choice(_FIRST_NAMES)} {rnd.choice(_MIDDLE)}{rnd.choice(_SURNAMES)}"


def _paragraph(rnd: random.Random, corpus: list[str]) -> str:
    words: list[str] = []
    for _ in range(rnd.randint(1, 14)):
        pick = rnd.random()
        if pick < 0.3:
            words.append(_name(rnd))
        elif pick < 0.8:
            words.append(rnd.choice(_CONTEXT))
        else:
            source = rnd.choice(corpus).split()
            k = rnd.randrange(len(source))
            words.append(" ".join(source[k : k + rnd.randint(1, 6)]))
        if rnd.random() < 0.2:
            words.append(rnd.choice([",", ".", ", –", ":"]))
    return " ".join(words).replace(" ,", ",").replace(" .", ".").replace(" :", ":").strip()


# The words that may start a mention as sought before the capital was sought as one range (Ё-Я).
_REFERENCE_WORD_START = r"[А-ЯЁ](?<!-.)(?<![^\W_].)"
_REFERENCE_MAY_START_FULL_NAME = re.compile(
    _REFERENCE_WORD_START + r"(?:(?=\.)|" + speakers._WORD_REST + r"(?= [^а-яё]))"
)
_REFERENCE_MAY_START_MENTION = re.compile(_REFERENCE_WORD_START + r"(?:(?=\.)|" + speakers._WORD_REST + r"(?![^\W_]))")


class _ReferenceIndex(SpeakerIndex):
    """The scan as written before its fast paths: `_full_name` ranks every reading of the name afresh, and
    `_scan_paragraph` steps through every word the regex finds, skipping those inside a mention."""

    def _scan_paragraph(self, par: int, text: str) -> None:
        taken: list[tuple[int, int]] = []
        resume = pos = 0
        while True:
            regex = _REFERENCE_MAY_START_MENTION if self.by_surname else _REFERENCE_MAY_START_FULL_NAME
            m = regex.search(text, pos)
            if m is None:
                break
            start, end = m.span()
            pos = end
            if start < resume:
                continue
            word = m.group()
            mention: Mention | None = None
            if len(word) == 1:
                if text[end : end + 1] == ".":
                    initials = speakers._INITIALS.match(text, start)
                    if initials is not None:
                        mention = self._initials(par, text, initials, taken)
            else:
                if text[end : end + 1] == " " and text[end + 1 : end + 2].isupper() and morph.first_name_readings(word):
                    mention = self._full_name(par, text, m, taken)
                if mention is None and self.by_surname and word.lower() in self.by_surname:
                    mention = self._bare_surname(par, text, m, taken)
            if mention is not None:
                self._mentions.append(mention)
                resume = mention.end

    def _full_name(self, par: int, text: str, m: re.Match[str], taken: list[tuple[int, int]]) -> Mention | None:
        readings = morph.first_name_readings(m.group())
        if not readings:
            return None
        nxt = speakers._NEXT_CAPITALISED.match(text, m.end())
        if nxt is None:
            return None
        if morph.is_patronymic(nxt.group(1)):
            patronymic_end = nxt.end()
            nxt = speakers._NEXT_CAPITALISED.match(text, patronymic_end)
            if nxt is None:
                return self._first_and_patronymic(par, text, m, patronymic_end, taken)
        surname = nxt.group(1)
        options: list[morph.Reading] = []
        for r in readings:
            if r.gender in ("masc", "femn"):
                options.append(r)
            else:
                options += [morph.Reading(r.case, "masc", r.score / 2), morph.Reading(r.case, "femn", r.score / 2)]
        window = self._role_window(text, m.start(), taken)
        after_po_slovam = text[max(0, m.start() - 7) : m.start()].lower() == "словам " or bool(
            speakers._PO_SLOVAM_PHRASE.match(text, window, m.start())
        )
        if after_po_slovam:
            options = [r for r in options if r.case == "gent"] or options
        best: tuple[tuple[int, int, float, int], morph.Reading, str] | None = None
        roles: dict[str, tuple[int, str | None] | None] = {}
        for r in options:
            sur_nom, sure = morph.surname_nominative(surname, r.case, r.gender, self.keep_yo)
            if r.case not in roles:
                roles[r.case] = self._role_before(text, m.start(), r.case, taken, window=window)
            has_role = roles[r.case] is not None
            rank = (int(has_role), int(sure), r.score, -morph.CASES.index(r.case))
            if best is None or rank > best[0]:
                best = (rank, r, sur_nom)
        assert best is not None
        _, reading, sur_nom = best
        first = morph.first_name_nominative(m.group(), reading.case, reading.gender, self.keep_yo)
        person = self._register(first, sur_nom, reading.gender)
        role = roles[reading.case]
        if role is None and after_po_slovam and reading.case != "nomn":
            role = self._role_before(text, m.start(), "nomn", taken, window=window)
        return self._mention(par, text, (m.start(), nxt.end()), person, case=reading.case, taken=taken, before=role)


def _scanned(index: SpeakerIndex) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], dict[str, str]]:
    mentions = [(m.par, m.start, m.end, m.person.name, m.role_start, m.appos_end, m.in_quote) for m in index.mentions]
    persons = [(p.name, p.surname, p.gender, p.role, p.surname_forms) for p in index.persons.values()]
    return mentions, persons, {form: p.name for form, p in index.by_surname.items()}


def test_speaker_scan_finds_what_the_reference_scan_finds() -> None:
    corpus = [p for line in CORPUS.read_text(encoding="utf-8").splitlines() for p in json.loads(line)["paragraphs"]]
    rnd = random.Random(1127)
    articles = [[rnd.choice(corpus) for _ in range(rnd.randint(1, 6))] for _ in range(300)]
    articles += [[_paragraph(rnd, corpus) for _ in range(rnd.randint(1, 6))] for _ in range(1500)]
    mentions = 0
    for paragraphs in articles:
        article = tuple(paragraphs)
        quoted = _Article(article).quoted
        got, expected = _scanned(SpeakerIndex(article, quoted)), _scanned(_ReferenceIndex(article, quoted))
        assert got == expected, article
        mentions += len(got[0])
    assert mentions > 3000


def test_words_that_may_start_a_mention_are_the_ones_the_reference_regexes_find() -> None:
    # Ђ-Џ lie inside the range Ё-Я and are no capitals of the scan; the rest tries the lookbehinds and the word.
    characters = [*"АЯЁЖаяёж", *(chr(c) for c in range(0x400, 0x411)), *"-. ,_7Qq", "\u0430\u0301"]
    rnd = random.Random(2711)
    found = 0
    for _ in range(20_000):
        text = "".join(rnd.choice(characters) for _ in range(rnd.randint(0, 24)))
        for fast, reference in (
            (speakers._MAY_START_FULL_NAME, _REFERENCE_MAY_START_FULL_NAME),
            (speakers._MAY_START_MENTION, _REFERENCE_MAY_START_MENTION),
        ):
            expected = [m.span() for m in reference.finditer(text)]
            assert [m.span() for m in fast.finditer(text)] == expected, text
            pos = rnd.randint(0, len(text))
            got, want = fast.search(text, pos), reference.search(text, pos)
            assert (got and got.span()) == (want and want.span()), (text, pos)
            found += len(expected)
    assert found > 2_000


# --- tokens ------------------------------------------------------------------------------------------

# Letters of both alphabets, digits, both hyphens, what `\s` matches, punctuation, `_` (a \w that no word holds).
_TOKEN_CHARACTERS = [*"аЯёЁzQ7-‐  ,.«»—é_", "\u00a0", "\t", "\n"]


def test_tokens_between_finds_what_matching_one_by_one_finds() -> None:
    rnd = random.Random(2711)
    for _ in range(20_000):
        text = "".join(rnd.choice(_TOKEN_CHARACTERS) for _ in range(rnd.randint(0, 60)))
        if rnd.random() < 0.1:
            text *= 30  # longer than the limited calls read whole
        start, end = sorted(rnd.randint(0, len(text)) for _ in range(2))
        limit = rnd.choice([None, None, 1, 3, 26])
        matches = itertools.islice(_TOKEN.finditer(text, start, end), limit)
        expected = [Token(m.start(), m.end(), m.group()) for m in matches]
        got = tokens_between(text, start, end, limit)
        assert got == expected and all(type(t) is Token for t in got), (text, start, end, limit)
        every = tokens_between(text, start, end)
        assert first_token(text, start, end) == (every[0] if every else None)
        n = rnd.choice([0, 1, 2, 5, 25, len(every) - 1, len(every), len(every) + 1])
        if n >= 0:
            assert more_tokens_than(text, start, end, n) == (len(every) > n), (text, start, end, n)


def _first_comma_by_characters(text: str, start: int, end: int) -> int | None:
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth -= 1
        elif ch == "," and depth <= 0:
            return i
        elif ch == ":" and depth <= 0:
            return None
    return None


def test_first_comma_is_the_one_reading_character_by_character_finds() -> None:
    rnd = random.Random(3011)
    found = 0
    for _ in range(20_000):
        text = "".join(rnd.choice("аб ,:«»—.") for _ in range(rnd.randint(0, 30)))
        start, end = sorted(rnd.randint(0, len(text)) for _ in range(2))
        expected = _first_comma_by_characters(text, start, end)
        assert _Article._first_comma(text, start, end) == expected, (text, start, end)
        found += expected is not None
    assert found > 4000


# --- quoted spans ------------------------------------------------------------------------------------


_SCAN = quote_marks._scan


def _scan_by_regex(text: str, start: int, opener: str, depth: int) -> tuple[int, int]:
    if opener == "«":
        for m in re.finditer(r"[«»]", text[start:]):
            depth += 1 if m.group() == "«" else -1
            if depth == 0:
                return start + m.start(), 0
        return -1, depth
    return _SCAN(text, start, opener, depth)


def _spans_by_regex(paragraphs: list[str]) -> list[Span]:
    """`find_spans` as written before reading guillemets with `find`: every mark found by the regex."""
    spans: list[Span] = []
    p = 0
    while p < len(paragraphs):
        text = paragraphs[p]
        i = 0
        while (m := quote_marks._MARKS.search(text, i)) is not None:
            i = m.start()
            if m.group() in "«„“" or (m.group() == '"' and quote_marks._straight_opens(text, i)):
                span, next_p, next_i = quote_marks._follow(paragraphs, p, i)
                if span is not None:
                    spans.append(span)
                if next_p != p:
                    p, text = next_p, paragraphs[next_p]
                i = next_i
                continue
            i += 1
        p += 1
    return spans


def test_spans_read_with_find_are_the_spans_read_with_the_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(2611)
    articles = []
    for _ in range(4000):
        marks = "«»" if rnd.random() < 0.6 else '«»„“”"'
        articles.append(
            [
                "".join(rnd.choice("аб ,." + marks * 2) for _ in range(rnd.randint(0, 20)))
                for _ in range(rnd.randint(1, 5))
            ]
        )
    got = [[(s.par, s.start, s.end_par, s.end, s.pieces) for s in find_spans(a)] for a in articles]
    with monkeypatch.context() as patch:
        patch.setattr(quote_marks, "_scan", _scan_by_regex)
        expected = [[(s.par, s.start, s.end_par, s.end, s.pieces) for s in _spans_by_regex(a)] for a in articles]
    assert got == expected
    assert sum(map(len, got)) > 5000


# --- sentence ends -----------------------------------------------------------------------------------


def _ends_sentence_by_regex(text: str, i: int) -> bool:
    """`_ends_sentence` as written before `_last_word`: the word before a full stop found by a regex."""
    j = i + 1
    while j < len(text) and text[j] in '.!?…»“”")':
        j += 1
    if j >= len(text):
        return True
    nxt = text[j + 1 : j + 2]
    if text[j] != " " or not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in '«„“"(' or nxt in "-–—"):
        return False
    if text[i] != ".":
        return True
    m = re.compile(r"([0-9A-Za-zА-Яа-яЁё-]+)$").search(text, max(0, i - 40), i)
    if m is None:
        return True
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return False
    return word.lower() not in quote_text._NO_BREAK_ABBREVIATIONS


def _sentence_end_by_regex(text: str, start: int, skip: tuple[tuple[int, int], ...], within: int | None) -> int:
    end = len(text) if within is None else min(len(text), start + within)
    for m in re.finditer(r"[.!?…]", text[:end]):
        i = m.start()
        if i >= start and not any(a <= i < b for a, b in skip) and _ends_sentence_by_regex(text, i):
            return i
    return end


def test_sentence_ends_are_the_ones_the_regexes_found() -> None:
    rnd = random.Random(2811)
    pieces = [*"аб Ав Гд т.е. ул. г. А. 7 ", *'.!?…»«"()\n-–', " Ул", " т", " Е", " пр", " ЕГЭ", "ё", "Q"]
    ended = 0
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        count = min(len(text) + 1, rnd.choice([0, 0, 1, 2, 6]))
        skip = tuple(sorted((a, a + rnd.randint(1, 6)) for a in rnd.sample(range(len(text) + 1), count)))
        start = rnd.randint(0, len(text))
        within = rnd.choice([None, None, 3, 10])
        expected = _sentence_end_by_regex(text, start, skip, within)
        assert sentence_end(text, start, skip, within) == expected, (text, start, skip, within)
        ended += expected < len(text)
        starts = sentence_starts(text, skip)
        assert sentences(text, skip) == [(s, _sentence_end_by_regex(text, s, skip, None)) for s in starts]
    assert ended > 5000


def test_quoted_text_of_one_piece_is_the_joined_text() -> None:
    rnd = random.Random(1211)
    for _ in range(20_000):
        paragraphs = ["".join(rnd.choice("аб ,.«»") for _ in range(rnd.randint(0, 12))) for _ in range(3)]
        p = rnd.randrange(3)
        a, b = sorted(rnd.randint(0, len(paragraphs[p])) for _ in range(2))
        span = Span(p, max(0, a - 1), p, b, [(p, a, b)])
        parts = [paragraphs[q][x:y].strip() for q, x, y in span.pieces]
        assert quoted_text(paragraphs, span) == " ".join(part for part in parts if part).rstrip(" ,").strip()
