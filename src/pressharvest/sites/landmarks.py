"""Helpers family parsers share: selectors tried in order, and the text landmarks pages always carry.

Selectors are the first signal; when a redesign renames classes, the landmarks (a date line next to
the title, "Рейтинг новости:", "обновлено …", a canonical link, `rel=next` or "Следующая", the
richest text container, links to full-size pictures and to documents) still find the field.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, cast

from selectolax.lexbor import LexborCSSSelector, LexborHTMLParser, LexborNode

from pressharvest.sites.tree_walk import ancestors_below, has_ancestor_tag
from pressharvest.text.blocks import SKIP_TAGS, Block, Link, image_source
from pressharvest.text.clean import clean_text, only_spacing_to_clean
from pressharvest.text.dates import MONTH_WORD

RATING = re.compile(r"Рейтинг\s+новости\s*:?\s*([-−–+]?\s*\d+)", re.I)
UPDATED = re.compile(
    r"(?:обновлено|изменено|отредактировано|дата\s+(?:изменения|редактирования)|последнее\s+изменение)\s*:?\s*(.{6,40})",
    re.I,
)
# The heading of the reference block, in any case: «Справочно:», «Справка:», «Для справки:»,
# «Справочная информация:» (a colon after the word) …
_REFERENCE_WORDS = r"(?:справочно|справка|для\s+справки|справочная\s+информация)"
REFERENCE_HEAD = re.compile(rf"^{_REFERENCE_WORDS}\s*:\s*", re.I)
# … or with a full stop or a dash («Справочно.», «Справка –»), but only where the heading stands alone
# or is set in bold before the text: «Справка – документ, который выдаёт МФЦ» is a sentence.
_LOOSE_REFERENCE_HEAD = re.compile(rf"^{_REFERENCE_WORDS}\s*(?:\.|[–—-])\s*", re.I)
_REFERENCE_HEADING = re.compile(rf"{_REFERENCE_WORDS}\s*[.:–—-]?", re.I)
# … or as the whole of its block with no mark at all, where the block is set as a heading
# (`block_reference_head`): «Справочно» in bold or in an `<h4>`. The bare word in a list item (a list
# of documents: «Заявление», «Резюме», «Справка»), as a link's text (a document) or in a table cell is
# the name of a document, no heading.
_BARE_REFERENCE_HEAD = re.compile(_REFERENCE_WORDS, re.I)
_HEADING_FORM_TAGS = frozenset(["h2", "h3", "h4", "h5", "h6"])
_NEVER_HEADING_FORM_TAGS = frozenset(["li", "tr", "td", "th", "dd", "dt"])


# The first letters a heading can start with (re.I: с, д and the narrow forms U+1C81, U+1C83 it equates
# with them): a cheaper test than the match, on every block of every page.
REFERENCE_FIRST = "СДсд\u1c81\u1c83"


def reference_head(text: str, bold: str = "", *, heading_form: bool = False) -> re.Match[str] | None:
    """The reference block's heading at the start of a block's `text`, or None; `bold` is the text
    of the block's leading bold run (a run-in heading); `heading_form`: the block is set as a heading
    (`set_as_heading`), the only place the bare word with no mark after it is the heading."""
    if text[:1] not in REFERENCE_FIRST:
        return None
    head = REFERENCE_HEAD.match(text)
    if head is not None:
        return head
    head = _LOOSE_REFERENCE_HEAD.match(text)
    if head is None:
        return _BARE_REFERENCE_HEAD.fullmatch(text) if heading_form else None
    if head.end() == len(text) or _REFERENCE_HEADING.fullmatch(bold.strip()):
        return head
    return None


def set_as_heading(block: Block) -> bool:
    """Whether a block is set as a heading of its own: an `<h2>`–`<h6>`, or a block all of whose text
    is bold; never a list item, a table row or cell, or a block whose text is (or holds) a link."""
    if block.tag in _NEVER_HEADING_FORM_TAGS or any(link.text for link in block.links):
        return False
    return block.tag in _HEADING_FORM_TAGS or (bool(block.text) and block.bold_prefix == block.text)


def block_reference_head(block: Block) -> re.Match[str] | None:
    """`reference_head` of a block's text, the bare word accepted where the block is set as a heading."""
    text = block.text
    if text[:1] not in REFERENCE_FIRST:
        return None
    return reference_head(text, block.bold_prefix, heading_form=set_as_heading(block))


# Key words every match of RATING / UPDATED holds within one text node (for `find_text(needs=…)`).
RATING_WORD = re.compile("рейтинг", re.I)
UPDATED_WORD = re.compile("обновлено|изменен|редактир", re.I)
DATE_LINE = re.compile(
    r"^\s*(\d{1,2}\s+" + MONTH_WORD + r"\s+\d{4}"
    r"|\d{1,2}\.\d{1,2}\.\d{4}|\d{2}\.\d{2}\.\d{2}(?![\d.])|(сегодня|вчера)\s*,?\s*\d{1,2}:\d{2})",
    re.I,
)
DOCUMENT_EXT = re.compile(r"\.(pdf|docx?|xlsx?|rtf|zip)(?:$|[?#])", re.I)


class _SelectorEngine(Protocol):
    def find(self, query: str, node: LexborNode) -> list[LexborNode]: ...
    def find_first(self, query: str, node: LexborNode) -> list[LexborNode]: ...


_ENGINES = threading.local()


def _engine() -> _SelectorEngine:
    """This thread's CSS selector engine. selectolax builds one per parsed page at its first query
    (lexbor's CSS parser and selector matcher: ~25-50 µs to create, ~9 µs to free, on every page);
    it holds no state of a page between queries (each frees its parsed selector), so one serves
    every page a thread parses."""
    engine: _SelectorEngine | None = getattr(_ENGINES, "engine", None)
    if engine is None:
        # (selectolax types its `__init__` without annotations.)
        engine = _ENGINES.engine = cast(_SelectorEngine, LexborCSSSelector())  # type: ignore[no-untyped-call]
    return engine


def css(scope: LexborHTMLParser | LexborNode, query: str) -> list[LexborNode]:
    """`scope.css(query)`, through this thread's engine."""
    node = scope.root if isinstance(scope, LexborHTMLParser) else scope
    return _engine().find(query, node) if node is not None else []


