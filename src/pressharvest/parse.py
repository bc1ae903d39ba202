"""The offline entry points: page bytes → `PressRelease` / `Links`. Pure functions of their arguments."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from pressharvest.decode import decode_page, decode_with_charset
from pressharvest.errors import ConfigError, ParseError, unknown_site
from pressharvest.models import Links, PressRelease
from pressharvest.normalize import build_links, build_record
from pressharvest.sites.base import Page
from pressharvest.sites.config import Site, load_sites
from pressharvest.sites.feeds import feed_links, looks_like_feed
from pressharvest.sites.landmarks import canonical_link, css_first
from pressharvest.sites.page_base import absolutize_links, base_href
from pressharvest.sites.registry import family_of, site_for_url
from pressharvest.text.blocks import MAX_DEPTH, nested_too_deep
from pressharvest.urls import is_http_address, resolve_base


@dataclass(frozen=True)
class Registry:
    """The sites a call may use: the built-in ones plus a user's TOML."""

    sites: Mapping[str, Site]

    @classmethod
    def load(cls, user_file: str | None = None) -> Registry:
        return cls(load_sites(user_file))

    def resolve(self, site: str | None, url: str | None) -> Site:
        if site is not None:
            try:
                return self.sites[site]
            except KeyError:
                raise unknown_site(site) from None
        if url is None or not is_http_address(url):  # (a page's canonical link may be malformed)
            raise ConfigError("the page names no usable canonical link: pass --site or --url", key="site")
        found = site_for_url(url, dict(self.sites))
        if found is not None:
            return found
        adhoc = generic_site(url)
        if adhoc is not None:
            return adhoc
        raise ConfigError(f"no registered site matches {url!r}; pass --site", key="site")


def generic_site(url: str) -> Site | None:
    """An ad-hoc site for a URL no registered site matches: the generic extractor, Moscow time."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    site_id = re.sub(r"[^a-z0-9_-]", "-", host.replace(".", "-")).strip("-_") or "site"
    return Site(id=site_id, family="generic", base_url=f"{parts.scheme}://{host}", timezone="Europe/Moscow")


def _default_registry(registry: Registry | None) -> Registry:
    return registry if registry is not None else Registry.load()


# Deeper element nesting than any real page has (they stay under ~40). The walks over the tree are
# iterative or depth-guarded (the block walker refuses more than MAX_DEPTH levels), but the landmark
# searches a redesigned page falls back on read each element's text or ancestors: on a page nested
# 2,000 levels deep with text at every level that is quadratic (20-40 s of CPU), so such a page is
# refused as soon as it is parsed, by one query over the tree (~40 µs a page).
_TOO_DEEP = "* > " * MAX_DEPTH + "*"
# Asked first, as no real page is that deep (parsing the 201-part selector is a third of the check):
# whether no element has 48 ancestors, asked of the root alone. lexbor follows the child chain from the
# top once (the plain `"* > " * 48 + "*"` checked every element's ancestors), and `css_first` tries the
# root first and stops there when the page is not that deep (every real page). No match is the page
# that deep. tests/test_fast_paths_record.py checks it against the plain selector.
_NOT_DEEPER_THAN_REAL = ":root:not(:has(" + "> * " * 48 + "))"
# Pages of many thousand tags are checked before parsing, as lexbor's tree builder is itself
# quadratic in the depth: it looks through the stack of open elements at many tags (a <div> asks whether a
# <p> is open "in button scope", an end tag whether its element is open, up to the next scope
# boundary), so a page that opens N elements and keeps them open costs N² per later tag: 40,000 nested
# <div> took 5 s, 100,000 unclosed <span> before a few hundred more tags 2-4 s. The depth of open
# elements is therefore estimated from the text before parsing, as the tree builder would count it:
# an end tag closes its element and everything opened after it; void elements and the ones HTML closes
# by themselves (<p>, <li>, <td>, …) are not counted, and script, style and comment contents are skipped.
_TAG = re.compile(r"<!--|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)")
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image"])
# Closed by the next of their kind or by their parent's end (and <a>, <form>, <button>, <nobr> cannot
# nest in themselves), html/head/body only once.
_SELF_CLOSING = frozenset(["p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
                           "caption", "colgroup", "rb", "rt", "rtc", "rp", "a", "form", "button", "nobr", "html",
                           "head", "body"])
_NOT_NESTING = _VOID | _SELF_CLOSING
_RAW_TEXT = {name: re.compile(f"</{name}", re.I)
             for name in ("script", "style", "textarea", "title", "xmp", "noembed", "noframes", "iframe")}
_SCAN_ABOVE = 5000  # tags; below that even the worst nesting builds in a few milliseconds


def _too_deep_for_lexbor(text: str, tags: int) -> bool:
    if tags < _SCAN_ABOVE:
        return False
    stack: list[str] = []
    open_count: dict[str, int] = {}
    search, pos, end = _TAG.search, 0, len(text)
    while (match := search(text, pos)) is not None:
        pos = match.end()
        name = match.group(2)
        if name is None:  # a comment: skipped whole
            close = text.find("-->", pos)
            pos = end if close < 0 else close + 3
            continue
        name = name.lower()
        if name in _NOT_NESTING:
            continue
        if match.group(1):  # an end tag: its element and everything opened after it close
            if open_count.get(name):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
            continue
        closing = _RAW_TEXT.get(name)
        if closing is not None:  # contents are text, not tags
            found = closing.search(text, pos)
            pos = end if found is None else found.end()
            continue
        if name == "plaintext":  # everything after it is text
            break
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > MAX_DEPTH:
            return True
    return False


# Table-part tags outside any table are dropped by the tree builder, and text misplaced inside a
# table is moved before it ("foster parenting"); either way lexbor rebuilds the text node around each
# tag: 20,000 stray <tr> in 1.5 MB of text took 40 s of CPU, the same rows with the text inside one
# <table> 55 s. No press release has a thousand stray table tags or five thousand table rows.
_TABLE_PARTS = re.compile(r"<(/?)(table|tr|td|th|tbody|thead|tfoot|caption|colgroup|col)[\s/>]", re.I)
MAX_STRAY_TABLE_TAGS = 1000
MAX_TABLE_ROWS = 5000


def _table_trouble(text: str) -> str | None:
    """Why lexbor would take quadratic time over this page's table tags, or None."""
    tables = stray = rows = 0
    for match in _TABLE_PARTS.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if name == "table":
            tables = max(0, tables - 1) if closing else tables + 1
        elif tables == 0:
            stray += 1
        rows += name == "tr" and not closing
        if stray > MAX_STRAY_TABLE_TAGS:
            return f"more than {MAX_STRAY_TABLE_TAGS} table tags outside any table"
        if rows > MAX_TABLE_ROWS:
            return f"more than {MAX_TABLE_ROWS} table rows"
    return None


