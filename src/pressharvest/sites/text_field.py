"""The article's text field when its class is unknown: widening a guessed container to the whole
text, unwrapping a layout table, taking a template's blocks (back link, share bar, …) out of it.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from pressharvest.sites.landmarks import (
    IMAGE_HREF,
    css,
    css_first,
    drop_cookie_notices,
    drop_hidden_blocks,
    href_of,
    is_document,
    is_more_news,
    teaser_list,
    text_of,
)
from pressharvest.text.blocks import BLOCK_TAGS


def _paragraph_like(node: LexborNode) -> bool:
    """A `<div>`/`<p>` holding inline text only, mostly not link text (an editor's paragraph), or a
    `<div>` wrapping one such paragraph (page builders wrap each paragraph)."""
    if node.tag not in ("div", "p"):
        return False
    children = list(node.iter())
    if node.tag == "div" and len(children) == 1 and children[0].tag in ("p", "div"):
        return _paragraph_like(children[0]) if children[0].tag == "p" else False
    if any((child.tag or "") in BLOCK_TAGS for child in children):
        return False
    text = text_of(node)
    linked = sum(len(text_of(a)) for a in css(node, "a"))
    return len(text) >= 20 and linked * 2 < len(text)


def widen_to_sibling_paragraphs(node: LexborNode | None) -> LexborNode | None:
    """The richest text container is one paragraph when the editor wrote `<div>` paragraphs (they
    score as a div's own text only): then the text field is its parent, holding three or more."""
    if node is None or node.parent is None or not _paragraph_like(node):
        return node
    paragraphs = sum(1 for child in node.parent.iter() if _paragraph_like(child))
    return node.parent if paragraphs >= 3 else node


def unwrap_layout_table(node: LexborNode | None) -> LexborNode | None:
    """A text field laid out in a one-cell table: the cell, not the element around the table (whose
    score counts the table's text too; read as a table, the whole text would be one row)."""
    if node is None:
        return None
    for child in node.iter():
        if child.tag == "table":
            sections = [child, *(part for part in child.iter() if part.tag in ("thead", "tbody", "tfoot"))]
            rows = [row for part in sections for row in part.iter() if row.tag == "tr"]
            cells = [cell for row in rows for cell in row.iter() if cell.tag in ("td", "th")]  # its own only
            if len(cells) == 1 and len(text_of(cells[0])) * 2 >= len(text_of(node)):
                return cells[0]
    return node


_BLOCK_CHILDREN = frozenset(
    ["p", "div", "ul", "ol", "table", "blockquote", "h2", "h3", "h4", "h5", "h6", "section", "article"]
)


def widen_blockless_container(node: LexborNode) -> LexborNode:
    """The text container around a guessed one that is a single paragraph (the editor's paragraphs
    written as `<div>`s, or one `<div>` of `<br><br>` runs): its parent holds all of the text."""
    parent = node.parent
    if parent is None or parent.tag in ("body", "html") or any(child.tag in _BLOCK_CHILDREN for child in node.iter()):
        return node
    return parent


# The template's back link ("← Возврат к списку") as the text's last paragraph.
_BACK_TEXT = re.compile(r"^[←<«\s]*(?:возврат|вернуться|назад|все новости|к списку)", re.I)
_BACK_MAX = 80


def drop_back_link(container: LexborNode, last: LexborNode | None) -> None:
    """Take the template's back link out of the end of a text container (`last`: its last link): a
    last block that is one link saying "Возврат к списку" / "Вернуться" / "Все новости"."""
    if last is None:
        return
    text = text_of(last)
    if not _BACK_TEXT.match(text) or len(text) > _BACK_MAX:
        return
    block = last
    while block.parent is not None and block.parent.mem_id != container.mem_id:
        block = block.parent
    if block.parent is None or block.mem_id == last.mem_id or text_of(block) != text:
        return
    following = block.next
    while following is not None and not (following.text(deep=True) or "").strip():
        following = following.next
    if following is None:  # the last block of the text
        block.decompose()


# Blocks editors never write that a template may put inside the text container.
_CHROME_BLOCK = re.compile(r"(^|[\s_-])(comments?|share|social|likes?|related|tags|print|subscribe)([\s_-]|$)", re.I)
_EDITOR_TAGS = frozenset(["p", "ul", "ol", "table", "blockquote", "h2", "h3", "h4", "h5", "h6"])


def trim_template_blocks(container: LexborNode) -> None:
    """Take out of a text container the template's blocks a redesign put in it: `<nav>`, `<aside>`,
    `<footer>`, a share bar, tags, related news or comments named so by their class or id, a block
    holding a form (comments), cookie notices (`drop_cookie_notices`), blocks the page does not
    show (`drop_hidden_blocks`, at any depth), and, after the editor's last paragraph, a classed block
    of links to other pages (see `_is_page_links`: an editor's classed `<div>` of links amid the text
    stays) or of teasers for other news under
    their heading («Читайте также»). Safe on a container found by its selector."""
    drop_hidden_blocks(container)
    drop_cookie_notices(container)
    children = list(container.iter())
    last_text = max(
        (index for index, child in enumerate(children) if child.tag in _EDITOR_TAGS or not child.attributes),
        default=-1,
    )
    doomed = []
    for index, child in enumerate(children):
        tag = child.tag or ""
        if tag in _EDITOR_TAGS:
            continue
        attrs = child.attributes
        klass, ident = attrs.get("class") or "", attrs.get("id") or ""
        if (
            tag in ("form", "nav", "aside", "footer")
            or _CHROME_BLOCK.search(klass)
            or _CHROME_BLOCK.search(ident)
            or (tag in ("div", "section") and css_first(child, "form") is not None)
            or (index > last_text and (klass or ident) and (_is_page_links(child) or is_more_news(child)))
            or ((klass or ident) and teaser_list(child) and is_more_news(child))
        ):
            doomed.append(child)
    for node in doomed:
        node.decompose()


def _is_page_links(node: LexborNode) -> bool:
    """A block made of links to pages (not documents, not pictures): most of its text, two links or
    more, or one under a heading of its own ("Читайте также")."""
    anchors = css(node, "a[href]")
    if (
        not anchors
        or (len(anchors) < 2 and css_first(node, "h2, h3, h4, h5, h6") is None)
        or any(is_document(href_of(a)) or IMAGE_HREF.search(href_of(a)) for a in anchors)
    ):
        return False
    text = text_of(node)
    return bool(text) and sum(len(text_of(a)) for a in anchors) / len(text) >= 0.5


_DATE_LINE_MAX = 200  # chars: a child of the text holding the date line is that line when this short


def drop_line(container: LexborNode, line: LexborNode) -> None:
    """Take out of `container` its child holding `line` (a date line), when that child is short."""
    child = line
    while child.parent is not None and child.parent.mem_id != container.mem_id:
        child = child.parent
    if child.parent is not None and child.mem_id != container.mem_id and len(text_of(child)) <= _DATE_LINE_MAX:
        child.decompose()