def css_first(scope: LexborHTMLParser | LexborNode, query: str) -> LexborNode | None:
    """`scope.css_first(query)`, through this thread's engine."""
    node = scope.root if isinstance(scope, LexborHTMLParser) else scope
    if node is None:
        return None
    found = _engine().find_first(query, node)
    return found[0] if found else None


def first(tree: LexborHTMLParser | LexborNode, selectors: Iterable[str]) -> LexborNode | None:
    """The first node matched by the first selector that matches anything."""
    for selector in selectors:
        node = css_first(tree, selector)
        if node is not None:
            return node
    return None


def first_in(tree: LexborHTMLParser, selector: str, *scopes: LexborNode | None) -> LexborNode | None:
    """The first `selector` match in the first of `scopes` holding one, else the page's first: the
    article's own block wins over a lookalike elsewhere, and a scope is walked faster than the page."""
    for scope in scopes:
        node = css_first(scope, selector) if scope is not None else None
        if node is not None:
            return node
    return css_first(tree, selector)


def text_of(node: LexborNode | None) -> str:
    """Visible text of a node with scripts and styles left out, normalised."""
    if node is None:
        return ""
    texts: list[str] = []
    _add_visible_texts(node, texts)
    return clean_text(" ".join(texts))


def _add_visible_texts(node: LexborNode, texts: list[str]) -> None:
    # Appends to one list, walking with a stack of the open elements' child iterators: no recursion,
    # as a hostile page may nest elements thousands of levels deep.
    walks = [node.iter(include_text=True)]
    while walks:
        for child in walks[-1]:
            tag = child.tag or ""
            if tag == "-text":
                texts.append(child.text_content or "")
            elif tag == "br":
                texts.append(" ")
            elif not tag.startswith("-") and tag not in SKIP_TAGS:
                walks.append(child.iter(include_text=True))
                break
        else:
            walks.pop()


def text_reaches(node: LexborNode, limit: int) -> bool:
    """Whether `len(text_of(node)) >= limit`, reading only as much of the node's text as that takes:
    the short-element tests (a teaser card, a date line's holder) often ask it of a whole article.
    The cleaned length of the texts read so far never exceeds the whole text's, so it may answer yes
    early; it is worked out each time the raw length read doubles."""
    texts: list[str] = []
    read, check = 0, limit
    walks = [node.iter(include_text=True)]
    while walks:
        for child in walks[-1]:
            tag = child.tag or ""
            if tag == "-text":
                text = child.text_content or ""
            elif tag == "br":
                text = " "
            else:
                if not tag.startswith("-") and tag not in SKIP_TAGS:
                    walks.append(child.iter(include_text=True))
                    break
                continue
            texts.append(text)
            read += len(text)
            if read >= check:
                if len(clean_text(" ".join(texts))) >= limit:
                    return True
                check = 2 * read
        else:
            walks.pop()
    return len(clean_text(" ".join(texts))) >= limit


def meta_content(tree: LexborHTMLParser, *names: str) -> str | None:
    """`content` of the first `<meta>` whose name, property or itemprop is one of `names`."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            node = css_first(tree, f'meta[{attr}="{name}"]')
            if node is not None and node.attrs.get("content"):
                return (node.attrs.get("content") or "").strip()
    return None


_CANONICAL = 'link[rel="canonical"]'


def canonical_link(tree: LexborHTMLParser) -> str | None:
    node = css_first(tree, _CANONICAL)
    if node is not None and node.attrs.get("href"):
        return href_of(node)
    return meta_content(tree, "og:url")


def find_text(
    root: LexborNode,
    pattern: re.Pattern[str],
    *,
    skip: Iterable[LexborNode] = (),
    trigger: re.Pattern[str] | None = None,
    needs: re.Pattern[str] | None = None,
    whole: str | None = None,
) -> re.Match[str] | None:
    """The first match of `pattern` in the text of an element directly holding it, outside `skip`.

    With `trigger`, an element whose own text matches `trigger` is also read whole, children included,
    so that `Рейтинг новости: <span>-15</span>` still gives its value.

    With `needs` (a key word without spaces that every match of `pattern` and of `trigger` contains
    within one text node), the whole text of `root` is searched for it first: the element walk costs
    a millisecond a page, one C-level `text()` a few microseconds, and most pages carry no such word
    at all. On a page that has it, only elements whose own text holds it are read further: they are
    picked in C (`:lexbor-contains`, for each spelling of the word on the page), where walking every
    element in Python cost ~0.7 ms a page that has the word. `whole`, when the caller has read it,
    is `root.text(separator=" ")`.
    """
    nodes: Iterable[LexborNode] | None = None
    plain = False  # text that cleaning would only fold: `needs` can be searched in it as it is
    if needs is not None:
        whole = root.text(separator=" ") if whole is None else whole
        plain = only_spacing_to_clean(whole)
        words = spellings(whole if plain else clean_text(whole), needs)
        if not words:
            return None
        if plain:
            nodes = holding_text(root, words)
    return _find_text_in(
        root.traverse(include_text=False) if nodes is None else nodes, pattern, skip, trigger, needs if plain else None
    )


def spellings(text: str, word: re.Pattern[str]) -> set[str]:
    """The distinct strings `word` matches in `text`, as `{m.group() for m in word.finditer(text)}`.

    For a case-insensitive alternation of lower-case Cyrillic words (the key words of `find_text`)
    they are found in `text.lower()` with `str.find`: `re.I` over Cyrillic costs 10-50 ns a character
    (an alternation of two words ~170 µs over a 5,000-character page), lowering ~7. This is exact
    when lowering keeps every character's place (no character lowers to two) and the text holds
    none of the few characters that `re.I` equates with a Cyrillic letter and lower() does not (a
    test checks both over every code point)."""
    words = _plain_words(word)
    if words is not None:
        lowered = text.lower()
        if len(lowered) == len(text) and not any(extra in text for extra in _RE_I_ONLY):
            found: set[str] = set()
            for key in words:  # (the words of these alternations never overlap one another)
                pos = lowered.find(key)
                while pos >= 0:
                    found.add(text[pos : pos + len(key)])
                    pos = lowered.find(key, pos + len(key))
            return found
    return {match.group() for match in word.finditer(text)}


# Narrow Cyrillic letters (U+1C80-U+1C86) that `re.I` equates with в, д, о, с, т, ъ: lower() leaves
# them as they are.
_RE_I_ONLY = "\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86"
_PLAIN_WORDS = re.compile(r"[а-яё]+(?:\|[а-яё]+)*")


@lru_cache(maxsize=64)
def _plain_words(word: re.Pattern[str]) -> tuple[str, ...] | None:
    """The words of a case-insensitive alternation of plain lower-case Cyrillic words, else None."""
    if not word.flags & re.I or not _PLAIN_WORDS.fullmatch(word.pattern):
        return None
    return tuple(word.pattern.split("|"))


def holding_text(root: LexborNode, words: Iterable[str]) -> list[LexborNode] | None:
    """The elements in `root` (itself included), in document order, with a text node of their own
    that holds one of `words` (letters only; None for other words): at least those, as lexbor lists
    them (tests check the order and that none is missed)."""
    words = sorted(words)
    if not words or not all(word.isalpha() for word in words):
        return None
    return css(root, ", ".join(f'*:lexbor-contains("{word}")' for word in words))


def _find_text_in(
    nodes: Iterable[LexborNode],
    pattern: re.Pattern[str],
    skip: Iterable[LexborNode],
    trigger: re.Pattern[str] | None,
    needs: re.Pattern[str] | None,
) -> re.Match[str] | None:
    """`find_text` over `nodes`; `needs`, when given, must be in an element's own raw text."""
    skipped = {node.mem_id for node in skip}
    for node in nodes:
        if (node.tag or "") in SKIP_TAGS or (skipped and node.mem_id in skipped):
            continue
        # `text(deep=False, separator=" ")` joins the direct text children in C: the same string as
        # joining their `text_content` in Python, without a node object per child (this loop visits
        # every element of the page, and most hold only whitespace, which cleans to nothing).
        raw = node.text(deep=False, separator=" ")
        if not raw or raw.isspace() or (needs is not None and not needs.search(raw)):
            continue
        own = clean_text(raw)
        if own:
            match = pattern.search(own)
            if match:
                return match
            if trigger is not None and trigger.search(own):
                match = pattern.search(text_of(node))
                if match:
                    return match
    return None