# An attribute value longer than any real one (long `href`s and `style`s stay under a few KB; inline
# `data:` images are not kept anyway) is emptied before parsing: lexbor copies an unclosed <a>'s
# attributes each time it reopens the element ("active formatting elements"), so one 1 MB class on
# a page with a thousand list items cost 1 GB of memory and 5 s of selector matching.
MAX_ATTRIBUTE = 16_384
_LONG = f"{{{MAX_ATTRIBUTE},}}"  # a regex repetition: {16384,}
# `=` is left out of unquoted values so that every attempt stops at the next `=`: linear time.
_HUGE_ATTRIBUTE = re.compile(rf"""=(\s*)(?:"[^"]{_LONG}"|'[^']{_LONG}'|[^\s>"'=]{_LONG})""")


def _without_huge_attributes(text: str) -> str:
    if len(text) < MAX_ATTRIBUTE or "=" not in text or not _may_hold_huge_attribute(text):
        return text
    return _HUGE_ATTRIBUTE.sub(r'=\1""', text)


def _may_hold_huge_attribute(text: str) -> bool:
    """Whether a value of MAX_ATTRIBUTE characters can be there: two `"` or two `'` that far apart,
    or that many characters without a space or `>`. A few `rfind`s, where the regex tries every `=`."""
    return (
        _long_run_without(text, '"', closed=True)
        or _long_run_without(text, "'", closed=True)
        or _long_run_without(text, " >", closed=False)
    )


