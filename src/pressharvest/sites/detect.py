"""`sites detect`: which family a page belongs to, and a ready TOML entry for its site.

    page bytes (+ its URL) → marks (host, referenced URLs, tree) → score per family, with evidence
      → family (or `generic` below the threshold) → news list URL, time zone, site id → TOML entry

Scoring is a weighted sum of the family's fingerprints (`sites/fingerprints.py`), capped at 1; the best
family at or above `THRESHOLD` wins. The list URL comes from the family's news section path (the page's
own address when it is inside it, else a link to it: the menu first), then from a link titled «Новости».
The time zone of a Госвеб site comes from the host's region code `-rNN` where the code has been seen on
hosts of identifiable towns; everything else is Moscow time, said to be a guess unless the region is
known. Pure functions of their arguments; `detect_remote` adds the fetch.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from pressharvest.decode import decode_page
from pressharvest.sites.config import Site
from pressharvest.sites.feeds import looks_like_feed
from pressharvest.sites.fingerprints import BUILTIN, Fingerprint, Hit, PageMarks, match
from pressharvest.sites.registry import all_families, site_for_url
from pressharvest.urls import is_http_address, url_parts

if TYPE_CHECKING:
    from pressharvest.fetch import FetchConfig

logger = logging.getLogger(__name__)

THRESHOLD = 0.5
GENERIC = "generic"
DEFAULT_ZONE = "Europe/Moscow"

# The news list section of each family (the CMS solution's own path).
LIST_PATHS: dict[str, str] = {
    "gosweb": "/dlya-zhiteley/novosti-i-reportazhi/",
    "admobninsk": "/news/",
    "gossite": "/about/info/news/",
    "admoblkaluga": "/news/",
}
_NEWS_TEXT = re.compile(r"^(?:все\s+|лента\s+)?новости(?:\s+и\s+(?:репортажи|события))?$", re.I)
_MENU = ".menu-item-link, nav a, .menu a, [class*=menu] a"

# Госвеб region codes (`-rNN` in `<slug>-rNN.gosweb.gosuslugi.ru`) are the platform's own numbers, NOT
# the constitutional subject codes: r19 is Vologda oblast (sh40-cherepovec-r19, sh22-vologda-r19),
# r04 Krasnoyarsk krai (nizhneingashskij-r04, ds4-sosnovoborsk-r04), r66 Smolensk oblast
# (lic-mnogoprofilnyj-smolensk-r66), r03 Krasnodar krai (sh1-labinsk-r03). So only codes seen on hosts
# of identifiable towns are mapped; the others fall back to Moscow time, reported as a guess.
GOSWEB_REGIONS: dict[str, tuple[str, str]] = {
    "03": ("Краснодарский край", "Europe/Moscow"),  # sh1-labinsk
    "04": ("Красноярский край", "Asia/Krasnoyarsk"),  # nizhneingashskij, ds4-sosnovoborsk, sh6-uzhur
    "13": ("Республика Мордовия", "Europe/Moscow"),  # bolsheelxovskoe
    "18": ("Удмуртская Республика", "Europe/Samara"),  # ds56-glazov
    "19": ("Вологодская область", "Europe/Moscow"),  # sh40-cherepovec, sh22-vologda, sh10-sokol
    "24": ("Ивановская область", "Europe/Moscow"),  # pestyakovskij
    "45": ("Курганская область", "Asia/Yekaterinburg"),  # makushinskij, shkolainternatkurtamyshskaya
    "56": ("Оренбургская область", "Asia/Yekaterinburg"),  # sh37-orsk, ds37-orenburg, sh2-kuvandyk
    "66": ("Смоленская область", "Europe/Moscow"),  # lic-mnogoprofilnyj-smolensk, ds-…-yarcevo
    "73": ("Ульяновская область", "Europe/Ulyanovsk"),  # dimitrovgrad, liczej45ulyanovsk
}
# Hosts whose region is known whatever the family (Kaluga oblast keeps Moscow time).
_KNOWN_HOSTS: tuple[tuple[str, str, str], ...] = (
    (r"(?:^|\.)admoblkaluga\.ru$", "Калужская область", "Europe/Moscow"),
    (r"(?:^|\.)admobninsk\.ru$", "Калужская область (Обнинск)", "Europe/Moscow"),
)
_GOSWEB_HOST = re.compile(r"^(?P<label>[a-z0-9-]+?-r(?P<code>\d+))\.gosweb\.gosuslugi\.ru$")
_GOSWEB_ALIAS = re.compile(r"^(?P<label>[a-z0-9-]+)\.gosuslugi\.ru$")
_URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>]+")
_REF_ATTRS = ("href", "src", "action", "data-src", "url", "content")


@dataclass(frozen=True)
class FamilyScore:
    family: str
    score: float
    evidence: tuple[str, ...]


@dataclass
class Detection:
    url: str | None
    family: str
    scores: list[FamilyScore]
    site_id: str | None = None
    base_url: str | None = None
    list_url: str | None = None
    list_url_from: str = "not found"
    cur_cc: str | None = None
    rss_url: str | None = None
    timezone: str = DEFAULT_ZONE
    timezone_from: str = "a guess: the region is unknown"
    timezone_guessed: bool = True
    name: str | None = None
    registered_as: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return next((s.score for s in self.scores if s.family == self.family), 0.0)

    def toml(self) -> str:
        """A `[sites.<id>]` entry ready to paste into a sites file."""
        key = self.site_id or "new-site"
        lines = [f"[sites.{key if re.fullmatch(r'[A-Za-z0-9_-]+', key) else _toml_str(key)}]"]
        if self.name:
            lines.append(f"name = {_toml_str(self.name)}")
        lines.append(f"family = {_toml_str(self.family)}")
        lines.append(f"base_url = {_toml_str(self.base_url)}" if self.base_url else
                     '# base_url = "https://…"  # not found: pass the page address with --url')
        if self.list_url:
            lines.append(f"list_url = {_toml_str(self.list_url)}")
        else:
            lines.append('# list_url = "https://…"  # not found: the address of the news list')
        if self.rss_url:
            lines.append(f"rss_url = {_toml_str(self.rss_url)}")
        comment = f"  # {self.timezone_from}" if self.timezone_guessed else ""
        lines.append(f"timezone = {_toml_str(self.timezone)}{comment}")
        if self.cur_cc:
            lines.append(f"# news infoblock: cur_cc={self.cur_cc} (its pager: ?cur_cc={self.cur_cc}&curPos=<offset>)")
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "family": self.family,
            "score": round(self.score, 2),
            "scores": [
                {"family": s.family, "score": round(s.score, 2), "evidence": list(s.evidence)} for s in self.scores
            ],
            "site_id": self.site_id,
            "base_url": self.base_url,
            "list_url": self.list_url,
            "list_url_from": self.list_url_from,
            "cur_cc": self.cur_cc,
            "rss_url": self.rss_url,
            "timezone": self.timezone,
            "timezone_from": self.timezone_from,
            "timezone_guessed": self.timezone_guessed,
            "registered_as": self.registered_as,
            "notes": list(self.notes),
            "toml": self.toml(),
        }

    def report(self) -> str:
        """The human-readable answer: family, evidence, other scores, proposals, the TOML entry."""
        out = [f"family: {self.family} (score {self.score:.2f})"]
        best = next((s for s in self.scores if s.family == self.family), None)
        for line in best.evidence if best is not None else ():
            out.append(f"  + {line}")
        if self.family == GENERIC:
            out.append(f"  no family reaches {THRESHOLD:.2f}: the generic extractor will read this site")
        others = [f"{s.family} {s.score:.2f}" for s in self.scores if s.family != self.family]
        if others:
            out.append("other families: " + ", ".join(others))
        out.append(f"list URL: {self.list_url or '-'} ({self.list_url_from})")
        if self.cur_cc:
            out.append(f"news infoblock: cur_cc={self.cur_cc}")
        out.append(f"time zone: {self.timezone} ({self.timezone_from})")
        if self.registered_as:
            out.append(f"already registered as site {self.registered_as!r}")
        out.extend(f"note: {note}" for note in self.notes)
        out.append("")
        out.append(self.toml().rstrip("\n"))
        return "\n".join(out)


def _toml_str(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(value, ensure_ascii=False)


# -- marks ------------------------------------------------------------------------------------------


def _own_url(tree: LexborHTMLParser, text: str) -> str | None:
    """The page's address as the page states it: canonical link, og:url, an RSS channel's link."""
    for selector, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        value = (node.attributes.get(attr) or "").strip() if node is not None else ""
        if is_http_address(value):
            return value
    channel = re.search(r"<channel>.*?<link>\s*(https?://[^<\s]+)\s*</link>", text, re.S)
    return channel.group(1) if channel and is_http_address(channel.group(1)) else None


def _refs(tree: LexborHTMLParser, text: str, url: str | None) -> tuple[str, ...]:
    found: dict[str, None] = {}
    if url:
        found[url] = None
    for attr in _REF_ATTRS:
        for node in tree.css(f"[{attr}]"):
            value = (node.attributes.get(attr) or "").strip()
            if "/" in value or "?" in value:
                found.setdefault(value, None)
    for value in _URL_IN_TEXT.findall(text):  # feeds, scripts and inline styles
        found.setdefault(value, None)
    return tuple(found)


def family_fingerprints() -> dict[str, Sequence[Fingerprint]]:
    """Every family's fingerprints: declared by the family, else the built-in table's."""
    table: dict[str, Sequence[Fingerprint]] = {}
    for name, family in sorted(all_families().items()):
        marks = family.fingerprints or BUILTIN.get(name, ())
        if marks:
            table[name] = marks
    return table


def score_families(marks: PageMarks, table: Mapping[str, Sequence[Fingerprint]]) -> list[FamilyScore]:
    scores: list[FamilyScore] = []
    for name, fingerprints in table.items():
        hits: list[Hit] = [hit for fp in fingerprints if (hit := match(fp, marks)) is not None]
        total = min(1.0, sum(hit.fingerprint.weight for hit in hits))
        scores.append(FamilyScore(name, total, tuple(hit.describe() for hit in hits)))
    return sorted(scores, key=lambda s: (-s.score, s.family))


# -- proposals --------------------------------------------------------------------------------------


def _anchors(tree: LexborHTMLParser, selector: str = "a[href]") -> list[tuple[str, str]]:
    out = []
    for node in tree.css(selector):
        href = (node.attributes.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")) and url_parts(href) is not None:
            out.append((href, " ".join(node.text(separator=" ").split())))
    return out


def _same_site(href: str, base: str) -> str | None:
    absolute = urljoin(base, href)
    a, b = urlsplit(absolute), urlsplit(base)
    if a.scheme not in ("http", "https") or (a.hostname or "") != (b.hostname or ""):
        return None
    return absolute


def propose_list_url(family: str, tree: LexborHTMLParser, url: str | None) -> tuple[str | None, str]:
    """The news list URL and how it was found."""
    path = LIST_PATHS.get(family)
    if url is None:
        return None, "not found: the page address is unknown (pass --url)"
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}"
    if path and parts.path.startswith(path):
        return root + path, "the page's own section"
    if path:
        for selector, where in ((_MENU, "a menu link"), ("a[href]", "a link on the page")):
            for href, _text in _anchors(tree, selector):
                absolute = _same_site(href, url)
                if absolute is not None and urlsplit(absolute).path == path:
                    return root + path, where
    for href, text in _anchors(tree):
        absolute = _same_site(href, url)
        if absolute is not None and _NEWS_TEXT.match(text):
            return absolute.split("#", 1)[0], f"a link titled «{text}»"
    return None, "not found: no link to the news section"


def pager_cur_cc(tree: LexborHTMLParser) -> str | None:
    """The news infoblock id from a NetCat 6 pager link (`?cur_cc=<cc>&curPos=<offset>`)."""
    for href, _text in _anchors(tree):
        query = parse_qs(urlsplit(href).query)
        if "cur_cc" in query and "curPos" in query and not any(k.startswith("filter") for k in query):
            value = query["cur_cc"][0]
            if value.isdigit():
                return value
    return None


def _rss_url(tree: LexborHTMLParser, url: str | None) -> str | None:
    node = tree.css_first('link[rel="alternate"][type="application/rss+xml"][href]')
    if node is None or url is None:
        return None
    return urljoin(url, (node.attributes.get("href") or "").strip())


def propose_zone(host: str, family: str) -> tuple[str, str, bool]:
    """(IANA zone, where it comes from, guessed?)."""
    found = _GOSWEB_HOST.match(host)
    if found is not None:
        code = found.group("code")
        region = GOSWEB_REGIONS.get(code) or GOSWEB_REGIONS.get(code.zfill(2))
        if region is not None:
            return region[1], f"Госвеб region r{code}: {region[0]}", False
        return DEFAULT_ZONE, f"a guess: Госвеб region r{code} is not in the table; check the site's region", True
    for pattern, region_name, tz in _KNOWN_HOSTS:
        if re.search(pattern, host):
            return tz, region_name, False
    return DEFAULT_ZONE, "a guess: the region is unknown; check it", True


def propose_site_id(host: str) -> str:
    host = host.lower().removeprefix("www.")
    for pattern in (_GOSWEB_HOST, _GOSWEB_ALIAS):
        found = pattern.match(host)
        if found is not None:
            return found.group("label")
    kaluga = re.match(r"^([a-z0-9-]+)\.admoblkaluga\.ru$", host)
    if kaluga is not None:
        return f"admoblkaluga-{kaluga.group(1)}"
    labels = host.split(".")
    core = labels[:-1] if len(labels) > 1 else labels
    return re.sub(r"[^a-z0-9_-]+", "-", "-".join(core)).strip("-_") or "site"


def _site_name(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first('meta[property="og:site_name"]')
    value = (node.attributes.get("content") or "").strip() if node is not None else ""
    return " ".join(value.split()) or None


# -- the whole ----------------------------------------------------------------------------------


def detect(
    content: bytes,
    *,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    sites: Mapping[str, Site] | None = None,
    site_id: str | None = None,
) -> Detection:
    """Name the family of a page and propose its site entry."""
    text = decode_page(content, headers or {})
    tree = LexborHTMLParser(text)
    page_url = url or _own_url(tree, text)
    host = (urlsplit(page_url).hostname or "").lower() if page_url else ""
    marks = PageMarks(host=host, refs=_refs(tree, text, page_url), tree=tree)
    scores = score_families(marks, family_fingerprints())
    best = scores[0] if scores else None
    family = best.family if best is not None and best.score >= THRESHOLD else GENERIC
    result = Detection(url=page_url, family=family, scores=scores, name=_site_name(tree))
    if best is not None and len(scores) > 1 and family != GENERIC and scores[1].score == best.score:
        result.notes.append(f"{best.family} and {scores[1].family} score the same; check the family by hand")
    if page_url:
        parts = urlsplit(page_url)
        result.base_url = f"{parts.scheme}://{parts.netloc}"
        result.site_id = site_id or propose_site_id(host)
    result.list_url, result.list_url_from = propose_list_url(family, tree, page_url)
    if family == "gosweb" or LIST_PATHS.get(family) is None:
        result.cur_cc = pager_cur_cc(tree)
    result.rss_url = page_url if page_url and looks_like_feed(text) else _rss_url(tree, page_url)
    result.timezone, result.timezone_from, result.timezone_guessed = propose_zone(host, family)
    if sites is not None and page_url:
        registered = site_for_url(page_url, dict(sites))
        if registered is not None:
            result.registered_as = registered.id
            result.site_id = site_id or registered.id
            if result.timezone_guessed:
                result.timezone = registered.timezone
                result.timezone_from = f"the registered site {registered.id}"
                result.timezone_guessed = False
    return result


async def detect_remote(
    url: str,
    config: FetchConfig,
    *,
    sites: Mapping[str, Site] | None = None,
    site_id: str | None = None,
    follow_list: bool = True,
) -> Detection:
    """Fetch `url` and detect; then read the proposed list page too (one request) for its pager."""
    from pressharvest.errors import FetchError
    from pressharvest.fetch import Fetcher

    async with Fetcher(config) as fetcher:
        page = await fetcher.fetch(url)
        result = detect(page.content, url=page.final_url, headers=page.headers, sites=sites, site_id=site_id)
        if not follow_list or result.list_url is None or _same_page(result.list_url, page.final_url):
            return result
        try:
            listing = await fetcher.fetch(result.list_url)
        except FetchError as exc:
            result.notes.append(f"the list page could not be read: {exc.reason}")
            return result
    seen = detect(listing.content, url=listing.final_url, headers=listing.headers)
    if seen.family != result.family:
        result.notes.append(f"the list page looks like {seen.family} (score {seen.score:.2f})")
    result.cur_cc = result.cur_cc or seen.cur_cc
    result.rss_url = result.rss_url or seen.rss_url
    return result


def _same_page(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.hostname, pa.path, pa.query) == (pb.hostname, pb.path, pb.query)
