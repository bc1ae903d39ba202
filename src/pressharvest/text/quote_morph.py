"""Russian morphology for the quote layer: a thin, cached wrapper over pymorphy3.

The analyser is loaded once per process, on first use (loading the dictionaries takes ~0.1 s,
and a parse that never meets a quote should not pay it). Every word-level answer is cached, so an
article only pays for the words it has not seen before.

Nothing here knows declension endings: nominative forms come from pymorphy3's `inflect`. Surnames
that the dictionary does not know are inflected by analogy with a model surname that it does know
(`Кречетова` → like `Иванова` → `Кречетов`), which is still pymorphy's paradigm, not ours.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any, NamedTuple

import pymorphy3

# Cases in the order we prefer them when a name is ambiguous and the context says nothing.
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

# Model surnames the dictionary knows, one per productive surname suffix, used for analogy.
_MODEL_SURNAMES = ("Иванов", "Лебедев", "Королёв", "Пушкин", "Солженицын", "Достоевский", "Трубецкой")

# Surnames with these endings do not decline (Седых, Черных, Мирошниченко, Дурново).
_INDECLINABLE_ENDINGS = ("ых", "их", "ко", "аго", "яго", "ово", "ево")
_VOWELS = set("аеёиоуыэюя")


@cache
def analyzer() -> Any:
    """The process-wide pymorphy3 analyser (typed Any: pymorphy3 ships no type hints)."""
    from pressharvest.text.morph_loader import mapped_dictionaries

    with mapped_dictionaries():  # its DAWGs memory-mapped, not copied into the heap (see morph_loader)
        return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple[Any, ...]:
    """All pymorphy parses of a word (case-insensitive), cached."""
    return tuple(analyzer().parse(word.lower()))


class Reading(NamedTuple):
    """One grammatical reading of a person's name: its case and gender, and how sure we are."""

    case: str
    gender: str
    score: float


def _tag_has(parse: Any, grammeme: str) -> bool:
    return grammeme in parse.tag


@lru_cache(maxsize=65536)
def first_name_readings(word: str) -> tuple[Reading, ...]:
    """Singular readings of `word` as a first name (empty when it is not one)."""
    out: dict[tuple[str, str], float] = {}
    for p in parses(word):
        if _tag_has(p, "Name") and p.tag.number == "sing" and p.tag.case in CASES:
            key = (str(p.tag.case), str(p.tag.gender))
            out[key] = out.get(key, 0.0) + float(p.score)
    return tuple(Reading(c, g, s) for (c, g), s in sorted(out.items(), key=lambda kv: -kv[1]))


@lru_cache(maxsize=65536)
def is_patronymic(word: str) -> bool:
    return any(_tag_has(p, "Patr") for p in parses(word))


def _capitalise_like(result: str, original: str) -> str:
    """Give `result` the capitals of `original`: each hyphen part capitalised when it was."""
    parts = result.split("-")
    orig_parts = original.split("-")
    out = []
    for i, part in enumerate(parts):
        src = orig_parts[i] if i < len(orig_parts) else orig_parts[-1]
        out.append(part[:1].upper() + part[1:] if src[:1].isupper() else part)
    return "-".join(out)


def _de_yo(result: str, original: str, keep_yo: bool) -> str:
    # Typography is kept as published: a text written without ё gets its names without ё.
    if keep_yo or "ё" in original.lower():
        return result
    return result.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=65536)
def first_name_nominative(word: str, case: str, gender: str, keep_yo: bool = True) -> str:
    for p in parses(word):
        if (
            _tag_has(p, "Name")
            and p.tag.case == case
            and (p.tag.gender == gender or "ms-f" in p.tag)  # Саша, Женя: either gender
            and p.tag.number == "sing"
        ):
            form = p.inflect({"nomn"})
            if form is not None:
                return _capitalise_like(_de_yo(form.word, word, keep_yo), word)
    return word


