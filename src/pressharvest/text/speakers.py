"""People named in an article: who they are (nominative "Имя Фамилия"), their position, and
whom a pronoun or a bare surname refers to.

One pass over the paragraphs, in order, finds every person mention:

* a first name (pymorphy's `Name` tag) followed by a capitalised surname, optionally with a
  patronymic between them; the case and gender come from the first name, narrowed by the context
  (`по словам` → genitive; a position noun before the name → its case), and both words are put into
  the nominative with pymorphy's `inflect` (see quote_morph);
* initials and a surname (`А. Рябинин`, `А.В. Рябинин`);
* a bare surname, in any case, of someone already named in full.

The position (`speaker_role`) is read around a full mention. Before the name: walking left from
the name over the noun phrase (it stops at punctuation, verbs and other names), the position starts
at the leftmost animate noun in the name's case (`заместителя` in `По словам заместителя главы
администрации …`) together with its agreeing adjectives (`главного врача`); only these head words
are put into the nominative, the dependent tail stays as written. After the name: an apposition
`Имя Фамилия, начальник управления …` up to the next comma or full stop. A person's role is the
first one the article gives; it travels with every later mention, pronoun or bare surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from pressharvest.text import quote_morph as morph
from pressharvest.text.quote_text import Token, tokens_between

_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*"
# Capitalised words, single letters included (initials); what precedes is checked in Python.
_CAPITALISED = re.compile(r"[А-ЯЁ][а-яё]*(?:-[А-ЯЁ][а-яё]+)*")
_NEXT_CAPITALISED = re.compile(r" (" + _WORD + r")(?![\w-])")
_INITIALS = re.compile(r"([А-ЯЁ])\.\s?(?:[А-ЯЁ]\.\s?)?(?P<surname>" + _WORD + r")")
# The capitalised words that may start a mention, each read as `_CAPITALISED` reads it: an initial
# before its full stop, or a word not run into letters or a hyphen, followed by a space and no lower-
# case letter while no one is named yet (a full name needs a second word), else any such word (a bare
# surname). Most words are not, and the regex skips them in C. The capital comes first so that the
# engine jumps from capital to capital; the lookbehinds then look at the character before it. The capital
# is sought as one range, Ё-Я (U+0401-U+042F), and the first lookbehind keeps А-Я and Ё: the engine tests
# every character of the text against the first class, and one range costs less than a range and a letter.
_WORD_START = r"[Ё-Я](?<=[А-ЯЁ])(?<!-.)(?<![^\W_].)"
_WORD_REST = r"(?>[а-яё]*(?:-[А-ЯЁ][а-яё]+)*)"
_MAY_START_FULL_NAME = re.compile(_WORD_START + r"(?:(?=\.)|" + _WORD_REST + r"(?= [^а-яё]))")
_MAY_START_MENTION = re.compile(_WORD_START + r"(?:(?=\.)|" + _WORD_REST + r"(?![^\W_]))")
# Punctuation that ends a position phrase: walking left from a name never crosses it.
# A full stop ends a phrase unless it ends a place abbreviation inside it (директор школы № 2 г. Кирова)
# or is one of the two in `и.о.` (исполняющий обязанности), or one of the initials of a name an institution
# bears (школа им. А. С. Пушкина).
_PLACE_ABBREVIATIONS = ("г", "с", "д", "п", "пос", "ул", "им", "обл", "мкр")
_PHRASE_DOT = (
    r"\.(?!(?<=\b[иИ]\.)[оО]\.)(?<!\b[иИ]\.[оО]\.)"
    + "".join(rf"(?<!\b{a}\.)" for a in _PLACE_ABBREVIATIONS)
    + r"(?<!\bим\. [А-ЯЁ]\.)(?<!\bим\. [А-ЯЁ]\. [А-ЯЁ]\.)(?<!\bим\. [А-ЯЁ]\.[А-ЯЁ]\.)"
)
# What comes before a name that an institution bears (`школа им. А. С. Пушкина`, `музей имени …`).
_NAMED_AFTER = re.compile(r"\b(?:им\.|имени)\s*$")
_LAST_PHRASE_STOP = re.compile(r".*(?:[,;:!?()|…\"“”„]|" + _PHRASE_DOT + r"|\s[-–—]\s)", re.S)
_DASH_BEFORE = re.compile(r"\s[-–—]\s$")
_APPOSITION_STOP = re.compile(r"[,;:!?()|]|" + _PHRASE_DOT + r"|\s[-–—]\s")
# A phrase window that opens with `по словам` (the name at its end is genitive).
_PO_SLOVAM_PHRASE = re.compile(r"\s*[Пп]о\s+словам\s")
# Words that end a position phrase when walking left from a name.
_STOP_WORDS = frozenset(["словам", "а", "но", "который", "которая", "которые", "что", "чтобы", "где", "когда", "как"])
_PRONOUNS = {"он": "masc", "она": "femn", "его": "masc", "её": "femn", "ее": "femn"}


def names_institution(text: str, start: int) -> bool:
    """True when the name at `start` is one an institution bears (`им. А. С. Пушкина`, `имени …`)."""
    return _NAMED_AFTER.search(text, max(0, start - 8), start) is not None  # (a bounded look: called per name)


def pronoun_gender(word: str) -> str | None:
    return _PRONOUNS.get(word.lower())


class _Unset:
    """Marks an argument not given where None is a meaningful value."""


_UNSET = _Unset()


@dataclass
class Person:
    name: str
    surname: str
    gender: str | None
    role: str | None
    surname_forms: frozenset[str]


@dataclass
class Mention:
    par: int
    start: int
    end: int
    person: Person
    role_start: int | None  # where the position (or `мама ученика`) phrase before the name starts
    appos_end: int | None  # where the apposition after the name ends
    in_quote: bool
    case: str = "nomn"  # the case the name is written in


class SpeakerIndex:
    """The people of one article, queried by the quote extractor.

    Paragraphs are scanned in order and only as far as a query needs: every query looks at mentions
    up to the paragraph it names, and a paragraph's mentions depend only on the ones before it. A
    person's role is the exception, as a later paragraph may give it: `role_of` then scans on.
    """

    def __init__(self, paragraphs: tuple[str, ...], quoted: dict[int, list[tuple[int, int]]]) -> None:
        self.paragraphs = paragraphs
        self.quoted = quoted
        self.keep_yo = any("ё" in p or "Ё" in p for p in paragraphs)
        self._mentions: list[Mention] = []
        self._mentions_of: list[list[Mention]] = []  # per scanned paragraph
        self.persons: dict[str, Person] = {}
        self.by_surname: dict[str, Person] = {}
        self._registered: Person | None = None  # the person whose forms `by_surname` holds last

    @property
    def mentions(self) -> list[Mention]:
        """Every mention of the article, in order."""
        self._scan_through(len(self.paragraphs) - 1)
        return self._mentions

    def _scan_through(self, par: int) -> None:
        """Scan the paragraphs up to `par` (included) that are not scanned yet."""
        if par < len(self._mentions_of):
            return  # (most queries: scanned already)
        for next_par in range(len(self._mentions_of), min(par + 1, len(self.paragraphs))):
            before = len(self._mentions)
            self._scan_paragraph(next_par, self.paragraphs[next_par])
            self._mentions_of.append(self._mentions[before:])

    # --- queries ---------------------------------------------------------------------------

    def mentions_in(self, par: int, start: int, end: int) -> list[Mention]:
        self._scan_through(par)
        return [m for m in self._mentions_of[par] if start <= m.start and m.end <= end]

    def antecedent(self, par: int, pos: int, gender: str) -> Person | None:
        """The last person of `gender` named outside quotations before (par, pos)."""
        self._scan_through(par)
        for m in reversed(self._mentions):
            if (m.par, m.start) < (par, pos) and not m.in_quote and m.person.gender == gender:
                return m.person
        return None

    def role_of(self, person: Person) -> str | None:
        """The person's role: the first one the article gives, wherever it does."""
        if person.role is None:
            self._scan_through(len(self.paragraphs) - 1)
        return person.role

    def by_role(self, role: str, par: int, pos: int) -> Person | None:
        """The last person named before (par, pos) whose position is `role` (`министр` matches
        `министр образования …` when no one holds exactly `министр`)."""
        self._scan_through(len(self.paragraphs) - 1)  # roles given later count too
        wanted = role.lower()
        before = [m.person for m in reversed(self._mentions) if (m.par, m.start) < (par, pos) and m.person.role]
        for person in before:
            if person.role and person.role.lower() == wanted:
                return person
        for person in before:
            if person.role and person.role.lower().startswith(wanted + " "):
                return person
        return None

    def role_phrase(self, par: int, start: int, end: int, case: str) -> str | None:
        """A bare position phrase (`глава района`) in the nominative, or None."""
        toks = tokens_between(self.paragraphs[par], start, end)
        if not toks or (
            morph.role_head(toks[0].text, case) is None and morph.agreeing_modifier(toks[0].text, case) is None
        ):
            return None
        text = self.paragraphs[par]
        found = _role_from(text, toks, 0, case, toks[-1].end, keep_yo=self.keep_yo)
        return found[1] if found else None

    # --- the scan --------------------------------------------------------------------------

    def _in_quote(self, par: int, pos: int) -> bool:
        quoted = self.quoted.get(par)
        return quoted is not None and any(a <= pos < b for a, b in quoted)

    def _scan_paragraph(self, par: int, text: str) -> None:
        # One pass over the words that may start a mention (a regex per kind of mention costs three).
        taken: list[tuple[int, int]] = []
        pos = 0
        n = len(text)
        while True:
            m = (_MAY_START_MENTION if self.by_surname else _MAY_START_FULL_NAME).search(text, pos)
            if m is None:
                break
            start, end = m.span()
            pos = end
            word = m.group()
            mention: Mention | None = None
            if len(word) == 1:  # an initial: А. Рябинин
                if end < n and text[end] == ".":
                    initials = _INITIALS.match(text, start)
                    if initials is not None:
                        mention = self._initials(par, text, initials, taken)
            else:
                if end + 1 < n and text[end] == " " and text[end + 1].isupper() and morph.first_name_readings(word):
                    mention = self._full_name(par, text, m, taken)
                if mention is None and self.by_surname and word.lower() in self.by_surname:
                    mention = self._bare_surname(par, text, m, taken)
            if mention is not None:
                self._mentions.append(mention)
                # The search goes on after the mention: a word the regex finds never starts inside a mention
                # and ends past it (a mention ends where a word does), so this skips only the mention's words.
                pos = mention.end

    def _register(self, first: str, surname: str, gender: str | None) -> Person:
        name = f"{first} {surname}".strip()
        person = self.persons.get(name)
        if person is None:
            forms = morph.surname_forms(surname, gender) if gender in ("masc", "femn") else frozenset({surname.lower()})
            person = Person(name, surname, gender, None, forms)
            self.persons[name] = person
        if person is not self._registered:  # else `by_surname` maps its forms to it already
            for form in person.surname_forms:  # the latest person with a surname wins a bare mention
                self.by_surname[form] = person
            self._registered = person
        return person

    def _mention(
        self,
        par: int,
        text: str,
        span: tuple[int, int],
        person: Person,
        *,
        case: str,
        taken: list[tuple[int, int]],
        before: tuple[int, str | None] | _Unset | None = _UNSET,
    ) -> Mention:
        start, end = span
        if isinstance(before, _Unset):
            before = self._role_before(text, start, case, taken)
        after = self._role_after(text, end, case)
        role_start = before[0] if before else None
        appos_end = after[0] if after else None
        if person.role is None:
            person.role = before[1] if before and before[1] else (after[1] if after else None)
        taken.append((start, end))
        return Mention(par, start, end, person, role_start, appos_end, self._in_quote(par, start), case)

    def _full_name(self, par: int, text: str, m: re.Match[str], taken: list[tuple[int, int]]) -> Mention | None:
        nxt = _NEXT_CAPITALISED.match(text, m.end())
        if nxt is None:
            return None
        if morph.is_patronymic(nxt.group(1)):
            patronymic_end = nxt.end()
            nxt = _NEXT_CAPITALISED.match(text, patronymic_end)
            if nxt is None:
                return self._first_and_patronymic(par, text, m, patronymic_end, taken)
        name_start = m.start()
        window = self._role_window(text, name_start, taken)
        # `По словам <position> Имя Фамилия`: the name is genitive wherever the position leaves it.
        after_po_slovam = text[max(0, name_start - 7) : name_start].lower() == "словам " or (
            _PO_SLOVAM_PHRASE.match(text, window, name_start) is not None
        )
        options = _name_options(m.group(), nxt.group(1), self.keep_yo, after_po_slovam)
        if not options:
            return None
        if len(options) == 1:  # most names: nothing to rank
            best = options[0]
            role = self._role_before(text, name_start, best.case, taken, window=window)
        else:
            # The position before the name, per case read; the chosen one is handed to `_mention`, which
            # would otherwise look for it again (`taken` does not change in between).
            roles: dict[str, tuple[int, str | None] | None] = {}
            ranked: tuple[tuple[int, int, float, int], _NameOption] | None = None
            for option in options:
                if option.case not in roles:
                    roles[option.case] = self._role_before(text, name_start, option.case, taken, window=window)
                rank = (int(roles[option.case] is not None), int(option.sure), option.score, option.case_rank)
                if ranked is None or rank > ranked[0]:
                    ranked = (rank, option)
            assert ranked is not None
            best = ranked[1]
            role = roles[best.case]
        if role is None and after_po_slovam and best.case != "nomn":
            # `По словам Глава администрации …`: a position some sites leave undeclined.
            role = self._role_before(text, name_start, "nomn", taken, window=window)
        person = self._register(best.first_nominative, best.surname_nominative, best.gender)
        return self._mention(par, text, (name_start, nxt.end()), person, case=best.case, taken=taken, before=role)

    def _first_and_patronymic(
        self, par: int, text: str, m: re.Match[str], end: int, taken: list[tuple[int, int]]
    ) -> Mention | None:
        """`Ольга Сергеевна` with no surname: the person of that first name and gender named before."""
        for r in morph.first_name_readings(m.group()):
            first = morph.first_name_nominative(m.group(), r.case, r.gender, self.keep_yo) + " "
            for old in reversed(self._mentions):
                if old.person.name.startswith(first) and old.person.gender == r.gender:
                    return self._mention(par, text, (m.start(), end), old.person, case=r.case, taken=taken)
        return None

    def _initials(self, par: int, text: str, m: re.Match[str], taken: list[tuple[int, int]]) -> Mention:
        # А. Рябинин / А.В. Рябинин / А. В. Рябинин
        surname, first_initial = m.group("surname"), m.group(1)
        for old in reversed(self._mentions):  # the full name given earlier wins
            if surname.lower() in old.person.surname_forms and old.person.name.startswith(first_initial):
                return self._mention(par, text, m.span(), old.person, case="nomn", taken=taken)
        case, gender = "nomn", morph.surname_gender_guess(surname) or "masc"
        for p in morph.parses(surname):
            if "Surn" in p.tag and p.tag.number == "sing":
                case = str(p.tag.case)
                gender = str(p.tag.gender) if p.tag.gender in ("masc", "femn") else gender
                break
        sur_nom, _ = morph.surname_nominative(surname, case, gender, self.keep_yo)
        person = self._register(text[m.start() : m.start("surname")].strip(), sur_nom, gender)
        return self._mention(par, text, m.span(), person, case=case, taken=taken)

    def _bare_surname(self, par: int, text: str, m: re.Match[str], taken: list[tuple[int, int]]) -> Mention | None:
        person = self.by_surname.get(m.group().lower())
        if person is None:
            return None
        case = "nomn"
        for p in morph.parses(m.group()):
            if "Surn" in p.tag and (p.tag.gender == person.gender or "ms-f" in p.tag):
                case = str(p.tag.case)
                break
        return self._mention(par, text, m.span(), person, case=case, taken=taken)

    # --- positions -------------------------------------------------------------------------

    @staticmethod
    def _role_window(text: str, name_start: int, taken: list[tuple[int, int]]) -> int:
        """Where the words before a name that may hold its position start."""
        last_stop = _LAST_PHRASE_STOP.match(text, 0, name_start)
        window = last_stop.end() if last_stop else 0
        for a, b in taken:
            if window < b <= name_start and not names_institution(text, a):  # (a school's name is in the position)
                window = b
        return window

    def _role_before(
        self, text: str, name_start: int, case: str, taken: list[tuple[int, int]], *, window: int | None = None
    ) -> tuple[int, str | None] | None:
        """(start offset, nominative role) of the position phrase ending right before the name
        (role None: the phrase describes the person, `мама ученика`, but gives no position)."""
        if window is None:
            window = self._role_window(text, name_start, taken)
        found = role_before(text[window:name_start], case, self.keep_yo)
        if found is None:
            return None
        start, role = window + found[0], found[1]
        if role is None:
            return start, None
        # A double position joined by a dash: заместитель главы администрации – начальник управления.
        dash = _DASH_BEFORE.search(text, max(0, start - 4), start)  # a match can only end the slice
        if dash is not None and dash.end() == start:
            prev_stop = _LAST_PHRASE_STOP.match(text, 0, dash.start())
            prev_window = prev_stop.end() if prev_stop else 0
            first = role_before(text[prev_window : dash.start()], case, self.keep_yo)
            if first is not None and first[1] is not None:
                return prev_window + first[0], first[1] + text[dash.start() : dash.end()] + role
        return start, role

    def _role_after(self, text: str, name_end: int, case: str) -> tuple[int, str] | None:
        """(end offset, nominative role) of an apposition `, начальник …` or ` – начальник …` after the name."""
        if text.startswith(", ", name_end):
            start = name_end + 2
        elif text.startswith((" – ", " — ", " - "), name_end):
            start = name_end + 3
        else:
            return None
        stop = _APPOSITION_STOP.search(text, start)
        found = role_after(text[start : stop.start() if stop else len(text)], case, self.keep_yo)
        return (start + found[0], found[1]) if found else None


