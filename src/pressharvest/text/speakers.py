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

from dataclasses import dataclass
from typing import Any

from pressharvest.text import quote_morph as morph
from pressharvest.text.quote_text import Token, is_capitalised, tokenize

_STOP_TOKENS = frozenset(",;:.!?()|…\"“”„–—-")
# Words that end a position phrase when walking left from a name.
_STOP_WORDS = frozenset("словам а но который которая которые что чтобы где когда как".split())
_PRONOUNS = {"он": "masc", "она": "femn", "его": "masc", "её": "femn", "ее": "femn"}


def pronoun_gender(word: str) -> str | None:
    return _PRONOUNS.get(word.lower())


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
    role_start: int | None  # where the position phrase before the name starts
    appos_end: int | None  # where the apposition after the name ends
    in_quote: bool


def _is_cyrillic_word(text: str) -> bool:
    return text[:1].isalpha() and ("а" <= text[:1].lower() <= "я" or text[:1] in "Ёё")


def _adjacent(a: Token, b: Token) -> bool:
    return b.start == a.end + 1


class SpeakerIndex:
    """The people of one article, built once and queried by the quote extractor."""

    def __init__(self, paragraphs: tuple[str, ...], quoted: dict[int, list[tuple[int, int]]]) -> None:
        self.paragraphs = paragraphs
        self.quoted = quoted
        self.keep_yo = any("ё" in p or "Ё" in p for p in paragraphs)
        self.mentions: list[Mention] = []
        self.persons: dict[str, Person] = {}
        for par, text in enumerate(paragraphs):
            self._scan_paragraph(par, text)

    # --- queries ---------------------------------------------------------------------------

    def mentions_in(self, par: int, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.par == par and start <= m.start and m.end <= end]

    def antecedent(self, par: int, pos: int, gender: str) -> Person | None:
        """The last person of `gender` named outside quotations before (par, pos)."""
        for m in reversed(self.mentions):
            if (m.par, m.start) < (par, pos) and not m.in_quote and m.person.gender == gender:
                return m.person
        return None

    def by_role(self, role: str, par: int, pos: int) -> Person | None:
        """The last person named before (par, pos) whose position is `role`."""
        for m in reversed(self.mentions):
            if (m.par, m.start) < (par, pos) and m.person.role and m.person.role.lower() == role.lower():
                return m.person
        return None

    def role_phrase(self, par: int, start: int, end: int, case: str) -> str | None:
        """A bare position phrase (`глава района`) in the nominative, or None."""
        toks = [t for t in tokenize(self.paragraphs[par]) if start <= t.start and t.end <= end]
        if not toks or morph.role_head(toks[0].text, case) is None and morph.agreeing_modifier(
            toks[0].text, case
        ) is None:
            return None
        text = self.paragraphs[par]
        found = self._role_from(text, toks, 0, case, toks[-1].end)
        return found[1] if found else None

    # --- the scan --------------------------------------------------------------------------

    def _in_quote(self, par: int, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quoted.get(par, ()))

    def _scan_paragraph(self, par: int, text: str) -> None:
        toks = tokenize(text)
        taken: set[int] = set()
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not (is_capitalised(tok.text) and _is_cyrillic_word(tok.text)):
                i += 1
                continue
            found = self._full_name(par, text, toks, i, taken) or self._initials(par, text, toks, i, taken)
            if found is None:
                found = self._bare_surname(par, toks, i, taken)
            i = found if found is not None else i + 1

    def _register(self, first: str, surname: str, gender: str | None) -> Person:
        name = f"{first} {surname}".strip()
        person = self.persons.get(name)
        if person is None:
            forms = morph.surname_forms(surname, gender) if gender in ("masc", "femn") else frozenset(
                {surname.lower()}
            )
            person = Person(name, surname, gender, None, forms)
            self.persons[name] = person
        return person

    def _add(self, par: int, toks: tuple[Token, ...], first_i: int, last_i: int, person: Person,
             case: str, taken: set[int]) -> int:
        text = self.paragraphs[par]
        before = self._role_before(text, toks, first_i, case, taken)
        after = self._role_after(text, toks, last_i, case)
        role_start = before[0] if before else None
        appos_end = after[0] if after else None
        if person.role is None:
            person.role = before[1] if before else (after[1] if after else None)
        start, end = toks[first_i].start, toks[last_i].end
        self.mentions.append(Mention(par, start, end, person, role_start, appos_end, self._in_quote(par, start)))
        taken.update(range(first_i, last_i + 1))
        return last_i + 1

    def _full_name(self, par: int, text: str, toks: tuple[Token, ...], i: int, taken: set[int]) -> int | None:
        readings = morph.first_name_readings(toks[i].text)
        if not readings or i + 1 >= len(toks):
            return None
        j = i + 1
        if not (_adjacent(toks[i], toks[j]) and is_capitalised(toks[j].text) and _is_cyrillic_word(toks[j].text)):
            return None
        patronymic: int | None = None
        if morph.is_patronymic(toks[j].text):
            if j + 1 < len(toks) and _adjacent(toks[j], toks[j + 1]) and is_capitalised(toks[j + 1].text):
                patronymic, j = j, j + 1
            else:
                return None
        surname = toks[j].text
        previous = toks[i - 1].text.lower() if i else ""
        options: list[morph.Reading] = []
        for r in readings:
            if r.gender in ("masc", "femn"):
                options.append(r)
            else:  # Саша, Женя: either gender
                options += [morph.Reading(r.case, "masc", r.score / 2), morph.Reading(r.case, "femn", r.score / 2)]
        if previous == "словам":
            options = [r for r in options if r.case == "gent"] or options
        best: tuple[tuple[int, int, float, int], morph.Reading, str] | None = None
        for r in options:
            sur_nom, sure = morph.surname_nominative(surname, r.case, r.gender, self.keep_yo)
            has_role = self._role_before(text, toks, i, r.case, taken) is not None
            rank = (int(has_role), int(sure), r.score, -morph.CASES.index(r.case))
            if best is None or rank > best[0]:
                best = (rank, r, sur_nom)
        assert best is not None
        _, reading, sur_nom = best
        first = morph.first_name_nominative(toks[i].text, reading.case, reading.gender, self.keep_yo)
        if patronymic is not None and not first:
            first = toks[i].text
        person = self._register(first, sur_nom, reading.gender)
        return self._add(par, toks, i, j, person, reading.case, taken)

    def _initials(self, par: int, text: str, toks: tuple[Token, ...], i: int, taken: set[int]) -> int | None:
        # А. Рябинин / А.В. Рябинин / А. В. Рябинин
        if len(toks[i].text) != 1 or i + 2 >= len(toks) or toks[i + 1].text != ".":
            return None
        j = i + 2
        if j + 1 < len(toks) and len(toks[j].text) == 1 and toks[j].text.isupper() and toks[j + 1].text == ".":
            j += 2
        if j >= len(toks) or not is_capitalised(toks[j].text) or len(toks[j].text) < 2:
            return None
        surname = toks[j].text
        initials = text[toks[i].start : toks[j - 1].end]
        for m in reversed(self.mentions):  # the full name given earlier wins
            if surname.lower() in m.person.surname_forms and m.person.name.startswith(toks[i].text):
                return self._add(par, toks, i, j, m.person, "nomn", taken)
        case, gender = "nomn", morph.surname_gender_guess(surname) or "masc"
        for p in morph.parses(surname):
            if "Surn" in p.tag and p.tag.number == "sing":
                case, gender = str(p.tag.case), str(p.tag.gender) if p.tag.gender in ("masc", "femn") else gender
                break
        sur_nom, _ = morph.surname_nominative(surname, case, gender, self.keep_yo)
        person = self._register(initials, sur_nom, gender)
        return self._add(par, toks, i, j, person, case, taken)

    def _bare_surname(self, par: int, toks: tuple[Token, ...], i: int, taken: set[int]) -> int | None:
        low = toks[i].text.lower()
        for m in reversed(self.mentions):
            if low in m.person.surname_forms:
                case = "nomn"
                for p in morph.parses(toks[i].text):
                    if "Surn" in p.tag and (p.tag.gender == m.person.gender or "ms-f" in p.tag):
                        case = str(p.tag.case)
                        break
                return self._add(par, toks, i, i, m.person, case, taken)
        return None

    # --- positions -------------------------------------------------------------------------

    def _role_before(self, text: str, toks: tuple[Token, ...], i: int, case: str,
                     taken: set[int]) -> tuple[int, str] | None:
        """(start offset, nominative role) of the position phrase ending right before toks[i]."""
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
            if t in _STOP_TOKENS or t == "«" or j in taken or t.lower() in _STOP_WORDS:
                break
            if t[:1].isalpha() and (morph.is_verbal(t) or pronoun_gender(t)):
                break
            leftmost = j
            j -= 1
        for h in range(leftmost, i):
            if toks[h].text[:1].isalpha() and morph.role_head(toks[h].text, case) is not None:
                if h > leftmost and toks[h - 1].text == "«":
                    continue
                return self._role_from(text, toks, h, case, toks[i].start)
        return None

    def _role_after(self, text: str, toks: tuple[Token, ...], last: int, case: str) -> tuple[int, str] | None:
        """(end offset, nominative role) of an apposition `, начальник …` after toks[last]."""
        j = last + 1
        if j + 1 >= len(toks) or toks[j].text != ",":
            return None
        h = j + 1
        while h < len(toks) and morph.role_head(toks[h].text, case) is None and morph.agreeing_modifier(
            toks[h].text, case
        ) is not None:
            h += 1
        if h >= len(toks) or morph.role_head(toks[h].text, case) is None:
            return None
        k = h + 1
        depth = 0
        while k < len(toks):
            t = toks[k].text
            if t == "«":
                depth += 1
            elif t == "»":
                depth -= 1
            elif depth <= 0 and (t in ",;.!?:()" or t in "–—"):
                break
            elif depth <= 0 and t[:1].isalpha() and morph.is_verbal(t):
                return None
            k += 1
        end = toks[k - 1].end
        found = self._role_from(text, toks, j + 1, case, end)
        return (end, found[1]) if found else None

    def _role_from(self, text: str, toks: tuple[Token, ...], h: int, case: str, end: int) -> tuple[int, str] | None:
        """The role that starts at or around toks[h] (its head noun or first modifier) and ends at `end`."""
        # Find the head noun at or after h (modifiers first), then extend left over modifiers.
        head = h
        while head < len(toks) and toks[head].end <= end and morph.role_head(toks[head].text, case) is None:
            if morph.agreeing_modifier(toks[head].text, case) is None:
                return None
            head += 1
        if head >= len(toks) or toks[head].end > end:
            return None
        start = head
        while start > 0 and toks[start - 1].end + 1 == toks[start].start and morph.agreeing_modifier(
            toks[start - 1].text, case
        ) is not None and morph.role_head(toks[start - 1].text, case) is None:
            start -= 1
        start = min(start, h)
        head_parse = morph.role_head(toks[head].text, case)
        assert head_parse is not None
        gender = self._gender_of(head_parse)
        words: list[str] = []
        for k in range(start, head + 1):
            word = toks[k].text
            parse: Any = head_parse if k == head else morph.agreeing_modifier(word, case)
            words.append(morph.inflect_nominative(parse, word, gender, self.keep_yo) if parse else word)
        role = " ".join(words) + text[toks[head].end : end].rstrip()
        if not (len(words[0]) > 1 and words[0].isupper()):
            role = role[:1].lower() + role[1:]
        return toks[start].start, role

    @staticmethod
    def _gender_of(parse: Any) -> str:
        gender = str(parse.tag.gender)
        return gender if gender in ("masc", "femn", "neut") else "masc"
