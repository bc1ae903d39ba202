"""A news list's article links and its next page when their classes are unknown.

Two next-page readers, kept apart on purpose: `next_page_by_url_pattern` (NetCat and Kaluga
templates) trusts only links to list pages (`page_url`) and reads «Далее»/arrow titles and «Ещё
новости»; `next_page_by_pager_numbers` (Bitrix gossite, Госвеб) knows no list-page URL, so it refuses
`#`/`javascript:` buttons and a block of over `PAGER_MAX_NUMBERS` numbers (a calendar). Swapping
either for the other passes the fixtures but changes what real pages give.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.landmarks import (
    NEXT_TEXT,
    anchors_matching,
    calendar_href,
    carries_address,
    css,
    css_first,
    first,
    holds,
    href_of,
    in_sidebar,
    text_of,
)
from pressharvest.sites.tree_walk import has_ancestor_tag, subtree
from pressharvest.text.blocks import SKIP_TAGS


def list_article_links(
    tree: LexborHTMLParser,
    listing: list[str],
    column: list[str],
    article_url: re.Pattern[str],
    page_url: re.Pattern[str],
) -> list[str]:
    """A news list's article links: those of the list found by its class (selectors `listing`), with
    a card set apart just above it (`cards_before`); with the class unknown, the main list
    (`main_list`) of the page's column (selectors `column`, else `<body>`)."""
    found = first(tree, listing)
    if found is not None:
        return cards_before(found, article_url) + anchors_matching(found, article_url)
    scope = first(tree, column) or tree.body
    return main_list(scope, article_url, page_url) if scope is not None else []


def main_list(scope: LexborNode, article_url: re.Pattern[str], page_url: re.Pattern[str]) -> list[str]:
    """Article links of the news list when its class is unknown: links are grouped by their list
    (the nearest element holding two different article links), and the list nearest the pager (its
    page links; else the `<h1>`) wins over sidebar teaser lists; without either, the longest list."""
    anchors = [
        a
        for a in css(scope, "a[href]")
        if article_url.search(href_of(a)) and not carries_address(href_of(a)) and not in_sidebar(a, stop=scope)
    ]
    hrefs: dict[int, set[str]] = {}
    for anchor in anchors:
        current = anchor.parent
        while current is not None:
            hrefs.setdefault(current.mem_id, set()).add(href_of(anchor))
            current = current.parent
    groups: dict[int, tuple[LexborNode, list[str]]] = {}
    group_of: list[int] = []
    for anchor in anchors:
        holder = anchor.parent
        while holder is not None and len(hrefs.get(holder.mem_id, ())) < 2:
            holder = holder.parent
        key = holder.mem_id if holder is not None else 0
        groups.setdefault(key, (holder or anchor, []))[1].append(href_of(anchor))
        group_of.append(key)
    if len(groups) <= 1:
        return [href for _, links in groups.values() for href in links]
    marker = next((a for a in css(scope, "a[href]") if page_url.search(href_of(a))), None) or css_first(scope, "h1")

    def closeness(item: tuple[LexborNode, list[str]]) -> tuple[int, int]:
        depth = 0
        if marker is not None:
            current: LexborNode | None = item[0]
            while current is not None and not holds(current, marker):
                current = current.parent
            while current is not None:
                depth += 1
                current = current.parent
        return depth, len(set(item[1]))

    best_key = max(groups, key=lambda key: closeness(groups[key]))
    best = groups[best_key][0]
    # A card set apart just above the list (a "главная новость" block) joins it: its links' group is
    # the list's parent or grandparent, not a block of its own as a sidebar's teasers are. So do the
    # list's sibling groups of the same cards (grouped by day under date headings); a block of other
    # cards beside the list («Популярное») does not.
    joined = {best_key}
    current = best.parent
    for _ in range(2):
        if current is None or current.tag in ("body", "html"):
            break
        joined.add(current.mem_id)
        current = current.parent
    if best.parent is not None:
        parent = best.parent.mem_id
        card: dict[int, set[str]] = {}  # each group's link classes: its card template
        for anchor, key in zip(anchors, group_of, strict=True):
            card.setdefault(key, set()).add(anchor.attrs.get("class") or "")
        joined.update(
            key
            for key, (holder, _) in groups.items()
            if holder.parent is not None and holder.parent.mem_id == parent and card[key] & card[best_key]
        )
    return [href_of(anchor) for anchor, key in zip(anchors, group_of, strict=True) if key in joined]