class _NameOption(NamedTuple):
    """One reading of a first name and surname, with what `_full_name` needs of it."""

    case: str
    gender: str
    score: float
    case_rank: int  # -index in morph.CASES: the earlier case wins a tie
    surname_nominative: str
    sure: bool  # the dictionary vouched for the surname's nominative
    first_nominative: str


@lru_cache(maxsize=16384)
def _name_options(first: str, surname: str, keep_yo: bool, after_po_slovam: bool) -> tuple[_NameOption, ...]:
    """The readings of `first surname` a full-name mention ranks (empty when `first` is no first name):
    the morphology of two words, asked again at every mention of the same person."""
    readings: list[morph.Reading] = []
    for r in morph.first_name_readings(first):
        if r.gender in ("masc", "femn"):
            readings.append(r)
        else:  # Саша, Женя: either gender
            readings += [morph.Reading(r.case, "masc", r.score / 2), morph.Reading(r.case, "femn", r.score / 2)]
    if after_po_slovam:
        readings = [r for r in readings if r.case == "gent"] or readings
    options = []
    for r in readings:
        sur_nom, sure = morph.surname_nominative(surname, r.case, r.gender, keep_yo)
        first_nom = morph.first_name_nominative(first, r.case, r.gender, keep_yo)
        options.append(_NameOption(r.case, r.gender, r.score, -morph.CASES.index(r.case), sur_nom, sure, first_nom))
    return tuple(options)