@dataclass(frozen=True)
class DateLine:
    """A date line found next to the title: its text and the element holding it."""

    text: str
    node: LexborNode


_BODY_TEXT = 120  # a text run this long outside a heading is article text: the date line came before it
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_DATE_LINE_MAX = 80  # a paragraph that merely starts with a date is not a date line


def date_line_near(title: LexborNode, *, after: int = 40, before: int = 8) -> DateLine | None:
    """The publication date line next to the title (a text landmark).

    First the date line that follows the title, before the article text starts (a long paragraph
    ends the search, so a date inside the text or in a teaser further down is never taken); then,
    for layouts that print it above the headline, a date line among the few texts just before it.
    """
    node = _skip_subtree(title)
    seen = 0
    while node is not None and seen < after:
        tag = node.tag or ""
        if tag in SKIP_TAGS:
            node = _skip_subtree(node)
            continue
        if tag == "-text":
            own = clean_text(node.text_content or "")
            if own:
                seen += 1
                found = _date_line(node, own)
                if found is not None and shown_with(node, title):
                    return found
                if len(own) > _BODY_TEXT and not has_ancestor_tag(node, _HEADINGS) and shown_with(node, title):
                    break  # (the text has begun; a hidden ticker's paragraph is no text of the page)
        node = _preorder_next(node)
    seen = 0
    beside = title.parent
    back = _preorder_prev(title)
    while back is not None and seen < before:
        if back.tag == "-text" and (back.parent is None or (back.parent.tag or "") not in SKIP_TAGS):
            own = clean_text(back.text_content or "")
            if own:
                seen += 1
                # (A date split into elements before the headline counts only beside it, in its
                # block: a header's "today" widget is written so too.)
                found = _date_line(back, own, split=beside is not None and holds(beside, back))
                if found is not None and shown_with(back, title):
                    return found
                if len(own) > _BODY_TEXT:
                    break
        back = _preorder_prev(back)
    return None


def date_line_after(title: LexborNode, *, limit: int = 40) -> str | None:
    """The text of the date line next to the title (see `date_line_near`)."""
    found = date_line_near(title, after=limit)
    return found.text if found is not None else None


def _date_line(node: LexborNode, own: str, *, split: bool = True) -> DateLine | None:
    """The date line `node` (a text node reading `own`) starts; with `split`, also one whose parts sit
    in elements of their own."""
    if len(own) > _DATE_LINE_MAX or not DATE_LINE.match(own):
        return _split_date_line(node, own) if split and own[:1].isdigit() and len(own) <= 2 else None
    holder = node.parent if node.parent is not None else node
    whole = text_of(holder)
    return DateLine(whole if DATE_LINE.match(whole) and len(whole) < 80 else own, holder)


def _split_date_line(node: LexborNode, day: str) -> DateLine | None:
    """A date line whose parts sit in elements of their own (`<span>26</span> <span>декабря</span>
    <span>2012</span>`): from the day number, the nearest of its two closest ancestors whose whole
    text is a short date line."""
    holder = node.parent
    for _ in range(2):
        if holder is None or holder.tag in ("body", "html"):
            return None
        whole = text_of(holder)
        if len(whole) > _DATE_LINE_MAX or _names_a_widget(holder):
            return None
        if whole.startswith(day) and DATE_LINE.match(whole):
            return DateLine(whole, holder)
        holder = holder.parent
    return None


# The class or id of a widget that shows today's date or a calendar, not the article's.
_DATE_WIDGET = re.compile(r"today|calendar|clock|weather|current[-_]?date|сегодня", re.I)


def _names_a_widget(node: LexborNode) -> bool:
    attrs = node.attributes
    return bool(_DATE_WIDGET.search(attrs.get("class") or "") or _DATE_WIDGET.search(attrs.get("id") or ""))


def _preorder_prev(node: LexborNode) -> LexborNode | None:
    """The node before `node` in document order (its previous sibling's last descendant, or its parent)."""
    if node.prev is not None:
        current = node.prev
        while current.last_child is not None and (current.tag or "") not in SKIP_TAGS:
            current = current.last_child
        return current
    return node.parent


def _skip_subtree(node: LexborNode) -> LexborNode | None:
    """The node after `node`'s subtree in document order."""
    current: LexborNode | None = node
    while current is not None:
        if current.next is not None:
            return current.next
        current = current.parent
    return None


