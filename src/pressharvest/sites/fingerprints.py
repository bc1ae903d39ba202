"""Fingerprints: the marks a CMS template leaves on every page it renders, for family detection.

A fingerprint is one observable mark with a weight: the page's host (`host`), a path or query seen in
the page's own URL or in any URL the page references (`ref`: asset paths, upload folders, section
links), or a CSS selector that matches (`css`). A family may declare its own (`Family.fingerprints`);
the built-in families' marks are listed here, next to each other, so the weights can be read as one
table: a mark shared by two families (NetCat uploads, 1C-Bitrix paths) is worth little to either,
a mark only one template prints (its template folder, its host) decides.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from selectolax.lexbor import LexborHTMLParser

logger = logging.getLogger(__name__)

Kind = Literal["host", "ref", "css"]


@dataclass(frozen=True)
class Fingerprint:
    kind: Kind
    pattern: str  # a regex for `host` and `ref`, a CSS selector for `css`
    weight: float  # a family's score is the sum of its matched weights, capped at 1
    label: str  # what the mark is, for the evidence printed to the user


@dataclass(frozen=True)
class Hit:
    fingerprint: Fingerprint
    count: int
    example: str

    def describe(self) -> str:
        times = f" ×{self.count}" if self.count > 1 else ""
        return f"{self.fingerprint.label}: {self.example}{times}"


@dataclass(frozen=True)
class PageMarks:
    """What fingerprints are matched against: host, every referenced URL, the parsed tree."""

    host: str
    refs: tuple[str, ...]
    tree: LexborHTMLParser


def match(fingerprint: Fingerprint, page: PageMarks) -> Hit | None:
    if fingerprint.kind == "host":
        if page.host and re.search(fingerprint.pattern, page.host):
            return Hit(fingerprint, 1, page.host)
        return None
    if fingerprint.kind == "ref":
        pattern = re.compile(fingerprint.pattern)
        found = [ref for ref in page.refs if pattern.search(ref)]
        return Hit(fingerprint, len(found), _short(found[0])) if found else None
    nodes = page.tree.css(fingerprint.pattern)
    if not nodes:
        return None
    first = nodes[0]
    classes = (first.attributes.get("class") or "").split()
    shown = f"<{first.tag}" + (f' class="{" ".join(classes[:3])}"' if classes else "") + ">"
    return Hit(fingerprint, len(nodes), shown)


def _short(ref: str, limit: int = 80) -> str:
    return ref if len(ref) <= limit else ref[: limit - 1] + "…"


# Shared marks: both NetCat families upload to /netcat_files/, both Bitrix families to /upload/iblock/.
_NETCAT_FILES = Fingerprint("ref", r"/netcat_files/", 0.2, "NetCat uploads")
_BITRIX_PATHS = Fingerprint(
    "ref", r"/bitrix/(?:js|cache|components|templates|tools)/|/upload/(?:iblock|resize_cache)/", 0.15,
    "1C-Bitrix paths",
)

BUILTIN: dict[str, Sequence[Fingerprint]] = {
    "gosweb": (
        Fingerprint("host", r"(?:^|\.)gosweb\.gosuslugi\.ru$", 0.6, "Госвеб host"),
        # `<slug>.gosuslugi.ru` is the short alias of a Госвеб site (gosuslugi.ru itself is not one).
        Fingerprint("host", r"^(?!www\.|pos\.)[a-z0-9-]+\.gosuslugi\.ru$", 0.4, "Госвеб alias host"),
        _NETCAT_FILES,
        Fingerprint("css", '[class^="tpl-"], [class*=" tpl-"]', 0.3, "NetCat 6 tpl- classes"),
        Fingerprint("css", '[itemtype*="schema.org/NewsArticle"]', 0.3, "schema.org NewsArticle microdata"),
        Fingerprint("ref", r"/dlya-zhiteley/novosti-i-reportazhi/", 0.3, "Госвеб news section"),
        Fingerprint("ref", r"[?&](?:amp;)?cur_cc=\d+", 0.1, "NetCat 6 pager (cur_cc)"),
        Fingerprint("ref", r"/netcat_template/template/gw/", 0.3, "Госвеб template folder (gw)"),
    ),
    "admobninsk": (
        # Госвеб is NetCat too: its template folder is `gw`, a municipal template's is its own.
        Fingerprint("ref", r"/netcat_template/template/(?!gw/)", 0.3, "NetCat template folder"),
        _NETCAT_FILES,
        Fingerprint("css", ".news_full, .news_list", 0.4, "news_full/news_list markup"),
        Fingerprint("ref", r"/news/\d{4}/\d{2}/\d{2}/news_\d+\.html", 0.2, "NetCat dated news URLs"),
        Fingerprint("host", r"(?:^|\.)admobninsk\.ru$", 0.3, "admobninsk host"),
    ),
    "gossite": (
        Fingerprint("ref", r"/bitrix/templates/gos_modern/", 0.6, "gos_modern template folder"),
        _BITRIX_PATHS,
        Fingerprint("css", ".news-detail, .news-list", 0.15, "Bitrix news component markup"),
        Fingerprint("css", ".modern-page-navigation", 0.3, "modern-page-navigation pager"),
        Fingerprint("ref", r"/about/info/news/", 0.35, "gossite news section"),
    ),
    "admoblkaluga": (
        Fingerprint("host", r"(?:^|\.)admoblkaluga\.ru$", 0.5, "Kaluga portal host"),
        Fingerprint("ref", r"/local/templates/kaluga_sub/", 0.5, "kaluga_sub template folder"),
        _BITRIX_PATHS,
        Fingerprint("css", ".page-content", 0.15, "page-content block"),
        Fingerprint("css", ".news-photos", 0.2, "news-photos gallery"),
    ),
    "wordpress": (
        Fingerprint("ref", r"/wp-content/|/wp-includes/", 0.5, "WordPress paths"),
        Fingerprint("css", 'meta[name="generator"][content^="WordPress"]', 0.4, "WordPress generator tag"),
        Fingerprint("ref", r"wordpress\.org/\?v=", 0.4, "WordPress feed generator"),
        Fingerprint("ref", r"/wp-json/", 0.2, "WordPress REST API link"),
        Fingerprint("ref", r"^https?://[^/]+/(?:[^?#]*/)?feed/?$", 0.2, "WordPress feed address"),
        Fingerprint("css", ".entry-title, .entry-content", 0.2, "entry-title/entry-content markup"),
    ),
}