@lru_cache(maxsize=16384)
def role_before(phrase: str, case: str, keep_yo: bool) -> tuple[int, str | None] | None:
    """(offset, nominative role) of the position at the end of `phrase`, the words before a name.

    Walks left from the end over the noun phrase (stopping at verbs, pronouns and `«` without
    its pair); the role starts at the leftmost animate noun in `case` found on the way. With no
    position there, a noun that describes the person (`жительница деревни`) gives (offset, None).
    """
    toks = tokens_between(phrase, 0, len(phrase))
    i = len(toks)
    j = i - 1
    leftmost = i
    while j >= 0:
        t = toks[j].text
        if t == "»":  # a name in guillemets belongs to the phrase: jump to its opening mark
            depth, k = 0, j
            while k >= 0:
                if toks[k].text == "»":
                    depth += 1
                elif toks[k].text == "«":
                    depth -= 1
                    if depth == 0:
                        break
                k -= 1
            if k < 0:
                break
            leftmost, j = k, k - 1
            continue
        if t == "«" or (t.lower() in _STOP_WORDS and t != "А"):  # (А: an initial, им. А. С. Пушкина)
            break
        if t[:1].isalpha() and pronoun_gender(t):
            break
        # A verb ends the phrase; a noun that may be read as one (глава села) does not.
        if t[:1].isalpha() and morph.is_verbal(t) and not morph.likeliest_noun(t):
            break
        leftmost = j
        j -= 1
    for h in range(leftmost, i):
        if _acting_at(toks, h):  # и.о. главы администрации: fixed, whatever the name's case
            role = phrase[toks[h].start : len(phrase.rstrip())]
            return toks[h].start, role[:1].lower() + role[1:]
        if toks[h].text[:1].isalpha() and _head_at(toks, h, case) is not None:
            if h > leftmost and toks[h - 1].text == "«":
                continue
            return _role_from(phrase, toks, h, case, len(phrase.rstrip()), keep_yo=keep_yo)
    for h in range(leftmost, i):
        if toks[h].text[:1].isalpha() and morph.describes_person(toks[h].text, case):
            # `(почётный) житель района`: the speaker's phrase, but no position
            start = h
            while start > leftmost and morph.agreeing_modifier(toks[start - 1].text, case) is not None:
                start -= 1
            return toks[start].start, None
    return None