def _preorder_next(node: LexborNode) -> LexborNode | None:
    child = node.child
    return child if child is not None else _skip_subtree(node)


def is_document(href: str) -> bool:
    return bool(DOCUMENT_EXT.search(href))


def href_of(node: LexborNode) -> str:
    """A link's `href` without surrounding spaces ("" when it has none)."""
    return (node.attrs.get("href") or "").strip()


def img_src(node: LexborNode) -> str | None:
    return image_source(node) or None


# "Следующая", "След.", "Далее →", or an arrow alone; a title that merely ends in » is not a pager link.
NEXT_TEXT = re.compile(r"^(следующая|след\.?|далее|вперёд|вперед|next)\b|^[→»›>]+$", re.I)
# A news calendar's «»» to the next month is no pager's link: its address names a month or a day
# (`?month=2024-04`, `?date=2024-03-05`, Bitrix's `?arrFilter_DATE_FROM=01.04.2024`) and no page
# number (a list filtered by year and paged, `?year=2024&PAGEN_1=2`, is a pager's).
_CALENDAR_PARAMETER = re.compile(
    r"[?&;](?:month|year|day|date|week)=|[?&;][^=&]*=(?:\d{4}-\d{2}(?:-\d{2})?|\d{2}\.\d{2}\.\d{4})(?:[&#]|$)", re.I
)
# (A number and nothing more: `from=2024-04-01` is a calendar's date range.)
_PAGE_PARAMETER = re.compile(r"[?&;](?:PAGEN_\d+|page|curPos|start|offset|from)=\d+(?=$|[&#;])|/page/\d+", re.I)


def calendar_href(href: str) -> bool:
    """Whether a link's address is a news calendar's (a month's or a day's news), not a list page's."""
    return bool(_CALENDAR_PARAMETER.search(href)) and not _PAGE_PARAMETER.search(href)


def next_by_text(anchor: LexborNode) -> bool:
    """Whether a link's text says "next page" («Следующая», «»») and it is not a calendar's."""
    text = text_of(anchor)
    return bool(text) and bool(NEXT_TEXT.search(text)) and not calendar_href(href_of(anchor))


def next_link(scope: LexborNode | LexborHTMLParser, selectors: Iterable[str] = ()) -> str | None:
    """The pager's "next page" link: known selectors first, then `rel=next`, then the link text."""
    for selector in (*selectors, 'a[rel="next"]', 'link[rel="next"]'):
        node = css_first(scope, selector)
        if node is not None and node.attrs.get("href"):
            return href_of(node)
    for anchor in css(scope, "a[href]"):
        if next_by_text(anchor):
            return href_of(anchor)
    return None


def pager_of(tree: LexborHTMLParser) -> LexborNode | None:
    """The pager when its class is unknown: the `<nav>`/list/block around the `rel=next` link or
    the "Следующая" link, or a `<nav>` of page-number links."""
    anchor = css_first(tree, 'a[rel="next"]')
    if anchor is None:
        anchor = next((a for a in css(tree, "a[href]") if next_by_text(a)), None)
    if anchor is not None:
        current = anchor.parent
        while current is not None and current.tag not in ("body", "html"):
            if current.tag in ("nav", "ul", "ol") or len(css(current, "a[href]")) > 1:
                return current.parent if current.tag in ("ul", "ol") and current.parent is not None else current
            current = current.parent
        return anchor.parent
    for nav in css(tree, "nav"):
        if any(text_of(a).isdigit() for a in css(nav, "a[href]")):
            return nav
    return None


def inside(
    node: LexborNode, pattern: re.Pattern[str], *, stop: LexborNode | None = None, unless: LexborNode | None = None
) -> bool:
    """Whether `node` or an ancestor below `stop` has a class or id matching `pattern` (e.g. a sidebar).

    With `unless` (the article's title), an ancestor holding that node does not count: a layout
    wrapper such as `page-with-side` holds the main column, which no sidebar does.
    """
    current: LexborNode | None = node
    stop_id = stop.mem_id if stop is not None else None
    while current is not None and current.tag not in (None, "html", "body") and current.mem_id != stop_id:
        attrs = current.attributes
        if (pattern.search(attrs.get("class") or "") or pattern.search(attrs.get("id") or "")) and (
            unless is None or not holds(current, unless)
        ):
            return True
        current = current.parent
    return False


SIDEBAR = re.compile(r"(^|[\s_-])(side|sidebar|aside|col_side|right|popular|related|other|teaser|widget|banner)"
                     r"([\s_-]|$)", re.I)


def in_sidebar(node: LexborNode, *, stop: LexborNode | None = None, unless: LexborNode | None = None) -> bool:
    """Whether `node` sits in a sidebar: an `<aside>`, or an element whose class or id says so."""
    current: LexborNode | None = node
    stop_id = stop.mem_id if stop is not None else None
    while current is not None and current.tag not in (None, "html", "body") and current.mem_id != stop_id:
        if current.tag == "aside" and (unless is None or not holds(current, unless)):
            return True
        current = current.parent
    return inside(node, SIDEBAR, stop=stop, unless=unless)


def carries_address(href: str) -> bool:
    """Whether a link's address holds another address after its own (`https://vk.com/share.php?url=
    https://site/news/123/`, a redirect `/away.php?to=https://…`): a share or redirect link, never an
    article's, though the address it carries may match the article pattern."""
    return href.find("://", 8) >= 0


def anchors_matching(scope: LexborNode | LexborHTMLParser, href_pattern: re.Pattern[str],
                     *, exclude: re.Pattern[str] = SIDEBAR) -> list[str]:
    """hrefs of links whose URL matches `href_pattern`, in order, outside sidebars (`<aside>` or by
    class; with another `exclude` pattern, outside elements matching that one)."""
    found = []
    for anchor in css(scope, "a[href]"):
        href = href_of(anchor)
        stop = scope if isinstance(scope, LexborNode) else None
        if not href_pattern.search(href) or carries_address(href):
            continue
        if not (in_sidebar(anchor, stop=stop) if exclude is SIDEBAR else inside(anchor, exclude, stop=stop)):
            found.append(href)
    return found


_TEXT_BLOCKS = frozenset(["p", "div", "li", "blockquote", "h2", "h3", "h4", "table", "ul", "ol"])


