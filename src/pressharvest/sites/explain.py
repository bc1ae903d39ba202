"""Which nodes the generic extractor chose on a page, as CSS selectors a family module can start from.

`explain(tree)` runs the generic extractor's own finders (headline, date line or machine date, text
container) and describes each chosen node twice: a short selector (`h1.entry-title`: tag plus its
stable classes, or its id) and the full path from `<body>`. `pressharvest new-family` writes them
into a module skeleton; a developer then keeps, tightens or replaces them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.generic_body import article_container
from pressharvest.sites.generic_meta import find_title
from pressharvest.sites.landmarks import date_line_near

# Class names that identify one page, not a template role (`post-123`, `postid-9`, `css-1x2y3z`).
_UNSTABLE_CLASS = re.compile(r"\d|^css-|^js-|^is-|^has-")


@dataclass(frozen=True)
class Chosen:
    """One node the extractor chose: a short selector, its path from <body>, and where its value is."""

    selector: str
    path: str
    attribute: str | None = None  # the value is this attribute (`datetime`), not the node's text


@dataclass(frozen=True)
class Selectors:
    title: Chosen | None
    text: Chosen | None
    date: Chosen | None

    def as_dict(self) -> dict[str, dict[str, str | None] | None]:
        return {name: vars(chosen) if chosen else None for name, chosen in vars(self).items()}


def node_selector(node: LexborNode) -> str:
    """`tag#id` for an id that is not numbered, else `tag.class1.class2` with stable classes only."""
    tag = node.tag or "*"
    ident = (node.attributes.get("id") or "").strip()
    if ident and not _UNSTABLE_CLASS.search(ident) and re.fullmatch(r"[A-Za-z][\w-]*", ident):
        return f"{tag}#{ident}"
    classes = [c for c in (node.attributes.get("class") or "").split() if not _UNSTABLE_CLASS.search(c)]
    classes = [c for c in classes if re.fullmatch(r"-?[A-Za-z_][\w-]*", c)]
    return tag + "".join(f".{name}" for name in classes)


def node_path(node: LexborNode) -> str:
    """The chain of short selectors from `<body>` down to `node`."""
    parts: list[str] = []
    at: LexborNode | None = node
    while at is not None and at.tag not in ("body", "html", "-document", None):
        parts.append(node_selector(at))
        at = at.parent
    return " > ".join(["body", *reversed(parts)])


def _chosen(tree: LexborHTMLParser, node: LexborNode | None, attribute: str | None = None) -> Chosen | None:
    if node is None:
        return None
    short = node_selector(node)
    # The short selector is only worth keeping when it finds this very node first on the page.
    found = tree.css_first(short)
    path = node_path(node)
    selector = short if found is not None and found.mem_id == node.mem_id else path
    return Chosen(selector, path, attribute)


def _date_node(tree: LexborHTMLParser, title: LexborNode | None) -> tuple[LexborNode | None, str | None]:
    """The date the generic extractor reads: the visible line next to the headline, else `<time>`."""
    if title is not None:
        line = date_line_near(title)
        if line is not None:
            node = line.node if line.node.tag != "-text" else line.node.parent
            return node, None
    stamp = tree.css_first("time[datetime]")
    if stamp is not None:
        return stamp, "datetime"
    return None, None


def explain(tree: LexborHTMLParser) -> Selectors:
    """The generic extractor's choices on `tree` (which is modified: invisible markup is removed)."""
    title_node, _ = find_title(tree)
    date_node, attribute = _date_node(tree, title_node)
    title = _chosen(tree, title_node)
    date = _chosen(tree, date_node, attribute)
    found, at = article_container(tree, title_node)
    text = _chosen(tree, found.nodes[at]) if found is not None and at >= 0 else None
    return Selectors(title=title, text=text, date=date)
