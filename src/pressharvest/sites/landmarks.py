"""Helpers family parsers share: selectors tried in order, and the text landmarks pages always carry.

Selectors are the first signal; when a redesign renames classes, the landmarks (a date line after
the title, "Рейтинг новости:", "обновлено …", a canonical link) still find the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.text.blocks import SKIP_TAGS
from pressharvest.text.clean import clean_text

RATING = re.compile(r"Рейтинг\s+новости\s*:?\s*([-−–]?\s*\d+)", re.I)
UPDATED = re.compile(r"(?:обновлено|изменено|дата\s+изменения|последнее\s+изменение)\s*:?\s*(.{6,40})", re.I)
DATE_LINE = re.compile(
    r"^\s*(\d{1,2}\s+(январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\s+\d{4}"
    r"|\d{1,2}\.\d{1,2}\.\d{4}|(сегодня|вчера)\s*,?\s*\d{1,2}:\d{2})",
    re.I,
)
DOCUMENT_EXT = re.compile(r"\.(pdf|docx?|xlsx?|rtf|zip)(?:$|[?#])", re.I)


def first(tree: LexborHTMLParser | LexborNode, selectors: Iterable[str]) -> LexborNode | None:
    """The first node matched by the first selector that matches anything."""
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return None


def text_of(node: LexborNode | None) -> str:
    """Visible text of a node with scripts and styles left out, normalised."""
    if node is None:
        return ""
    return clean_text(" ".join(_visible_texts(node)))


def _visible_texts(node: LexborNode) -> Iterator[str]:
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            yield child.text_content or ""
        elif tag == "br":
            yield " "
        elif not tag.startswith("-") and tag not in SKIP_TAGS:
            yield from _visible_texts(child)


def meta_content(tree: LexborHTMLParser, *names: str) -> str | None:
    """`content` of the first `<meta>` whose name, property or itemprop is one of `names`."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            if node is not None and node.attributes.get("content"):
                return (node.attributes.get("content") or "").strip()
    return None


