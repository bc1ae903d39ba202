"""The generic extractor's metadata: headline, publication date, and the article's outer region.

Headline: the `<h1>` (or an `<h2>` some templates use) whose words agree with `og:title` / `<title>`,
else `og:title`, else `<title>` without its site-name part. Date, in this order: the visible date line
after the headline (a text landmark), `<time datetime>`, meta tags (`article:published_time`,
`datePublished`, …), JSON-LD `datePublished`, a date in the URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.landmarks import date_line_after, text_of
from pressharvest.text.clean import clean_text

_WORD = re.compile(r"\w+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||/|-|–|—|::|·|•|»|«)\s+")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])|[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$|[^\d])"
)
_META_DATES = (
    "article:published_time", "datePublished", "og:published_time", "published_time", "pubdate",
    "publishdate", "date", "DC.date.issued", "dcterms.created", "sailthru.date",
)  # fmt: skip
_TITLE_AGREEMENT = 0.6


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def _agreement(candidate: str, reference: set[str]) -> float:
    """How far the candidate and the reference headline (its `_words`) share their words (1.0: the
    same words)."""
    mine = _words(candidate)
    return len(mine & reference) / max(len(mine), len(reference)) if mine else 0.0


def strip_site_name(title: str, site_name: str | None = None) -> str:
    """`<title>` without the site's name: `Headline | Section | Site` → `Headline`."""
    parts = [part.strip() for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) <= 1:
        return title.strip()
    if site_name:
        named = _words(site_name)
        parts = [part for part in parts if _words(part) != named] or parts
    # Titles read "headline | section | site"; a site named first is removed above by og:site_name.
    return parts[0]


_META_KEYS = ("property", "name", "itemprop")


class PageMeta:
    """`landmarks.meta_content` for one page, answered from one query over the head where it can be.

    For each name and key in turn, `content` reads the first `<meta>` in document order with that key
    and value: the head's first, found by the one query; else the body's, looked for only when the
    body holds any `<meta>` at all (a whole-page CSS query per name and key costs ~0.03 ms on a large
    page, and pages often lack some of the names asked for).
    """

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._first: dict[tuple[str, str], dict[str, str | None]] = {}
        self.title: LexborNode | None = None  # the head's first <title>
        self._body_metas: bool | None = None
        head = tree.head
        for node in head.css("meta, title") if head is not None else ():
            if node.tag == "title":
                if self.title is None:
                    self.title = node
                continue
            attrs = node.attributes
            for key in _META_KEYS:
                value = attrs.get(key)
                if value is not None and (key, value) not in self._first:
                    self._first[key, value] = attrs

    def content(self, *names: str) -> str | None:
        for name in names:
            for key in _META_KEYS:
                attrs = self._first.get((key, name))
                if attrs is None and self._in_body():
                    node = self._tree.css_first(f'meta[{key}="{name}"]')  # (none in the head)
                    attrs = node.attributes if node is not None else None
                if attrs is not None and attrs.get("content"):
                    return (attrs.get("content") or "").strip()
        return None

    def _in_body(self) -> bool:
        if self._body_metas is None:
            body = self._tree.body
            self._body_metas = body is not None and body.css_first("meta") is not None
        return self._body_metas


def find_title(tree: LexborHTMLParser, meta: PageMeta | None = None) -> tuple[LexborNode | None, str | None]:
    """The headline element (the landmark for the date line and the body) and its text."""
    if meta is None:
        meta = PageMeta(tree)
    og = meta.content("og:title", "twitter:title") or ""
    page_title = text_of(meta.title)
    site_name = meta.content("og:site_name")
    reference = og or strip_site_name(page_title, site_name)
    reference_words = _words(reference)
    best: LexborNode | None = None
    best_agreement = 0.0
    first_h1: LexborNode | None = None
    for node in tree.css("h1, h2"):
        text = text_of(node)
        if not text:
            continue
        if node.tag == "h1" and first_h1 is None:
            first_h1 = node
        if not reference:
            continue
        agreement = _agreement(text, reference_words)
        if node.tag == "h2":
            agreement -= 0.1  # an <h2> is the headline only when it clearly is
        if agreement > best_agreement:
            best, best_agreement = node, agreement
    if best is not None and best_agreement >= _TITLE_AGREEMENT:
        return best, text_of(best)
    if not reference and first_h1 is not None:
        return first_h1, text_of(first_h1)
    fallback = clean_text(og) if og else strip_site_name(page_title, site_name) if page_title else None
    if first_h1 is not None and fallback is None:
        return first_h1, text_of(first_h1)
    return None, fallback or None


def _json_ld_dates(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        value = data.get("datePublished") or data.get("dateCreated")
        if isinstance(value, str):
            yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            yield from _json_ld_dates(data.get(key))
    elif isinstance(data, list):
        for item in data:
            yield from _json_ld_dates(item)


def machine_dates(tree: LexborHTMLParser, url: str | None, meta: PageMeta | None = None) -> Iterator[str]:
    """Date texts from markup meant for machines, best first (before any tree clean-up)."""
    for node in tree.css("time[datetime]"):
        value = (node.attributes.get("datetime") or "").strip()
        if value:
            yield value
            break
    content = (meta if meta is not None else PageMeta(tree)).content(*_META_DATES)
    if content:
        yield content
    for node in tree.css('[itemprop="datePublished"]'):
        value = node.attributes.get("content") or node.attributes.get("datetime") or text_of(node)
        if value and value.strip():
            yield value.strip()
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "")
        except ValueError:
            continue  # broken JSON-LD is common; the other sources remain
        yield from _json_ld_dates(data)
    if url:
        match = _URL_DATE.search(url)
        if match:
            year, month, day = (g for g in match.groups() if g is not None)
            yield f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def visible_date(title: LexborNode | None) -> str | None:
    """The date line shown after the headline."""
    return date_line_after(title) if title is not None else None
