"""1C-Bitrix «Сайт государственного органа» (bitrix.gossite), template gos_modern, municipal part.

URLs: list `/about/info/news/` paged with `?PAGEN_1=<n>` (pager `.modern-page-navigation`, "След."),
articles `/about/info/news/<ELEMENT_ID>/`, RSS `/about/info/news/rss/`.
Page: `div.news-detail > div.news-item` with `.news-item-date` ("15 июля 2020" or `d.m.Y`, no time)
and `div.news-item-text` holding the detail picture, an `<h2>` title and the editor's text wrapped in
one more `<p>` by the template. No rating, no "изменено" stamp. Sidebar "Анонсы событий" teasers use
the list-card markup but link to `/about/info/anounces/<id>/`. Older copies are served in cp1251.
Redesigned pages (see `fixtures/gossite-drift/`): the date line next to the `<h1>` (also inside the
text after the `<h2>`, taken out of the body), the richest text container after the `<h1>`, every
article link outside sidebars, the pager's `rel=next` or "След."/"Следующая" link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import (
    anchors_matching,
    canonical_link,
    css_first,
    date_line_near,
    first,
    gallery_images,
    meta_content,
    next_link,
    remove,
    richest_text_container,
    text_of,
    trim_chrome,
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
        heading = css_first(tree, "h1")
        title = first(item, ["h2", "h1"]) if item is not None else None
        if title is None:
            title = heading
        title_text = text_of(title) if title is not None else ""
        if not title_text:
            title_text = _TITLE_SUFFIX.sub("", text_of(css_first(tree, "title")))
        date = first(item, [".news-item-date"]) if item is not None else None
        published = text_of(date) if date is not None else None
        if not published and title is not None:
            line = date_line_near(heading or title)
            published, date = (line.text, line.node) if line is not None else (None, None)
        text = first(item, [".news-item-text"]) if item is not None else None
        if text is None and tree.body is not None:
            # Renamed template: the richest text container at or after the page's <h1>.
            text = richest_text_container(tree.body, after=heading or title)
        lead = gallery_images(first(text, [".news-item-image"])) if text is not None else []
        blocks = []
        if text is not None:
            remove(text, [".news-item-image", "h2", "h1", ".news-item-date", ".btn-link"])
            trim_chrome(text, marks=[date])
            blocks = extract_blocks(text)
        return RawArticle(
            title=title_text or meta_content(tree, "og:title"),
            published=published,
            blocks=blocks,
            lead_images=lead,
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        pattern = _article_url(page)
        scope = first(tree, [".news-list"])
        articles = anchors_matching(scope, pattern) if scope is not None else []
        if not articles and tree.body is not None:
            # Renamed list markup: every article link outside sidebars (teasers there are skipped).
            articles = anchors_matching(tree.body, pattern)
        pager = first(tree, [".modern-page-navigation", ".pager", ".pagination"])
        return RawLinks(articles, next_link(pager or tree, [".modern-page-next[href]"]))


FAMILY = Family("gossite", (GosModernV1(),), "1C-Bitrix gossite, template gos_modern")
