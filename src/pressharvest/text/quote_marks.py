"""Quoted spans of an article: where each top-level pair of quotation marks opens and closes.

Guillemets nest (`«… программы «Точка роста» …»`), so they are matched by depth; „…“, “…” and
straight "…" do not nest and close at the next matching mark. A span may run over several
paragraphs, Russian style: a paragraph that reopens with « continues the open span, and so does a
paragraph that does not reopen but closes it. An open span that is neither continued nor closed
falls back to its last closing mark (the writer dropped one » of »»), or is dropped.

Every span is reported, titles included; deciding which spans are speech is the caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CLOSERS = {"«": "»", "„": "“”", "“": "”"}


@dataclass
class Span:
    """One top-level quotation: opening mark at (par, start), closing mark at (end_par, end)."""

    par: int
    start: int
    end_par: int = -1
    end: int = -1
    # (paragraph, from, to) ranges of the quoted words, reopening marks left out.
    pieces: list[tuple[int, int, int]] = field(default_factory=list)


def quoted_text(paragraphs: list[str] | tuple[str, ...], span: Span) -> str:
    """The words inside the span, paragraphs joined by one space, a trailing comma dropped."""
    if len(span.pieces) == 1:  # (most spans: the join below of one part is that part)
        p, a, b = span.pieces[0]
        return paragraphs[p][a:b].strip().rstrip(" ,").strip()
    parts = [paragraphs[p][a:b].strip() for p, a, b in span.pieces]
    text = " ".join(part for part in parts if part)
    return text.rstrip(" ,").strip()


def _straight_opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before == " " or before in "(-–—:") and after != " "


def _straight_closes(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before != " " and (after == " " or after in ",.;:!?)…-–—")


_MARKS = re.compile(r'[«»„“”"]')
# How many paragraphs without a mark a quote may run over before the one that closes or reopens it.
_MAX_UNREOPENED = 3


def _scan(text: str, start: int, opener: str, depth: int) -> tuple[int, int]:
    """Scan for the mark that closes an `opener` span at `depth`; (-1, depth) when none."""
    if opener == "«":
        # The guillemets in order, by `find` (a regex over the characters between costs several times as
        # much): an opening one deepens, a closing one comes back up.
        find = text.find
        opening, closing = find("«", start), find("»", start)
        while closing >= 0:
            if 0 <= opening < closing:
                depth += 1
                opening = find("«", opening + 1)
            else:
                depth -= 1
                if depth == 0:
                    return closing, 0
                closing = find("»", closing + 1)
        return -1, depth + (text.count("«", opening) if opening >= 0 else 0)
    if opener == '"':
        i = text.find('"', start)
        while i >= 0:
            if _straight_closes(text, i):
                return i, 0
            i = text.find('"', i + 1)
        return -1, depth
    for m in _MARKS.finditer(text, start):
        if m.group() in _CLOSERS[opener]:
            return m.start(), 0
    return -1, depth


def _last_closer(text: str, start: int, opener: str) -> int:
    closers = "»" if opener == "«" else ('"' if opener == '"' else _CLOSERS[opener])
    return max(text.rfind(c, start + 1) for c in closers)


def _has_mark(text: str) -> bool:
    return "«" in text or "»" in text or _has_other_mark(text)


def _has_other_mark(text: str) -> bool:
    """Whether `text` holds a quotation mark that is no guillemet."""
    return '"' in text or "„" in text or "“" in text or "”" in text


def find_spans(paragraphs: list[str] | tuple[str, ...]) -> list[Span]:
    spans: list[Span] = []
    p = 0
    n = len(paragraphs)
    while p < n:
        text = paragraphs[p]
        if not _has_mark(text):  # most paragraphs: a few `in` scans instead of the regex's
            p += 1
            continue
        only_guillemets = not _has_other_mark(text)
        i = 0
        while True:
            if only_guillemets:
                # The next mark that opens a span is the next «, found by `find` (the regex would stop at
                # each » too, only to step over it).
                i = text.find("«", i)
                if i < 0:
                    break
                ch = "«"
            else:
                m = _MARKS.search(text, i)
                if m is None:
                    break
                i = m.start()
                ch = m.group()
            if ch in "«„“" or (ch == '"' and _straight_opens(text, i)):
                span, next_p, next_i = _follow(paragraphs, p, i)
                if span is not None:
                    spans.append(span)
                if next_p != p:
                    p = next_p
                    text = paragraphs[p]
                    only_guillemets = not _has_other_mark(text)
                i = next_i
                continue
            i += 1
        p += 1
    return spans


def _follow(paragraphs: list[str] | tuple[str, ...], p: int, i: int) -> tuple[Span | None, int, int]:
    """Follow the span opened at (p, i); return it and where scanning resumes."""
    text = paragraphs[p]
    opener = text[i]
    span = Span(p, i)
    close, depth = _scan(text, i + 1, opener, 1)
    if close >= 0:
        span.end_par, span.end = p, close
        span.pieces.append((p, i + 1, close))
        return span, p, close + 1
    # Open at the end of the paragraph: look for a continuation.
    span.pieces.append((p, i + 1, len(text)))
    q = p + 1
    unreopened = 0  # paragraphs taken on that neither reopen nor close
    # Whole paragraphs taken on without a mark (not a paragraph split mid-sentence): the quote then
    # holds only if a paragraph that does not reopen closes it, else an opening mark a writer left
    # unclosed would swallow the paragraphs after it.
    unmarked_whole = False
    while q < len(paragraphs):
        nxt = paragraphs[q]
        reopens = nxt.startswith(opener)
        if reopens and unmarked_whole:
            break
        begin = 1 if reopens else 0
        close, new_depth = _scan(nxt, begin, opener, depth)
        if close >= 0:
            span.pieces.append((q, begin, close))
            span.end_par, span.end = q, close
            return span, q, close + 1
        if not reopens:
            if _has_mark(nxt) or unreopened >= _MAX_UNREOPENED:
                break
            unreopened += 1
            split_mid_sentence = nxt[:1].islower() and not paragraphs[q - 1].rstrip().endswith((".", "!", "?", "…"))
            unmarked_whole = unmarked_whole or not split_mid_sentence
        span.pieces.append((q, begin, len(nxt)))
        depth = new_depth
        q += 1
    # Never closed: the writer most likely dropped one closing guillemet of a nested pair.
    last = _last_closer(text, i, opener)
    if last < 0:
        return None, p, i + 1
    fallback = Span(p, i, p, last, [(p, i + 1, last)])
    return fallback, p, last + 1