def cards_before(listing: LexborNode, article_url: re.Pattern[str]) -> list[str]:
    """Article links in the two blocks just before the list, in the same column (a "главная
    новость" card set apart above the list), outside sidebars."""
    found: list[str] = []
    sibling, looked = listing.prev, 0
    while sibling is not None and looked < 2:  # the two blocks right above it
        if sibling.tag is not None and not sibling.tag.startswith("-"):
            looked += 1
            if sibling.tag not in SKIP_TAGS:
                found[:0] = anchors_matching(sibling, article_url)
        sibling = sibling.prev
    return found


_LOAD_MORE = re.compile(r"^(?:показать|загрузить|ещё|еще)\s+(?:ещё|еще|больше|новости)\b", re.I)


def next_page_by_url_pattern(scope: LexborNode | LexborHTMLParser, page_url: re.Pattern[str]) -> str | None:
    """The next list page when the pager has no "Следующая" link: an icon link known by its `title`
    or `aria-label`, a "Показать ещё" link to a list page, or the page-number link after the
    current page's number (shown without a link)."""
    for anchor in css(scope, "a[href][title], a[href][aria-label]"):
        label = (anchor.attrs.get("title") or anchor.attrs.get("aria-label") or "").strip()
        if NEXT_TEXT.search(label):
            return href_of(anchor)
    numbered: list[LexborNode] = []
    for anchor in css(scope, "a[href]"):
        if page_url.search(href_of(anchor)):
            text = text_of(anchor)
            if _LOAD_MORE.match(text):
                return href_of(anchor)
            if text.isdigit():
                numbered.append(anchor)
    box = numbered[0].parent if numbered else None
    for _ in range(3):  # the pager: the page links' parent, or a level or two above (`<ul><li>`)
        if box is None:
            break
        current = _current_number(box)
        if current is not None:
            return next((href_of(a) for a in numbered if text_of(a) == str(current + 1)), None)
        box = box.parent
    return None


def _current_number(box: LexborNode) -> int | None:
    """The current page's number in a pager: a number shown without a link."""
    for node in subtree(box):
        tag = node.tag or ""
        if tag in ("span", "strong", "b", "em", "li", "div") and css_first(node, "a") is None:
            text = text_of(node)
            if text.isdigit() and not has_ancestor_tag(node, ("a",)):
                return int(text)
    return None


_NEXT_LABEL = re.compile(r"^\s*(следующ|след\.|вперед|вперёд|next)", re.I)
_MORE_TEXT = re.compile(r"^(показать|загрузить)\s+(ещё|еще|больше)", re.I)  # a "load more" button
PAGER_MAX_NUMBERS = 15  # a block with more number links is a calendar, not a pager


def next_page_by_pager_numbers(scope: LexborNode | LexborHTMLParser) -> str | None:
    """The next page when the pager link says nothing (`next_link` found none): a link whose
    `title` / `aria-label` says "Следующая", a "Показать ещё" button's link, else the page number
    after the current one (the number that is not a link)."""
    numbered: dict[int, LexborNode] = {}
    for anchor in css(scope, "a[href]"):
        label = anchor.attrs.get("title") or anchor.attrs.get("aria-label") or ""
        if _NEXT_LABEL.match(label):
            return href_of(anchor)
        text = text_of(anchor)
        if _MORE_TEXT.match(text) and not href_of(anchor).startswith(("#", "javascript:")):
            return href_of(anchor)
        if text.isdigit() and len(text) < 5 and not calendar_href(href_of(anchor)):  # (not a calendar's day)
            numbered.setdefault(int(text), anchor)
    if not numbered:
        return None
    number_links: dict[int, int] = {}  # per block: its number links, counted once (see below)
    for node in css(scope, "span, b, strong, em, li, a:not([href])"):
        text = text_of(node)
        if not (text.isdigit() and len(text) < 5) or int(text) + 1 not in numbered:
            continue
        if node.tag == "li" and css_first(node, "a[href]") is not None:
            continue
        following = numbered[int(text) + 1]
        block = node.parent
        for _ in range(3):  # the number and the link share the pager's block
            if block is None or holds(block, following):
                break
            block = block.parent
        if block is not None and holds(block, following) and _number_links(block, number_links) <= PAGER_MAX_NUMBERS:
            return href_of(following)
    return None


def _number_links(block: LexborNode, known: dict[int, int]) -> int:
    """How many links in `block` are a number, remembered in `known`: on a page of thousands of
    numbers the same wide block is asked about each of them (it was counted again every time: 1,000
    scattered day links took 7 s)."""
    count = known.get(block.mem_id)
    if count is None:
        count = known[block.mem_id] = sum(1 for a in css(block, "a[href]") if text_of(a).isdigit())
    return count