def _head_at(toks: list[Token], k: int, case: str) -> Any | None:
    """The parse of toks[k] as the head noun of a position in `case` (`медицинская сестра` is one)."""
    return morph.position_head(toks[k].text, case, toks[k - 1].text if k > 0 else "")


def _acting_at(toks: list[Token], h: int) -> bool:
    """True when toks[h:h + 4] spell `и.о.` (исполняющий обязанности) followed by more words."""
    return (
        h + 4 < len(toks)
        and toks[h].text in ("и", "И")
        and toks[h + 1].text == "."
        and toks[h + 2].text in ("о", "О")
        and toks[h + 3].text == "."
        and toks[h + 3].start == toks[h + 2].end
        and toks[h + 2].start == toks[h + 1].end
    )


@lru_cache(maxsize=16384)
def role_after(phrase: str, case: str, keep_yo: bool) -> tuple[int, str] | None:
    """(end offset, nominative role) when `phrase` (after `Имя Фамилия, `) is a position."""
    toks = tokens_between(phrase, 0, len(phrase))
    h = 0
    while (
        h < len(toks)
        and _head_at(toks, h, case) is None
        and morph.agreeing_modifier(toks[h].text, case) is not None
    ):
        h += 1
    if h >= len(toks) or _head_at(toks, h, case) is None:
        return None
    if any(t.text[:1].isalpha() and morph.is_verbal(t.text) for t in toks[h + 1 :]):
        return None
    end = toks[-1].end
    found = _role_from(phrase, toks, 0, case, end, keep_yo=keep_yo)
    return (end, found[1]) if found else None


