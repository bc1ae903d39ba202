"""Kaluga region government portal — the 55 ministry subsites `*.admoblkaluga.ru` (one platform).

URLs: articles `/news/<id>/`, list `/news/` paged with `?PAGEN_1=<n>`.
Page: `.page-content` holds the `<h1>`, `.news-detail-header` with the date (`D <month> YYYY года`,
no time) and a rubric link, then the editor's text as direct children (`<p>`, lists, tables, or one
`<div>` of `<br><br>` runs), then `.news-photos` (full-size images are the links' targets),
`.news-docs`, tags, share links and a back link. No rating and no "updated" stamp. Sidebar teasers
reuse the list-card classes (`.news-item .main-news-item-inner`), so they are false dates and links.
Redesigned pages (see `fixtures/admoblkaluga-drift/`): the richest text container at or after the
`<h1>` with chrome trimmed (the block holding the date line, link lists, photo blocks), the date
line next to the title (also above it), photos and documents by what they link.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import (
    anchors_matching,
    canonical_link,
    common_ancestor,
    css,
    css_first,
    date_line_near,
    document_links,
    first,
    gallery_images,
    linked_images,
    meta_content,
    next_link,
    remove,
    richest_text_container,
    text_of,
    trim_chrome,
)
from pressharvest.text.blocks import Link, extract_blocks

ARTICLE_URL = re.compile(r"/news/\d+/?(?:$|[?#])")
_CHROME = (
    "h1", ".news-detail-header", ".news-photos", ".news-docs", ".news-tags", ".news-share", ".news-back",
    ".page-side", "aside", ".side-news", ".breadcrumbs", ".breadcrumb",
)  # fmt: skip


class KalugaPortalV1(Layout):
    family = "admoblkaluga"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        title = first(tree, [".page-content h1", "main h1", "h1"])
        title_text = text_of(title) if title is not None else meta_content(tree, "og:title")
        content = first(tree, [".page-content"])
        if content is None and title is not None and tree.body is not None:
            # Renamed template: the text container is the richest one at or after the title.
            content = richest_text_container(tree.body, after=title)
        date = first(content, [".news-detail-header .main-news-item-date", ".main-news-item-date"]) if content else None
        published = text_of(date) if date is not None else None
        if not published and title is not None:
            line = date_line_near(title)
            published, date = (line.text, line.node) if line is not None else (None, None)
        # Photo and documents blocks by class, else by what they link: full-size pictures, documents.
        around = common_ancestor(content, title) if content is not None and title is not None else content
        # Most pages have neither block: one query that finds nothing instead of three (each walks the page).
        has_blocks = css_first(tree, ".news-photos-list, .news-photos, .news-docs") is not None
        photos = first(tree, [".news-photos-list", ".news-photos"]) if has_blocks else None
        gallery = gallery_images(photos) if photos is not None else linked_images(around) if around else []
        documents = [
            Link(a.attrs.get("href") or "", text_of(first(a, [".news-docs-item-name"]) or a))
            for a in (css(tree, ".news-docs a[href]") if has_blocks else [])
        ]
        if not documents and around is not None:
            documents = document_links(around)
        blocks = []
        if content is not None:
            remove(content, _CHROME)
            trim_chrome(content, marks=[title, date])
            text_field = content
            if not any(child.tag in ("p", "div", "ul", "table") for child in content.iter()):
                text_field = richest_text_container(content) or content
            blocks = extract_blocks(text_field)
        in_text = {link.href for block in blocks for link in block.links}
        return RawArticle(
            title=title_text,
            published=published,
            blocks=blocks,
            gallery_images=[href for href in gallery if href not in in_text],
            documents=documents,
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        scope = first(tree, [".site-news", ".news-list", ".page-content", "main"]) or tree.body
        articles = anchors_matching(scope, ARTICLE_URL) if scope is not None else []
        pager = first(tree, [".pager", ".pagination", ".modern-page-navigation"])
        return RawLinks(articles, next_link(pager or tree, [".pager-next a[href]"]))


FAMILY = Family("admoblkaluga", (KalugaPortalV1(),), "Kaluga region government portal subsites (*.admoblkaluga.ru)")