# Page furniture that is never the article text: footer, menus, breadcrumbs, the cookie notice, the
# federal ПОС widget «Решаем вместе» (its two slogans read like a short paragraph).
PAGE_CHROME = re.compile(
    r"(^|[\s_-])(footer|copyright|breadcrumbs?|menu|cookie|pos-banner|js-show-iframe-wrapper)([\s_-]|$)", re.I
)
_CHROME_AREA_TAGS = frozenset(["footer", "header", "nav", "aside"])
MIN_TEXT = 80  # chars of paragraph text below which a guessed container is not an article text


def richest_text_container(
    root: LexborNode, *, after: LexborNode | None = None, min_score: int = MIN_TEXT
) -> LexborNode | None:
    """The element whose direct children carry the most paragraph text: the article's text field
    when its class is unknown. Sidebars and page furniture are ignored; with `after` (the title),
    only elements after that node or holding it. None when no element reaches `min_score` characters
    (a date line, a rating or a stamp is not a text), so a page without text is refused, not filled."""
    best: LexborNode | None = None
    best_score = min_score - 1
    sizes: dict[int, int] = {}  # subtree sizes for `_later_than`, shared by its calls here
    excluded: dict[int, bool] = {}
    # The candidates in document order, picked in C (most elements are not one); `root` may be one.
    candidates = css(root, _CANDIDATES)
    for node in candidates:
        # Its own text nodes, stripped (one C call, where most candidates hold only whitespace there).
        score = len(node.text(deep=False, strip=True))
        scored = [child for child in node.iter() if child.tag in _SCORED_TAGS]
        # Most candidates are wrappers of other blocks: with nothing to score they cannot win, and
        # are not asked whether they sit in a sidebar or the page chrome (the ancestor walk).
        if (not scored and score <= best_score) or _excluded(node, after, excluded):
            continue
        for child in scored:
            score += _paragraph_score(child)
        if score > best_score and (after is None or holds(node, after) or _later_than(node, after, sizes)):
            best, best_score = node, score
    return best


def _paragraph_score(paragraph: LexborNode) -> int:
    """Its visible text less twice its links' text (links count against a text field), at least 0."""
    # The <a> descendants in document order, as `paragraph.css("a")` lists them, in the walk that
    # also tells whether the element holds hidden markup (a script, a form, …): without any, its text
    # and its links' are read in C, as `text_of` would give them (see `_plain_text`).
    anchors: list[LexborNode] = []
    hidden = False
    for element in paragraph.traverse(include_text=False):
        tag = element.tag
        if tag == "a":
            anchors.append(element)
        elif tag in SKIP_TAGS:
            hidden = True
    read = text_of if hidden else _plain_text
    text = read(paragraph)
    if not text:  # with no text the score is 0 whatever the links
        return 0
    return max(0, len(text) - 2 * sum(len(read(anchor)) for anchor in anchors))


def _plain_text(node: LexborNode) -> str:
    """`text_of(node)` for an element holding none of SKIP_TAGS: lexbor's text() leaves out only
    comments, as `text_of` does, and the spaces it reads for `<br>` fold away in cleaning."""
    return clean_text(node.text(separator=" "))


_CANDIDATES = "div, section, article, td, main"
_SCORED_TAGS = frozenset(["p", "blockquote", "ul", "ol", "table", "h2", "h3", "h4", "span", "strong", "em"])


def _excluded(node: LexborNode, after: LexborNode | None, memo: dict[int, bool]) -> bool:
    """`inside(node, SIDEBAR, unless=after) or _in_page_chrome(node)`, remembered per element: both
    ask whether some ancestor (below <body>) has a property, so each ancestor is examined once per
    page instead of once per candidate below it."""
    chain: list[LexborNode] = []
    current: LexborNode | None = node
    result = False
    while current is not None and current.tag not in (None, "html", "body"):
        known = memo.get(current.mem_id)
        if known is not None:
            result = known
            break
        chain.append(current)
        current = current.parent
    for element in reversed(chain):  # from the highest ancestor down
        if not result:
            result = _excluded_itself(element, after)
        memo[element.mem_id] = result
    return result


def _excluded_itself(node: LexborNode, after: LexborNode | None) -> bool:
    if (node.tag or "") in _CHROME_AREA_TAGS:
        return True
    attrs = node.attributes
    chrome, sidebar = _chrome_or_sidebar(attrs.get("class") or "", attrs.get("id") or "")
    return chrome or (sidebar and (after is None or not holds(node, after)))


@lru_cache(maxsize=8192)
def _chrome_or_sidebar(klass: str, ident: str) -> tuple[bool, bool]:
    """Whether a class and id name page chrome, a sidebar: four regex searches, asked again for the
    same names on every page of a template."""
    chrome = bool(PAGE_CHROME.search(klass) or PAGE_CHROME.search(ident))
    return chrome, not chrome and bool(SIDEBAR.search(klass) or SIDEBAR.search(ident))


def _in_page_chrome(node: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "html", "body"):
        if (current.tag or "") in _CHROME_AREA_TAGS:
            return True
        attrs = current.attributes
        if _chrome_or_sidebar(attrs.get("class") or "", attrs.get("id") or "")[0]:
            return True
        current = current.parent
    return False


def holds(ancestor: LexborNode, node: LexborNode) -> bool:
    """Whether `node` is `ancestor` or inside it."""
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == ancestor.mem_id:
            return True
        current = current.parent
    return False


def only_element(node: LexborNode) -> bool:
    """Whether `node` has a parent and no element siblings (text and comments aside)."""
    for step in ("prev", "next"):
        sibling = getattr(node, step)
        while sibling is not None:
            if not (sibling.tag or "-").startswith("-"):
                return False
            sibling = getattr(sibling, step)
    return node.parent is not None


def common_ancestor(first_node: LexborNode, second: LexborNode) -> LexborNode | None:
    """The smallest element holding both nodes."""
    current: LexborNode | None = first_node
    while current is not None:
        if holds(current, second):
            return current
        current = current.parent
    return None