@lru_cache(maxsize=65536)
def patronymic_nominative(word: str, case: str, gender: str, keep_yo: bool = True) -> str:
    for p in parses(word):
        if _tag_has(p, "Patr") and p.tag.case == case and p.tag.gender == gender:
            form = p.inflect({"nomn"})
            if form is not None:
                return _capitalise_like(_de_yo(form.word, word, keep_yo), word)
    return word


@cache
def _model_paradigms() -> tuple[tuple[str, str, str, str, str], ...]:
    """(suffix+ending, case, gender, nominative suffix+ending, model) rows from the model surnames.

    The suffix is the last two letters of the model's stem (`ов` of `Иванов`), so a form matches
    only surnames built the same way.
    """
    rows: list[tuple[str, str, str, str, str]] = []
    for model in _MODEL_SURNAMES:
        surn = [p for p in parses(model) if _tag_has(p, "Surn") and p.tag.case == "nomn"]
        if not surn:
            continue
        forms = [f for f in surn[0].lexeme if f.tag.number == "sing"]
        words = [f.word for f in forms]
        stem = words[0]
        for w in words[1:]:
            while not w.startswith(stem):
                stem = stem[:-1]
        tail = stem[-2:]
        nominative = {str(f.tag.gender): f.word for f in forms if f.tag.case == "nomn"}
        for f in forms:
            gender = str(f.tag.gender)
            if gender not in nominative:
                continue
            rows.append(
                (tail + f.word[len(stem) :], str(f.tag.case), gender, tail + nominative[gender][len(stem) :], model)
            )
    # Longest endings first, so `ского` wins over `о`.
    rows.sort(key=lambda r: -len(r[0]))
    return tuple(rows)


def _by_analogy(low: str, case: str, gender: str) -> str | None:
    for ending, c, g, nom_ending, _model in _model_paradigms():
        if c == case and g == gender and low.endswith(ending) and len(low) > len(ending) + 1:
            return low[: len(low) - len(ending)] + nom_ending
    return None


def _surname_part_nominative(part: str, case: str, gender: str) -> tuple[str, bool]:
    """Nominative of one surname part and whether the dictionary vouched for it."""
    low = part.lower()
    for p in parses(part):
        if (
            _tag_has(p, "Surn")
            and p.tag.case == case
            and p.tag.number == "sing"
            and (p.tag.gender == gender or "ms-f" in p.tag)
        ):
            if _tag_has(p, "Fixd"):
                return low, True
            form = p.inflect({"nomn", gender}) or p.inflect({"nomn"})
            if form is not None:
                return form.word, True
    if low.endswith(_INDECLINABLE_ENDINGS):
        return low, True
    analog = _by_analogy(low, case, gender)
    if analog is not None:
        return analog, False
    for p in parses(part):  # adjectival surnames the dictionary only knows as adjectives (Лесной)
        if p.tag.POS == "ADJF" and p.tag.case == case and p.tag.number == "sing" and p.tag.gender == gender:
            form = p.inflect({"nomn", "sing", gender})
            if form is not None:
                return form.word, False
    if gender == "femn" and low[-1:] not in _VOWELS:
        return low, True  # women's surnames ending in a consonant do not decline (Анна Гайдамак)
    for p in parses(part):
        if p.tag.POS == "NOUN" and _tag_has(p, "anim") and p.tag.case == case and not _tag_has(p, "Name"):
            form = p.inflect({"nomn"})
            if form is not None:
                return form.word, False
    return low, False


@lru_cache(maxsize=65536)
def surname_nominative(word: str, case: str, gender: str, keep_yo: bool = True) -> tuple[str, bool]:
    """Nominative of a surname in `case` for a person of `gender`; double-barrelled parts each."""
    if "-" in word:  # double-barrelled: each part declines on its own
        pieces = [_surname_part_nominative(part, case, gender) for part in word.split("-")]
        whole, sure = "-".join(p for p, _ in pieces), all(s for _, s in pieces)
    else:
        whole, sure = _surname_part_nominative(word, case, gender)
    return _capitalise_like(_de_yo(whole, word, keep_yo), word), sure