def _role_from(text: str, toks: list[Token], h: int, case: str, end: int, *, keep_yo: bool) -> tuple[int, str] | None:
    """The role that starts at toks[h] (its head noun or first modifier) and ends at `end`."""
    head = h
    while head < len(toks) and toks[head].end <= end and _head_at(toks, head, case) is None:
        if morph.agreeing_modifier(toks[head].text, case) is None:
            return None
        head += 1
    if head >= len(toks) or toks[head].end > end:
        return None
    start = head
    # Agreeing adjectives before the head belong to it: главного врача, генеральный директор.
    while (
        start > 0
        and toks[start - 1].end + 1 == toks[start].start
        and morph.agreeing_modifier(toks[start - 1].text, case) is not None
        and morph.role_head(toks[start - 1].text, case) is None
    ):
        start -= 1
    if start > 0 and toks[start - 1].text.lower() == "временно":  # временно исполняющий обязанности
        start -= 1
    start = min(start, h)
    head_parse = _head_at(toks, head, case)
    assert head_parse is not None
    gender = str(head_parse.tag.gender)
    gender = gender if gender in ("masc", "femn", "neut") else "masc"
    words: list[str] = []
    for k in range(start, head + 1):
        word = toks[k].text
        if k == head:
            words.append(morph.inflect_nominative(head_parse, word, None, keep_yo))
        else:
            words.append(morph.modifier_nominative(word, case, gender, keep_yo))
    role = " ".join(words) + text[toks[head].end : end].rstrip()
    if not (len(words[0]) > 1 and words[0].isupper()):
        role = role[:1].lower() + role[1:]
    return toks[start].start, role