def _later_than(node: LexborNode, other: LexborNode, sizes: dict[int, int]) -> bool:
    """Whether `node` comes after `other` in document order, each position counted as the elements
    before it (each preceding sibling's subtree, the sibling included, plus one per level). Only the levels
    below their common ancestor are counted: the ones above add the same to both, and counting the
    title's position alone walked the whole page before it. `sizes` keeps subtree sizes for the
    next call on the same tree."""
    above_other: set[int] = set()
    current: LexborNode | None = other
    while current is not None:
        above_other.add(current.mem_id)
        current = current.parent
    common: LexborNode | None = node
    while common is not None and common.mem_id not in above_other:
        common = common.parent
    stop = common.mem_id if common is not None else None
    return _position_below(node, stop, sizes) > _position_below(other, stop, sizes)


def _position_below(node: LexborNode, stop: int | None, sizes: dict[int, int]) -> int:
    """The position of `node` counted up to its ancestor with mem_id `stop` (excluded)."""
    count = 0
    current: LexborNode | None = node
    while current is not None and current.mem_id != stop:
        sibling = current.prev
        while sibling is not None:
            if not (sibling.tag or "-").startswith("-"):  # elements only: not text, not comments
                size = sizes.get(sibling.mem_id)
                if size is None:
                    size = sizes[sibling.mem_id] = sum(1 for _ in sibling.traverse(include_text=False))
                count += size  # the subtree holds the sibling itself
            sibling = sibling.prev
        current = current.parent
        count += 1
    return count


def remove(scope: LexborNode, selectors: Iterable[str]) -> None:
    """Take page chrome (headers, galleries, share bars, …) out of a container before reading its text.

    `css()` also matches the container itself; that one is kept."""
    selectors = list(selectors)
    if len(selectors) > 1 and all(selector and _NODE_LOCAL_SELECTOR.fullmatch(selector) for selector in selectors):
        # One query for the union instead of one per selector (each walks the container and costs a
        # few microseconds more of fixed overhead). Tag/class/id selectors look at the node alone, so
        # removing one match never changes whether another matches; decomposing the outermost matches
        # leaves the same tree as removing selector by selector.
        scope_id = scope.mem_id
        matched = {node.mem_id: node for node in css(scope, ", ".join(selectors)) if node.mem_id != scope_id}
        outermost = []
        for node in matched.values():
            parent = node.parent
            while parent is not None and parent.mem_id != scope_id and parent.mem_id not in matched:
                parent = parent.parent
            if parent is None or parent.mem_id == scope_id:
                outermost.append(node)
        for node in outermost:
            node.decompose()
        return
    for selector in selectors:
        for node in css(scope, selector):
            if node.mem_id != scope.mem_id:
                node.decompose()


_NODE_LOCAL_SELECTOR = re.compile(r"[A-Za-z0-9_-]*(?:[.#][A-Za-z0-9_-]+)*")  # `h1`, `.news-tags`, `div.a#b`


def gallery_images(block: LexborNode | None) -> list[str]:
    """Full-size pictures of a photo block: the link target when it is an image, else the <img>."""
    if block is None:
        return []
    found: list[str] = []
    for node in css(block, "a[href], img"):
        if node.tag == "a":
            href = href_of(node)
            if IMAGE_HREF.search(href):
                found.append(href)
            continue
        parent_href = node.parent.attrs.get("href") if node.parent is not None and node.parent.tag == "a" else None
        if parent_href and IMAGE_HREF.search(parent_href):
            continue  # the link's full-size target is already listed
        src = img_src(node)
        if src:
            found.append(src)
    return found


IMAGE_HREF = re.compile(r"\.(jpe?g|png|gif|webp)(?:$|[?#])", re.I)


# Children of an article's text container that are the editor's text whatever their class.
_TEXT_CHILD_TAGS = frozenset(["p", "ul", "ol", "dl", "table", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6"])
_CHROME_TAGS = frozenset(["nav", "aside", "footer", "form"])
_MARK_CHILD_MAX = 200  # a child holding the title or the date line is chrome when this short


# A whole declaration of an inline style (`backface-visibility: hidden` and `content-visibility: hidden`
# show the element).
HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!\s*important\s*)?(?:;|$)", re.I
)


def hidden_block(attrs: Mapping[str, str | None], *, aria: bool = False) -> bool:
    """Whether an element's attributes say the page does not show it: `hidden`, an inline
    `display: none` / `visibility: hidden` (a mobile copy, a ticker, a template); with `aria`, also
    `aria-hidden="true"`, which hides it from screen readers only: a sign against a headline (a
    decoy's), never a reason to drop text or a date the page shows."""
    if "hidden" in attrs or (aria and attrs.get("aria-hidden") == "true"):
        return True
    return bool(HIDDEN_STYLE.search(attrs.get("style") or ""))


def in_hidden_block(node: LexborNode, *, aria: bool = False) -> bool:
    """Whether `node` is or sits in a block the page does not show (`hidden_block`, with `aria` as
    there), below `<body>`."""
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "html", "body"):
        attrs = current.attributes if not (current.tag or "-").startswith("-") else None
        if attrs and hidden_block(attrs, aria=aria):
            return True
        current = current.parent
    return False


# Elements whose inline style may hide them, picked in C (`hidden_block` then reads the style whole).
_MAY_BE_HIDDEN = '[hidden], [style*="none" i], [style*="hidden" i]'


def drop_hidden_blocks(container: LexborNode) -> None:
    """Take out of an article's text container the blocks the page does not show (`hidden_block`),
    at any depth: a mobile copy of a teaser in the text's header, a ticker beside the paragraphs.
    An editor's paragraph, list or heading stays whatever its attributes, and so does a block holding
    half of the container's text or more: the article itself, hidden by the template until a script
    shows it (a preloader). Below the container's children only a block with no picture and no
    paragraph goes, or a teaser's copy (`_hidden_copy`): a slider's next slides and a spoiler's
    collapsed text are the editor's. One C-level query; most containers hold no such block."""
    found = css(container, _MAY_BE_HIDDEN)
    if not found:
        return
    total = len(text_of(container))
    doomed: dict[int, LexborNode] = {}
    for node in found:  # (document order: an ancestor before what it holds)
        if node.tag in _TEXT_CHILD_TAGS or node.mem_id == container.mem_id or not hidden_block(node.attributes):
            continue
        if len(text_of(node)) * 2 > total or _inside_any(node, doomed, container):
            continue
        if not _is_child(node, container) and not _hidden_copy(node):
            continue  # (below the children: a slider's next slide, a spoiler's collapsed text)
        doomed[node.mem_id] = node
    for node in doomed.values():  # (taken out once all are found: a node decomposed is gone)
        node.decompose()