@lru_cache(maxsize=65536)
def surname_forms(nominative: str, gender: str) -> frozenset[str]:
    """Every singular form (lower case) of a nominative surname, to recognise it later bare."""
    low = nominative.lower()
    forms = {low}
    for p in parses(nominative):
        if _tag_has(p, "Surn") and p.tag.case == "nomn" and (p.tag.gender == gender or "ms-f" in p.tag):
            forms.update(f.word for f in p.lexeme if f.tag.number == "sing" and str(f.tag.gender) in (gender, "ms-f"))
            return frozenset(forms)
    for _ending, c, g, nom_ending, model in _model_paradigms():
        if g == gender and c == "nomn" and low.endswith(nom_ending) and nom_ending:
            stem = low[: len(low) - len(nom_ending)]
            for ending2, _c2, g2, nom2, model2 in _model_paradigms():
                if g2 == gender and nom2 == nom_ending and model2 == model:
                    forms.add(stem + ending2)
            break
    return frozenset(forms)


@lru_cache(maxsize=65536)
def surname_gender_guess(word: str) -> str | None:
    """Gender of a bare surname when the dictionary can tell (`Петрова` → femn), else None."""
    genders = {str(p.tag.gender) for p in parses(word) if _tag_has(p, "Surn") and p.tag.case == "nomn"}
    return genders.pop() if len(genders) == 1 and genders <= {"masc", "femn"} else None


# --- Roles -------------------------------------------------------------------------------------

# Substantivised participles and adjectives that head a position (заведующая отделом).
_SUBST_HEAD_STEMS = ("заведующ", "уполномоченн", "управляющ", "исполняющ", "ответственн", "председательствующ")
# Indeclinable abbreviations that head a position (врио министра): pymorphy reads them as inanimate.
_FIXED_ROLE_HEADS = frozenset(["врио"])
# Animate nouns that describe a person but are not a position.
_NOT_ROLES = frozenset(
    [
        "мама",
        "папа",
        "мать",
        "отец",
        "сын",
        "дочь",
        "дочка",
        "бабушка",
        "дедушка",
        "жена",
        "муж",
        "брат",
        "сестра",
        "внук",
        "внучка",
        "родитель",
        "житель",
        "жительница",
        "пенсионер",
        "пенсионерка",
        "горожанин",
        "горожанка",
        "гражданин",
        "гражданка",
        "сосед",
        "соседка",
        "человек",
        "ребёнок",
        "мальчик",
        "девочка",
        "семья",
    ]
)


@lru_cache(maxsize=65536)
def role_head(word: str, case: str) -> Any | None:
    """The parse of `word` as the head noun of a position in `case`, or None."""
    low = word.lower()
    if len(low) < 3:
        return None  # и, с, г: abbreviations pymorphy would read as animate nouns
    if word[:1].isupper() and any(_tag_has(p, "Geox") for p in parses(word)):
        return None  # a place: Калуги is the city, not the fish калуга (an animate noun)
    for p in parses(word):
        if low in _FIXED_ROLE_HEADS and p.tag.case == case:
            return p
        if p.tag.case != case or p.tag.number != "sing" or "Abbr" in p.tag:
            continue
        if (
            p.tag.POS == "NOUN"
            and _tag_has(p, "anim")
            and not (_tag_has(p, "Name") or _tag_has(p, "Surn") or _tag_has(p, "Patr"))
        ):
            if p.normal_form in _NOT_ROLES:
                return None
            return p
        if p.tag.POS in ("ADJF", "PRTF") and low.startswith(_SUBST_HEAD_STEMS):
            return p
    return None


# Kin nouns that name a profession after one of these adjectives (медицинская сестра, медицинский брат).
_KIN_PROFESSIONS = frozenset(["сестра", "брат"])
_PROFESSION_ADJECTIVES = frozenset(
    ["медицинский", "патронажный", "процедурный", "операционный", "палатный", "перевязочный", "участковый"]
)


