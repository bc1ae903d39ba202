"""Tokens and sentence boundaries of one paragraph, for the quote layer.

A full stop ends a sentence only when a capital letter, a digit or an opening quotation mark
follows; and not after an abbreviation that normally precedes a name or a number (`ул. Курчатова`,
`г. Калуга`, `т. е. …`) or after an initial (`А. Рябинин`). Units (`млн руб. Средства …`) and
`т. д.` do end a sentence when a capital follows, since that is how press releases use them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import NamedTuple

_WORD = r"[0-9A-Za-zА-Яа-яЁё]+(?:[-‐][0-9A-Za-zА-Яа-яЁё]+)*"
_TOKEN = re.compile(_WORD + r"|\S")

# Abbreviations after which a capital letter does not start a new sentence.
_NO_BREAK_ABBREVIATIONS = frozenset(
    [
        "ул",
        "пр",
        "просп",
        "пер",
        "пл",
        "г",
        "гг",
        "д",
        "корп",
        "стр",
        "с",
        "пос",
        "п",
        "пгт",
        "дер",
        "мкр",
        "р-н",
        "обл",
        "им",
        "ст",
        "ш",
        "наб",
        "б-р",
        "туп",
        "проф",
        "акад",
        "доц",
        "зам",
        "нач",
        "ген",
        "тел",
        "каб",
        "оф",
        "эт",
        "кв",
        "рис",
        "табл",
        "гл",
        "см",
        "св",
        "ред",
        "изд",
        "тов",
        "т",
        "е",
        "к",
        "н",
    ]
)
_OPENERS = '«„“"('
_TERMINALS = ".!?…"
_TERMINAL = re.compile(r"[.!?…]")
_AFTER_TERMINAL = _TERMINALS + '»“”")'  # what may follow a terminal mark where a sentence ends
# Letters, digits and the hyphen: what the word before a full stop is made of, for `str.rstrip`.
_WORD_CHARACTERS = "".join(
    chr(c) for lo, hi in ("09", "AZ", "az", "АЯ", "ая") for c in range(ord(lo), ord(hi) + 1)
) + "Ёё-"


class Token(NamedTuple):
    start: int
    end: int
    text: str


_new_tuple = tuple.__new__


# A call with a `limit` reads its range match by match when the range is longer than `limit` tokens of
# this many characters: `_TOKEN.findall` would read all of it (a sentence of a thousand words).
_CHARS_A_TOKEN = 24


def tokens_between(text: str, start: int, end: int, limit: int | None = None) -> list[Token]:
    """Tokens of text[start:end], with offsets into `text` (the first `limit` of them, when given)."""
    if limit is not None and end - start > limit * _CHARS_A_TOKEN:
        return list(iter_tokens(text, start, end, limit))
    # The strings come from one `findall` (a match object per token, its span and group cost three times
    # as much), and each offset from `find`: only whitespace, which no token starts with, lies between
    # one token and the next, so the next token is the first occurrence of its string after the last.
    words = _TOKEN.findall(text, start, end)
    if limit is not None:
        del words[limit:]
    tokens = []
    find = text.find
    pos = start
    for word in words:
        pos = find(word, pos)
        after = pos + len(word)
        tokens.append(_new_tuple(Token, (pos, after, word)))
        pos = after
    return tokens


def iter_tokens(text: str, start: int, end: int, limit: int) -> Iterator[Token]:
    """`tokens_between(text, start, end, limit)`, one at a time, for a caller that may stop early."""
    # `tuple.__new__(Token, …)` builds the same Token without the Python-level `Token.__new__` frame.
    for m in itertools.islice(_TOKEN.finditer(text, start, end), limit):
        yield _new_tuple(Token, (*m.span(), m.group()))


def first_token(text: str, start: int, end: int) -> Token | None:
    """`tokens_between(text, start, end)[0]`, or None when there is no token, tokenising nothing else."""
    m = _TOKEN.search(text, start, end)
    return None if m is None else _new_tuple(Token, (*m.span(), m.group()))


@lru_cache(maxsize=8)
def _tokens_in_a_row(n: int) -> re.Pattern[str]:
    # Each token as `_TOKEN.finditer` reads it: the whitespace it skips, then the word or mark; atomic, so
    # that a word is never split into shorter tokens to make up the count.
    return re.compile(r"(?:\s*(?>" + _TOKEN.pattern + r")){" + str(n) + "}")


def more_tokens_than(text: str, start: int, end: int, n: int) -> bool:
    """`len(tokens_between(text, start, end)) > n`, without building the tokens (one match of n + 1)."""
    return _tokens_in_a_row(n + 1).match(text, start, end) is not None


def is_word(token: str) -> bool:
    return token[:1].isalnum()


def is_capitalised(token: str) -> bool:
    return token[:1].isupper() and token[:1].isalpha()


def _ends_sentence(text: str, i: int) -> bool:
    """Whether the terminal mark at `text[i]` ends a sentence."""
    j = i + 1
    n = len(text)
    while j < n and text[j] in _AFTER_TERMINAL:
        j += 1
    if j >= n:
        return True
    if text[j] != " ":
        return False
    nxt = text[j + 1 : j + 2]
    if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt in "-–—"):
        return False
    if text[i] != ".":
        return True
    word = _last_word(text, max(0, i - 40), i)
    if not word:
        return True
    if len(word) == 1 and word.isupper():
        return False  # an initial: А. Рябинин
    return word.lower() not in _NO_BREAK_ABBREVIATIONS


def _last_word(text: str, start: int, end: int) -> str:
    """The run of letters, digits and hyphens that ends at `end` (or before a newline there), from
    `start` at most; '' when there is none. What the regex `([0-9A-Za-zА-Яа-яЁё-]+)$` searched for from
    `start`, trying every position; `rstrip` reads it from the end."""
    if start < end and text[end - 1] == "\n":
        end -= 1  # (as `$` matches before a final newline)
    before = text[start:end]
    return before[len(before.rstrip(_WORD_CHARACTERS)) :]


def sentence_end(text: str, start: int, skip: tuple[tuple[int, int], ...] = (), within: int | None = None) -> int:
    """Index of the mark ending the sentence that runs from `start` (len(text) when none).

    Marks inside the `skip` ranges (quoted words) are ignored. With `within`, only that many characters
    are searched (and `start + within` is returned when the sentence runs on).
    """
    end = len(text) if within is None else min(len(text), start + within)
    find = text.find
    full_stops_only = find("!", start, end) < 0 and find("?", start, end) < 0 and find("…", start, end) < 0
    return _sentence_end(text, start, end, _in_ranges(skip), full_stops_only)


def _sentence_end(text: str, start: int, end: int, inside: Callable[[int], bool], full_stops_only: bool) -> int:
    """`sentence_end` over text[start:end]; `full_stops_only` when no other terminal mark is in it."""
    if full_stops_only:
        # Most sentences: `find` goes from one full stop to the next, where the regex tests every
        # character against its class.
        find = text.find
        i = find(".", start, end)
        while i >= 0:
            if not inside(i) and _ends_sentence(text, i):
                return i
            i = find(".", i + 1, end)
        return end
    for m in _TERMINAL.finditer(text, start, end):
        i = m.start()
        if not inside(i) and _ends_sentence(text, i):
            return i
    return end


def _nowhere(i: int) -> bool:
    return False


# Built tests by the identity of their `skip` tuple (kept in the value, so the id cannot be reused):
# hashing a tuple of thousands of ranges on every call would itself be linear.
_RANGE_TESTS: dict[int, tuple[tuple[tuple[int, int], ...], Callable[[int], bool]]] = {}


def _in_ranges(skip: tuple[tuple[int, int], ...]) -> Callable[[int], bool]:
    """`i -> any(a <= i < b for a, b in skip)`, in O(log n): a paragraph of many quotes tested every
    mark against every quote (1,000 quotes in one paragraph took a minute)."""
    if not skip:
        return _nowhere
    if len(skip) <= 4:
        return lambda i: any(a <= i < b for a, b in skip)
    known = _RANGE_TESTS.get(id(skip))
    if known is not None and known[0] is skip:
        return known[1]
    ranges = sorted(skip)
    starts = [a for a, _ in ranges]
    reach = list(itertools.accumulate((b for _, b in ranges), max))  # furthest end among ranges so far

    def inside(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and reach[k] > i

    if len(_RANGE_TESTS) >= 64:
        _RANGE_TESTS.clear()
    _RANGE_TESTS[id(skip)] = (skip, inside)
    return inside


def sentence_starts(text: str, skip: tuple[tuple[int, int], ...] = ()) -> list[int]:
    """Offsets where the sentences of `text` begin."""
    return [start for start, _ in sentences(text, skip)]


def sentences(text: str, skip: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """(start, `sentence_end(text, start, skip)`) of each sentence of `text`: finding where one starts
    finds where the one before ends."""
    # Whether `text` has other terminal marks than full stops is asked once here, not for each sentence
    # over the rest of the paragraph (a paragraph of many sentences would then take quadratic time).
    full_stops_only = "!" not in text and "?" not in text and "…" not in text
    inside = _in_ranges(skip)
    n = len(text)
    out = []
    i = 0
    while True:
        end = _sentence_end(text, i, n, inside, full_stops_only)
        out.append((i, end))
        if end >= n:
            return out
        j = end + 1
        while j < n and (text[j] in _AFTER_TERMINAL or text[j] == " "):
            j += 1
        if j >= n:
            return out
        i = j


def sentence_start_before(text: str, pos: int, skip: tuple[tuple[int, int], ...] = ()) -> int:
    """Offset of the start of the sentence that contains `pos`."""
    best = 0
    for s in sentence_starts(text[:pos], skip):
        if s <= pos:
            best = s
    return best