# After a date, what a date line may still hold: «года»/«г.», then the time.
_ONLY_TIME_AFTER = re.compile(r"\s*(?:года|г\.)?\s*(?:,|в)?\s*(?:\d{1,2}[:.]\d{2})?\s*", re.I)


def _hidden_copy(node: LexborNode) -> bool:
    """Whether a hidden block below the text container's children is the template's, not the editor's
    text the page shows on a click or in turn (a slider's next slide, a spoiler's collapsed text): it
    holds no picture, and no paragraph unless it also holds a line that is only a date (a teaser's copy,
    whose date could be taken for the page's)."""
    if css_first(node, "img") is not None:
        return False
    if css_first(node, "p") is None:
        return True
    for part in node.traverse(include_text=True):
        if part.tag == "-text":
            line = clean_text(part.text_content or "")
            date = DATE_LINE.match(line) if line else None
            if date is not None and _ONLY_TIME_AFTER.fullmatch(line, date.end()):
                return True
    return False


def _is_child(node: LexborNode, container: LexborNode) -> bool:
    return node.parent is not None and node.parent.mem_id == container.mem_id


def _inside_any(node: LexborNode, ancestors: dict[int, LexborNode], stop: LexborNode) -> bool:
    return any(ancestor.mem_id in ancestors for ancestor in ancestors_below(node, stop))


def shown_with(line: LexborNode, title: LexborNode) -> bool:
    """Whether a date line is shown as the headline is: a line in a hidden block (a hidden copy of a
    teaser's date) is not, unless the headline is hidden too (a template that hides the whole page
    until a script shows it)."""
    return not in_hidden_block(line) or in_hidden_block(title)


def page_headings(container: LexborNode) -> list[LexborNode]:
    """The `<h1>`s of an article container that come before its first paragraph of text: the page's
    headline or its section's name («Новости»). An `<h1>` after the text has begun is an editor's
    sub-heading (Word's «Заголовок 1» pasted in), a body entry."""
    headings: list[LexborNode] = []
    # Headings and paragraphs in document order, from one query (a position test per heading walked
    # the container again for each).
    for node in css(container, "h1, p"):
        if node.tag == "h1":
            headings.append(node)
        elif text_of(node):
            break
    return headings


def drop_blocks_before(
    container: LexborNode, headline: LexborNode | None, *, keep: Iterable[LexborNode | None] = ()
) -> None:
    """Take out of an article's text container what comes before its headline, at every level from
    the headline up to the container: the article's text starts after its headline, so a block above
    it there is page furniture (a cookie notice, a print-only header, a banner). A block holding a
    picture stays (the article's picture may be set above its headline), and so does one holding a
    node the caller still reads (`keep`: the date line above the headline). A walk over the headline's
    preceding siblings and ancestors only."""
    if headline is None or headline.mem_id == container.mem_id or not holds(container, headline):
        return
    kept = [node for node in keep if node is not None]
    doomed: list[LexborNode] = []
    node = headline
    while node.parent is not None and node.mem_id != container.mem_id:
        sibling = node.prev
        while sibling is not None:
            tag = sibling.tag or ""
            element = not tag.startswith("-") and tag not in SKIP_TAGS
            held = any(node.mem_id == sibling.mem_id or holds(sibling, node) for node in kept)
            if not held and (tag == "-text" or (element and css_first(sibling, "img") is None)):
                doomed.append(sibling)
            sibling = sibling.prev
        node = node.parent
    for block in doomed:
        block.decompose()


def trim_chrome(
    container: LexborNode, *, marks: Iterable[LexborNode | None] = (), headline: LexborNode | None = None
) -> None:
    """Take page chrome out of an article's text container before its blocks are read.

    Removed are direct children that are not editor text: the one holding the title or the date
    line (`marks`, when it is short), navigation, classed blocks that are link lists (tags, share
    bar, back link, documents block), photo blocks (links to full-size pictures), cookie notices at
    any depth (`drop_cookie_notices`), blocks the page
    does not show at any depth (`drop_hidden_blocks`), what comes before the `headline` when the
    container holds it (`drop_blocks_before`), and, after the
    editor's last paragraph, classed blocks of teasers for other news under their heading («Читайте
    также»). Paragraphs, lists, tables and headings always stay; so do unclassed `<div>`s (editors
    write text in them).
    """
    drop_hidden_blocks(container)
    drop_cookie_notices(container)
    marks = list(marks)
    drop_blocks_before(container, headline, keep=marks)  # (the marks' own children go below, when short)
    doomed: dict[int, LexborNode] = {}
    for mark in marks:
        if mark is None or not holds(container, mark) or mark.mem_id == container.mem_id:
            continue
        child = mark
        while child.parent is not None and child.parent.mem_id != container.mem_id:
            child = child.parent
        if len(text_of(child)) <= _MARK_CHILD_MAX:
            doomed[child.mem_id] = child
    children = list(container.iter())
    last_text = max((index for index, child in enumerate(children) if child.tag in _TEXT_CHILD_TAGS), default=-1)
    page_h1: set[int] | None = None  # (asked for at the first <h1> child: most containers hold none)
    for index, child in enumerate(children):
        tag = child.tag or ""
        if tag in _TEXT_CHILD_TAGS or child.mem_id in doomed:
            continue
        if tag == "h1" and page_h1 is None:
            page_h1 = {heading.mem_id for heading in page_headings(container)}
        if tag in _CHROME_TAGS or (tag == "h1" and page_h1 is not None and child.mem_id in page_h1):
            doomed[child.mem_id] = child
            continue
        attrs = child.attributes
        if not (attrs.get("class") or attrs.get("id")):
            continue
        if _is_link_block(child) or ((index > last_text or teaser_list(child)) and is_more_news(child)):
            doomed[child.mem_id] = child
    for node in doomed.values():
        node.decompose()


# The heading of a block of teasers for other news («Читайте также», «Другие новости»): a text landmark
# that says what the block is whatever its class.
_MORE_NEWS = re.compile(
    r"^(?:(?:читайте|смотрите)\s+(?:также|ещё|еще)|(?:другие|похожие|последние|ещё|еще)\s+новости"
    r"|новости\s+по\s+теме)\b",
    re.I,
)