def canonical_link(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first('link[rel="canonical"]')
    if node is not None and node.attributes.get("href"):
        return (node.attributes.get("href") or "").strip()
    return meta_content(tree, "og:url")


def find_text(root: LexborNode, pattern: re.Pattern[str], *, skip: Iterable[LexborNode] = ()) -> re.Match[str] | None:
    """The first match of `pattern` in the text of an element directly holding it, outside `skip`."""
    skipped = {node.mem_id for node in skip}
    for node in root.traverse(include_text=False):
        if node.mem_id in skipped or (node.tag or "") in SKIP_TAGS:
            continue
        own = clean_text(" ".join(c.text_content or "" for c in node.iter(include_text=True) if c.tag == "-text"))
        if own:
            match = pattern.search(own)
            if match:
                return match
    return None


def date_line_after(title: LexborNode, *, limit: int = 40) -> str | None:
    """The first date line that follows the title in document order (a text landmark)."""
    seen = 0
    node = _skip_subtree(title)
    while node is not None and seen < limit:
        tag = node.tag or ""
        if tag in SKIP_TAGS:
            node = _skip_subtree(node)
            continue
        if tag == "-text":
            own = clean_text(node.text_content or "")
            if own:
                seen += 1
                if DATE_LINE.match(own):
                    whole = text_of(node.parent) if node.parent is not None else own
                    return whole if DATE_LINE.match(whole) and len(whole) < 80 else own
        node = _preorder_next(node)
    return None


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


def img_src(node: LexborNode) -> str | None:
    src = node.attributes.get("src") or node.attributes.get("data-src")
    return src.strip() if src else None


NEXT_TEXT = re.compile(r"^(следующая|след\.?|далее|вперёд|вперед|next)\b|^[→»›>]+$|[→»›]$", re.I)


def next_link(scope: LexborNode | LexborHTMLParser, selectors: Iterable[str] = ()) -> str | None:
    """The pager's "next page" link: known selectors first, then `rel=next`, then the link text."""
    for selector in (*selectors, 'a[rel="next"]', 'link[rel="next"]'):
        node = scope.css_first(selector)
        if node is not None and node.attributes.get("href"):
            return (node.attributes.get("href") or "").strip()
    for anchor in scope.css("a[href]"):
        text = text_of(anchor)
        if text and NEXT_TEXT.search(text):
            return (anchor.attributes.get("href") or "").strip()
    return None


def inside(node: LexborNode, pattern: re.Pattern[str], *, stop: LexborNode | None = None) -> bool:
    """Whether `node` or an ancestor below `stop` has a class or id matching `pattern` (e.g. a sidebar)."""
    current: LexborNode | None = node
    stop_id = stop.mem_id if stop is not None else None
    while current is not None and current.tag not in (None, "html", "body") and current.mem_id != stop_id:
        attrs = current.attributes
        if pattern.search(attrs.get("class") or "") or pattern.search(attrs.get("id") or ""):
            return True
        current = current.parent
    return False


SIDEBAR = re.compile(r"(^|[\s_-])(side|sidebar|aside|col_side|right|popular|related|other|teaser|widget|banner)"
                     r"([\s_-]|$)", re.I)


def anchors_matching(scope: LexborNode | LexborHTMLParser, href_pattern: re.Pattern[str],
                     *, exclude: re.Pattern[str] = SIDEBAR) -> list[str]:
    """hrefs of links whose URL matches `href_pattern`, in order, outside sidebars."""
    found = []
    for anchor in scope.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        stop = scope if isinstance(scope, LexborNode) else None
        if href_pattern.search(href) and not inside(anchor, exclude, stop=stop):
            found.append(href)
    return found


_TEXT_BLOCKS = frozenset(["p", "div", "li", "blockquote", "h2", "h3", "h4", "table", "ul", "ol"])


def richest_text_container(root: LexborNode, *, after: LexborNode | None = None) -> LexborNode | None:
    """The element whose direct children carry the most paragraph text: the article's text field
    when its class is unknown. Sidebars are ignored; with `after`, only elements after that node."""
    best: LexborNode | None = None
    best_score = 0
    order_floor = _doc_position(after) if after is not None else -1
    for node in root.traverse(include_text=False):
        if (node.tag or "") not in ("div", "section", "article", "td", "main"):
            continue
        if inside(node, SIDEBAR):
            continue
        score = 0
        for child in node.iter(include_text=True):
            tag = child.tag or ""
            if tag == "-text":
                score += len((child.text_content or "").strip())
            elif tag in ("p", "blockquote", "ul", "ol", "table", "h2", "h3", "h4") or tag in ("span", "strong", "em"):
                text = text_of(child)
                links = sum(len(text_of(a)) for a in child.css("a"))
                score += max(0, len(text) - 2 * links)
        if score > best_score and (after is None or _doc_position(node) > order_floor):
            best, best_score = node, score
    return best


def _doc_position(node: LexborNode) -> int:
    """Position of `node` in document order (counts preceding elements; cheap enough for one page)."""
    count = 0
    current: LexborNode | None = node
    while current is not None:
        sibling = current.prev
        while sibling is not None:
            count += 1 + sum(1 for _ in sibling.traverse(include_text=False)) if sibling.tag != "-text" else 0
            sibling = sibling.prev
        current = current.parent
        count += 1
    return count


def remove(scope: LexborNode, selectors: Iterable[str]) -> None:
    """Take page chrome (headers, galleries, share bars, …) out of a container before reading its text."""
    for selector in selectors:
        for node in scope.css(selector):
            node.decompose()


def gallery_images(block: LexborNode | None) -> list[str]:
    """Full-size pictures of a photo block: the link target when it is an image, else the <img>."""
    if block is None:
        return []
    found: list[str] = []
    for node in block.css("a[href], img"):
        if node.tag == "a":
            href = (node.attributes.get("href") or "").strip()
            if IMAGE_HREF.search(href):
                found.append(href)
            continue
        parent_href = node.parent.attributes.get("href") if node.parent is not None and node.parent.tag == "a" else None
        if parent_href and IMAGE_HREF.search(parent_href):
            continue  # the link's full-size target is already listed
        src = img_src(node)
        if src:
            found.append(src)
    return found


IMAGE_HREF = re.compile(r"\.(jpe?g|png|gif|webp)(?:$|[?#])", re.I)
