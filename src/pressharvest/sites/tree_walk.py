"""Walking a parsed page: a node's subtree, the nodes after or before it, which of two comes first,
whether it sits in an element of a kind (a link, an `<aside>`, a heading).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from selectolax.lexbor import LexborNode

from pressharvest.text.blocks import SKIP_TAGS


def subtree(node: LexborNode) -> Iterator[LexborNode]:
    """`node` and its descendants in document order, without descending into scripts, styles, forms
    and the like (a stack, not recursion: a hostile page may nest elements thousands deep)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if (current.tag or "") in SKIP_TAGS:
            continue
        children = []
        child = current.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))


def nodes_after(node: LexborNode) -> Iterator[LexborNode]:
    """The nodes after `node`'s subtree, in document order (scripts and styles skipped)."""
    current: LexborNode | None = node
    while current is not None:
        following = current.next
        if following is None:
            current = current.parent
            continue
        yield from subtree(following)
        current = following


def nodes_before(node: LexborNode) -> Iterator[LexborNode]:
    """The text nodes before `node`, nearest first."""
    current: LexborNode | None = node
    while current is not None:
        sibling = current.prev
        while sibling is not None:
            yield from reversed(list(subtree(sibling)))
            sibling = sibling.prev
        current = current.parent


def precedes(first_node: LexborNode, second: LexborNode) -> bool:
    """Whether `first_node` comes before `second` in document order (neither holding the other)."""
    chain: dict[int, LexborNode] = {}
    current: LexborNode | None = second
    while current is not None:
        chain[current.mem_id] = current
        current = current.parent
    child: LexborNode | None = first_node
    while child is not None and child.parent is not None and child.parent.mem_id not in chain:
        child = child.parent
    if child is None or child.parent is None:
        return False
    other: LexborNode | None = second
    while other is not None and other.parent is not None and other.parent.mem_id != child.parent.mem_id:
        other = other.parent
    sibling = child.next
    while sibling is not None:
        if other is not None and sibling.mem_id == other.mem_id:
            return True
        sibling = sibling.next
    return False


def ancestors_below(node: LexborNode, stop: LexborNode) -> Iterator[LexborNode]:
    """The ancestors of `node` from its parent up, those inside `stop` only (`stop` not yielded)."""
    current = node.parent
    while current is not None and current.mem_id != stop.mem_id:
        yield current
        current = current.parent


def has_ancestor_tag(node: LexborNode, tags: Collection[str]) -> bool:
    """Whether an ancestor of `node` below `<body>` (`node` itself not counted) is one of `tags`:
    in a link (`a`), in an `<aside>`, in the page's header or footer, in a heading."""
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in tags:
            return True
        current = current.parent
    return False


def next_in_order(node: LexborNode, *, into: bool) -> LexborNode | None:
    """The next element in document order: the first child when `into`, else the one after the subtree."""
    if into:
        child = node.child
        while child is not None and (child.tag or "-").startswith("-"):
            child = child.next
        if child is not None:
            return child
    current: LexborNode | None = node
    while current is not None:
        sibling = current.next
        while sibling is not None and (sibling.tag or "-").startswith("-"):
            sibling = sibling.next
        if sibling is not None:
            return sibling
        current = current.parent
    return None
