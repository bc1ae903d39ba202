"""The lead picture when its class is unknown: the picture between the headline and the text."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from pressharvest.sites.landmarks import IMAGE_HREF, holds, href_of
from pressharvest.sites.tree_walk import next_in_order


def picture_between(start: LexborNode, text: LexborNode) -> LexborNode | None:
    """The lead picture when its class is unknown: the first picture after the headline `start` and
    before the text container (not a thumbnail linking a page); None when the text comes first."""
    if holds(text, start):
        return None
    node = next_in_order(start, into=False)
    for _ in range(_PICTURE_WALK):
        if node is None or node.mem_id == text.mem_id or holds(node, start):
            return None
        if node.tag == "img" and not in_page_link(node):
            return node
        node = next_in_order(node, into=True)
    return None


_PICTURE_WALK = 200  # elements between a headline and its text: a date line, a picture, a few wrappers


def in_page_link(node: LexborNode) -> bool:
    """Whether a picture is a link to a page (a teaser's thumbnail), not to its full size."""
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag == "a":
            return not IMAGE_HREF.search(href_of(current))
        current = current.parent
    return False