def _long_run_without(text: str, marks: str, *, closed: bool) -> bool:
    """Whether MAX_ATTRIBUTE characters in a row hold none of `marks` (with `closed`, between two of
    them: `marks` is then one quote). Each step jumps to the last mark within reach; once the text
    ends within reach, no run that long is left."""
    end = len(text)
    pos = text.find(marks) if closed else -1
    if pos < 0 and closed:
        return False
    while True:
        reach = pos + MAX_ATTRIBUTE + 1  # the run would be text[pos + 1 : reach]
        if reach > end:
            return False
        if len(marks) == 1:
            last = text.rfind(marks, pos + 1, reach)
        elif len(marks) == 2:
            last = max(text.rfind(marks[0], pos + 1, reach), text.rfind(marks[1], pos + 1, reach))
        else:
            last = max(text.rfind(mark, pos + 1, reach) for mark in marks)
        if last < 0:
            return not closed or text.find(marks, reach) >= 0
        pos = last


def _utf8_source(content: bytes, text: str, charset: str) -> bytes | None:
    """`content` when it is `text` in UTF-8 (a UTF-8 page without a byte-order mark that decoded
    without a replacement character): lexbor then parses the bytes as they are, where it would encode
    the text again (~40 µs a page). `charset` is the one `text` was decoded with."""
    if content.startswith(codecs.BOM_UTF8) or "\ufffd" in text:
        return None
    return content if charset.startswith("utf-8") else None


def _parse_tree(text: str, site: str | None, url: str | None, utf8: bytes | None = None) -> LexborHTMLParser:
    """The page's tree; `utf8`, when given, is `text` in UTF-8 (see `_utf8_source`)."""
    checked = _without_huge_attributes(text)
    if checked is not text:
        text, utf8 = checked, None
    tags = text.count("<")
    trouble = _table_trouble(text) if tags >= _SCAN_ABOVE else None
    if trouble is not None:
        raise ParseError("body", trouble, site=site, url=url)
    tree = None if _too_deep_for_lexbor(text, tags) else LexborHTMLParser(text if utf8 is None else utf8)
    if tree is None or _nested_too_deep(tree):
        raise nested_too_deep().located(site=site, url=url)
    return tree


def _nested_too_deep(tree: LexborHTMLParser) -> bool:
    # Matched in C: each query walks the whole tree.
    return css_first(tree, _NOT_DEEPER_THAN_REAL) is None and css_first(tree, _TOO_DEEP) is not None


def _check_page_url(url: str | None, site: str | None) -> None:
    """The page's address, when given, must be one its links can resolve against."""
    if url is not None and not is_http_address(url):
        raise ParseError("url", f"not an absolute http(s) address: {url!r}", site=site, url=url)


def parse_page(
    content: bytes,
    *,
    site: str | None = None,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
    registry: Registry | None = None,
) -> PressRelease:
    """Parse one saved or fetched article page into a validated record.

    Raises `ParseError(field)` when a required field cannot be found, `ConfigError` for an unknown site.
    """
    _check_page_url(url, site)
    text, charset = decode_with_charset(content, headers)
    tree = _parse_tree(text, site, url, _utf8_source(content, text, charset))
    # Without --site and --url, the page's own canonical link says which site it belongs to.
    the_site = _default_registry(registry).resolve(site, url or (canonical_link(tree) if site is None else None))
    family = family_of(the_site)
    layout = family.layout_for(tree, the_site.layout)
    page = Page(the_site, url, fetched_at)
    try:
        raw = layout.article(tree, page)
    except ParseError as exc:
        raise exc.located(site=the_site.id, url=url) from None
    return build_record(raw, page, content, layout.parser_name, base_href=base_href(tree))


def parse_links(
    content: bytes,
    *,
    site: str | None = None,
    url: str,
    headers: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> Links:
    """Article links of a news list page (or an RSS/Atom feed) and its next page."""
    _check_page_url(url, site)
    the_site = _default_registry(registry).resolve(site, url)
    text = decode_page(content, headers)
    if looks_like_feed(text):
        try:
            raw = feed_links(text)
        except ValueError as exc:
            raise ParseError("articles", str(exc), site=the_site.id, url=url) from None
        return build_links(raw, url)
    family = family_of(the_site)
    tree = _parse_tree(text, the_site.id, url)
    # Families match link addresses against URL patterns: a page writing them relative to itself (or
    # to its `<base href>`) gives them as a browser resolves them.
    absolutize_links(tree, resolve_base(base_href(tree), url))
    layout = family.layout_for(tree, the_site.layout)
    try:
        raw_links = layout.links(tree, Page(the_site, url))
    except ParseError as exc:
        raise exc.located(site=the_site.id, url=url) from None
    return build_links(raw_links, url, the_site.base_url)