def position_head(word: str, case: str, before: str) -> Any | None:
    """`role_head(word, case)`, and also a kin noun that the adjective `before` it makes a profession:
    `сестра` is no position, `медицинская сестра` is one."""
    found = role_head(word, case)
    if found is None and before and word[:4].lower() in ("сест", "брат"):  # (a cheap look first)
        return _kin_profession(word, case, before)
    return found


@lru_cache(maxsize=4096)
def _kin_profession(word: str, case: str, before: str) -> Any | None:
    if not any(b.tag.POS == "ADJF" and b.normal_form in _PROFESSION_ADJECTIVES for b in parses(before)):
        return None
    for p in parses(word):
        if p.normal_form in _KIN_PROFESSIONS and p.tag.case == case and p.tag.number == "sing":
            return p
    return None


@lru_cache(maxsize=65536)
def describes_person(word: str, case: str) -> bool:
    """True when `word` is, in `case`, a noun that describes a person without being a position
    (`жительница`, `мама`): it belongs to the speaker's noun phrase, not to the role."""
    return any(
        p.tag.POS == "NOUN" and p.tag.case == case and p.tag.number == "sing" and p.normal_form in _NOT_ROLES
        for p in parses(word)
    )


@lru_cache(maxsize=65536)
def agreeing_modifier(word: str, case: str) -> Any | None:
    """The parse of `word` as an adjective or participle in `case` (главного, генеральный)."""
    if not word[:1].isalpha():
        return None
    for p in parses(word):
        if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == case and p.tag.number == "sing":
            return p
    return None


def inflect_nominative(parse: Any, original: str, gender: str | None = None, keep_yo: bool = True) -> str:
    """`parse` put into the nominative singular, capitalised like `original`."""
    if parse.tag.case == "nomn":
        return original
    wanted = {"nomn", "sing"}
    if gender and parse.tag.POS in ("ADJF", "PRTF"):
        wanted.add(gender)
    form = parse.inflect(wanted) or parse.inflect({"nomn"})
    if form is None:
        return original
    return _capitalise_like(_de_yo(form.word, original, keep_yo), original)


@lru_cache(maxsize=65536)
def modifier_nominative(word: str, case: str, gender: str, keep_yo: bool = True) -> str:
    parse = agreeing_modifier(word, case)
    return inflect_nominative(parse, word, gender, keep_yo) if parse is not None else word


# --- Verbs --------------------------------------------------------------------------------------

# Lemmas of verbs that introduce speech in an attribution (the verb's gender and tense are free).
SPEECH_LEMMAS = frozenset(
    [
        "отметить",
        "отмечать",
        "подчеркнуть",
        "подчёркивать",
        "подчеркивать",
        "сказать",
        "говорить",
        "заявить",
        "заявлять",
        "сообщить",
        "сообщать",
        "пояснить",
        "пояснять",
        "добавить",
        "добавлять",
        "рассказать",
        "рассказывать",
        "уточнить",
        "уточнять",
        "заверить",
        "заверять",
        "напомнить",
        "напоминать",
        "считать",
        "резюмировать",
        "прокомментировать",
        "комментировать",
        "признаться",
        "признаваться",
        "заметить",
        "замечать",
        "констатировать",
        "объяснить",
        "объяснять",
        "ответить",
        "отвечать",
        "поделиться",
        "делиться",
        "подытожить",
        "обратить",
        "акцентировать",
        "выразить",
        "пообещать",
        "обещать",
        "предупредить",
        "предупреждать",
        "призвать",
        "призывать",
        "высказаться",
        "поблагодарить",
        "благодарить",
        "пожелать",
        "обратиться",
        "уверить",
        "уверять",
        "утверждать",
        "продолжить",
        "заключить",
        "указать",
        "указывать",
        "дополнить",
        "вспомнить",
        "вспоминать",
        "пошутить",
        "шутить",
        "признать",
        "признавать",
        "полагать",
        "произнести",
        "поприветствовать",
        "приветствовать",
        "поздравить",
        "подвести",
        "говориться",
        "рассуждать",
        "убедить",
        "предложить",
        "спросить",
        "поинтересоваться",
        "попросить",
        "доложить",
        "отчитаться",
        "пригласить",
        "приглашать",
        "посоветовать",
        "советовать",
        "порекомендовать",
        "рекомендовать",
        "надеяться",
        "пожаловаться",
        "жаловаться",
        "напутствовать",
        "продолжать",
        "проинформировать",
        "информировать",
        "парировать",
        "гарантировать",
        "размышлять",
        "оценить",
        "оценивать",
        "подтвердить",
        "подтверждать",
        "воскликнуть",
        "восклицать",
        "посетовать",
        "сетовать",
        "возразить",
        "возражать",
        "написать",
        "писать",
        "объявить",
        "объявлять",
        "возмутиться",
        "возмущаться",
        "удивиться",
        "удивляться",
        "настаивать",
        "предостеречь",
        "повторить",
        "повторять",
        "высказать",
    ]
)
# Short forms that work as speech verbs in an attribution (`– уверена глава района`).
SPEECH_SHORT_FORMS = frozenset(["уверен", "уверена", "уверены", "убеждён", "убеждена", "убеждены", "убежден"])