_MORE_NEWS_HEADING_MAX = 40  # chars: a heading, not a sentence («Смотрите также видеорепортаж …»)


def teaser_list(node: LexborNode) -> bool:
    """Whether a block links two pages or more (a list of teasers, not an editor's «Читайте также:»
    line with its one link): under a more-news heading it is chrome wherever it sits in the text, also
    between the body and the reference block or the attribution."""
    return len(css(node, "a[href]")) >= 2


def is_more_news(node: LexborNode) -> bool:
    """A block of teasers for other news: its first text is such a heading, short, and it links
    somewhere."""
    if css_first(node, "a[href]") is None:
        return False
    for part in node.traverse(include_text=True, skip_empty=True):
        if part.tag == "-text":
            heading = clean_text(part.text_content or "")
            if heading:
                return len(heading) <= _MORE_NEWS_HEADING_MAX and bool(_MORE_NEWS.match(heading))
    return False


# A cookie consent notice: a short block that speaks of cookies («Сайт использует файлы cookie…»).
_COOKIE = re.compile(r"cookie|\bкуки\b", re.I)
_COOKIE_NOTICE_MAX = 400  # chars


def is_cookie_notice(node: LexborNode) -> bool:
    """Whether a (classed) block is a cookie consent notice: short, and it speaks of cookies. Never
    the editor's text, wherever the template prints it (a fixed banner may sit in the text's box)."""
    raw = node.text(separator=" ")  # (one C-level read; most blocks are long or say nothing of cookies)
    return len(raw) <= 2 * _COOKIE_NOTICE_MAX and bool(_COOKIE.search(raw)) and len(text_of(node)) <= _COOKIE_NOTICE_MAX


_COOKIE_TEXT = '*:lexbor-contains("cookie"), *:lexbor-contains("Cookie"), *:lexbor-contains("куки")'
# What marks a template's consent notice rather than an editor's block that mentions cookies: a word
# of its class or id, or a control to dismiss it (a button, «Принять», «Согласен», «OK»).
_CONSENT_NAME = re.compile(r"cookie|consent|gdpr|notice|banner", re.I)
_CONSENT_CONTROL = 'button, [role="button"], input[type="button"], input[type="submit"], a'
_CONSENT_WORD = re.compile(r"принять|принимаю|согласен|согласна|согласиться|ok|ок|понятно", re.I)
# An editor's text block, never a notice's box whatever its class (`MsoNormal`, `has-text-align-…`).
_EDITOR_TEXT_TAGS = frozenset(["p", "li"])


def _is_consent_box(node: LexborNode) -> bool:
    """Whether a block is marked as a consent notice (`_CONSENT_NAME` in its class or id, or a
    dismissing control inside) and holds at most one paragraph (a group of the editor's holds more)."""
    if len(css(node, "p")) >= 2:
        return False
    attrs = node.attributes
    if _CONSENT_NAME.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
        return True
    for control in css(node, _CONSENT_CONTROL):
        if control.tag != "a" or _CONSENT_WORD.fullmatch(text_of(control).strip(" .!")):
            return True
    return False


def _in_editor_text(node: LexborNode, container: LexborNode) -> bool:
    """Whether `node` sits inside a `<p>` or `<li>` of the container (a classed link in a sentence)."""
    return any(ancestor.tag in _EDITOR_TEXT_TAGS for ancestor in ancestors_below(node, container))


def drop_cookie_notices(container: LexborNode) -> None:
    """Take out of an article's text container the cookie notices a template prints in it, at any
    depth: the nearest classed block around a text speaking of cookies that is short
    (`is_cookie_notice`) and marked as a consent notice (`_is_consent_box`: a consent word in its
    class or id, or a button / «Принять» control inside; one paragraph at most). An editor's paragraph
    or list item about cookies stays whatever its class, with what it holds (a classed link to the
    cookie policy), and so does a classed group of paragraphs (`wp-block-group`). One C-level query."""
    text = container.text()  # (joined as `lexbor-contains` reads it)
    if "ookie" not in text and "куки" not in text:  # most texts: one C-level read, not the per-element query
        return
    doomed: dict[int, LexborNode] = {}
    for holder in css(container, _COOKIE_TEXT):
        block: LexborNode | None = holder
        while block is not None and block.mem_id != container.mem_id:
            attrs = block.attributes
            if (attrs.get("class") or attrs.get("id")) and block.tag not in _EDITOR_TEXT_TAGS:
                break
            block = block.parent
        if block is None or block.mem_id == container.mem_id or block.mem_id in doomed:
            continue
        if is_cookie_notice(block) and _is_consent_box(block) and not _in_editor_text(block, container):
            doomed[block.mem_id] = block
    for block in doomed.values():  # (an inner notice of an outer one goes with it)
        if not _inside_any(block, doomed, container):
            block.decompose()


def _is_link_block(node: LexborNode) -> bool:
    """A block made of links (tags, share bar, back link, documents) or of linked pictures."""
    anchors = css(node, "a[href]")
    if not anchors:
        return False
    text = text_of(node)
    linked = sum(len(text_of(a)) for a in anchors)
    pictures = sum(1 for a in anchors if IMAGE_HREF.search(a.attrs.get("href") or "") and css_first(a, "img"))
    if pictures and len(text) - linked < 40:
        return True
    return bool(text) and linked / len(text) >= 0.5


def linked_images(scope: LexborNode) -> list[str]:
    """Full-size pictures linked from thumbnails (`<a href=big.jpg><img></a>`) in `scope`, outside sidebars."""
    found = []
    # Only the links holding a picture, picked in C: most of a page's links (menus, tags) hold none.
    for anchor in css(scope, LINK_WITH_PICTURE):
        href = href_of(anchor)
        if IMAGE_HREF.search(href) and not in_sidebar(anchor, stop=scope):
            found.append(href)
    return found


LINK_WITH_PICTURE = "a[href]:has(img)"  # a thumbnail linking its full-size picture (`a[href]` holding an `<img>`)


def document_links(scope: LexborNode) -> list[Link]:
    """Links to documents (by file extension) in `scope`, outside sidebars, with their link text."""
    return [
        Link(href_of(anchor), text_of(anchor))
        for anchor in css(scope, "a[href]")
        if is_document(anchor.attrs.get("href") or "") and not in_sidebar(anchor, stop=scope)
    ]
