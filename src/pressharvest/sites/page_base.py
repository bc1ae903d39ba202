"""A page's `<base href>`, and its links made absolute before a family reads them.

A page may write its links relative to itself (`href="21944/"` on `/news/`) or name another base
with `<base href>`; the families match link addresses against URL patterns (`/news/\\d+/`), so a
list page's links are made absolute first, as a browser would resolve them."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from pressharvest.sites.landmarks import css, css_first
from pressharvest.urls import absolute_url

# Links that are not addresses of pages: a fragment, a script, mail and phone links stay as written
# (the list readers refuse `#` and `javascript:` buttons by their text).
_NOT_ADDRESSES = ("#", "javascript:", "mailto:", "tel:", "data:")


def base_href(tree: LexborHTMLParser) -> str | None:
    """The page's `<base href>` as written, if it has one."""
    base = css_first(tree.head, "base[href]") if tree.head is not None else None
    href = (base.attrs.get("href") or "").strip() if base is not None else ""
    return href or None


def absolutize_links(tree: LexborHTMLParser, base: str) -> None:
    """Every link of the page (`<a href>`, `<link href>`) made absolute against `base`."""
    for node in css(tree, "a[href], link[href]"):
        href = (node.attrs.get("href") or "").strip()
        if href and not href.lower().startswith(_NOT_ADDRESSES):
            absolute = absolute_url(href, base)
            if absolute != href:
                node.attrs["href"] = absolute