@lru_cache(maxsize=65536)
def speech_verb(word: str) -> tuple[bool, str | None, str | None] | None:
    """(is plural, gender, tense) when `word` is a finite speech verb, else None."""
    low = word.lower()
    if low in SPEECH_SHORT_FORMS:
        plural = low.endswith("ы")
        return plural, None if plural else ("femn" if low.endswith("а") else "masc"), "pres"
    for p in parses(word):
        if p.tag.POS == "VERB" and p.normal_form in SPEECH_LEMMAS and "indc" in p.tag:
            return p.tag.number == "plur", (str(p.tag.gender) if p.tag.gender else None), str(p.tag.tense)
    return None


# Verbs of asking and addressing whose prepositional object names the person asked, never the speaker
# (`спросили мы у главы района`, `обратилась к главе района жительница`).
_ADDRESSEE_PREPOSITIONS = {
    "спросить": ("у",),
    "спрашивать": ("у",),
    "поинтересоваться": ("у",),
    "интересоваться": ("у",),
    "обратиться": ("у", "к", "ко"),
    "обращаться": ("у", "к", "ко"),
}


@lru_cache(maxsize=65536)
def addressee_prepositions(word: str) -> tuple[str, ...]:
    """The prepositions that introduce the addressee of `word` when it is a finite verb of asking or
    addressing (`спросила` → `у`), else ()."""
    for p in parses(word):
        if p.tag.POS == "VERB" and p.normal_form in _ADDRESSEE_PREPOSITIONS:
            return _ADDRESSEE_PREPOSITIONS[p.normal_form]
    return ()


@lru_cache(maxsize=65536)
def is_verbal(word: str) -> bool:
    """True when the likeliest reading of `word` is a verb form that ends a noun phrase."""
    ps = parses(word)
    if not ps:
        return False
    return any(p.tag.POS in ("VERB", "INFN", "GRND", "PRTS") and p.score >= 0.3 for p in ps[:2])


@lru_cache(maxsize=65536)
def likeliest_pos(word: str) -> str | None:
    """The part of speech of `word`'s likeliest reading (pymorphy's POS: NOUN, VERB, INFN, PRTS, …)."""
    ps = parses(word)
    return str(ps[0].tag.POS) if ps and ps[0].tag.POS else None


def likeliest_noun(word: str) -> bool:
    """True when the likeliest reading of `word` is a noun (`села`: of the village, before `sat`)."""
    return likeliest_pos(word) == "NOUN"


def likeliest_infinitive(word: str) -> bool:
    """True when the likeliest reading of `word` is an infinitive (принять, посетить)."""
    return likeliest_pos(word) == "INFN"


def any_reading(words: Iterable[str], grammeme: str) -> bool:
    return any(grammeme in p.tag for w in words for p in parses(w))
