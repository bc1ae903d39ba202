"""1C-Bitrix «Сайт государственного органа» (bitrix.gossite), template gos_modern, municipal part.

URLs: list `/about/info/news/` paged with `?PAGEN_1=<n>` (pager `.modern-page-navigation`, "След."),
articles `/about/info/news/<ELEMENT_ID>/`, RSS `/about/info/news/rss/`.
Page: `div.news-detail > div.news-item` with `.news-item-date` ("15 июля 2020" or `d.m.Y`, no time)
and `div.news-item-text` holding the detail picture, an `<h2>` title and the editor's text wrapped in
one more `<p>` by the template. No rating, no "изменено" stamp. Sidebar "Анонсы событий" teasers use
the list-card markup but link to `/about/info/anounces/<id>/`. Older copies are served in cp1251.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import (
    anchors_matching,
    canonical_link,
    date_line_after,
    first,
    gallery_images,
    meta_content,
    next_link,
    remove,
    richest_text_container,
    text_of,
)
from pressharvest.text.blocks import extract_blocks

_TITLE_SUFFIX = re.compile(r"\s+\|\s+[^|]+$")


def _article_url(page: Page) -> re.Pattern[str]:
    """Articles are numbered children of the news list's folder (`/about/info/news/4633/`)."""
    list_path = urlsplit(page.site.list_url or page.url or "").path or "/"
    if not list_path.endswith("/"):
        list_path += "/"
    return re.compile(re.escape(list_path) + r"\d+/?(?:$|[?#])")


class GosModernV1(Layout):
    family = "gossite"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        item = first(tree, [".news-detail .news-item", ".news-detail"])
        title = first(item, ["h2", "h1"]) if item is not None else None
        if title is None:
            title = first(tree, ["h1"])
        title_text = text_of(title) if title is not None else ""
        if not title_text:
            title_text = _TITLE_SUFFIX.sub("", text_of(tree.css_first("title")))
        date = first(item, [".news-item-date"]) if item is not None else None
        published = text_of(date) if date is not None else None
        if not published and title is not None:
            published = date_line_after(tree.css_first("h1") or title)
        text = first(item, [".news-item-text"]) if item is not None else None
        lead = gallery_images(first(text, [".news-item-image"])) if text is not None else []
        if text is None:
            scope = first(tree, [".content", "main", "body"])
            text = richest_text_container(scope) if scope is not None else None
        blocks = []
        if text is not None:
            remove(text, [".news-item-image", "h2", "h1", ".news-item-date", ".btn-link"])
            blocks = extract_blocks(text)
        return RawArticle(
            title=title_text or meta_content(tree, "og:title"),
            published=published,
            blocks=blocks,
            lead_images=lead,
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        scope = first(tree, [".news-list", ".content", "main"]) or tree.body
        articles = anchors_matching(scope, _article_url(page)) if scope is not None else []
        pager = first(tree, [".modern-page-navigation", ".pager", ".pagination"])
        return RawLinks(articles, next_link(pager or tree, [".modern-page-next[href]"]))


FAMILY = Family("gossite", (GosModernV1(),), "1C-Bitrix gossite, template gos_modern")
