"""NetCat municipal template — admobninsk.ru (Администрация города Обнинска) and NetCat sites like it.

URLs: articles `/news/YYYY/MM/DD/news_<ID>.html`, list `/news/` paged with `?curPos=<offset>`.
Page: `div.news_full` holds `h1.news_title`, the date line `D <month> YYYY года HH:MM`, a photo
block before the text, `div.news_text` (body, "Справочно:", press-service line), the
"Рейтинг новости: N" widget with `?like=±1` vote links (never followed), and after the article an
"обновлено DD.MM.YYYY HH:MM" stamp. Quirks: Word-pasted bodies, `<br><br>` bodies, a "Последние
новости" sidebar whose teasers use the article date format (false date candidates).
Redesigned pages (see `fixtures/admobninsk-drift/`): the date line next to the title (also above it,
or as `17.11.2024 22:13`), the richest text container after the title with chrome trimmed, pictures
linked from thumbnails before the text, "Рейтинг новости:" and "обновлено" read by their words.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import (
    RATING,
    RATING_WORD,
    UPDATED,
    UPDATED_WORD,
    anchors_matching,
    canonical_link,
    css,
    css_first,
    date_line_near,
    find_text,
    first,
    gallery_images,
    href_of,
    linked_images,
    meta_content,
    next_link,
    richest_text_container,
    text_of,
    trim_chrome,
)
from pressharvest.text.blocks import extract_blocks

ARTICLE_URL = re.compile(r"/news_\d+\.html(?:$|[?#])")
_RATING_WORDS = re.compile(r"Рейтинг\s+новости", re.I)


def _inside_text(href: str, text: LexborNode) -> bool:
    return any(href_of(a) == href for a in css(text, "a[href]"))


class NetcatMunicipalV1(Layout):
    family = "admobninsk"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        root = first(tree, [".news_full", "[data-id] h1", "main", ".col_main", "body"])
        if root is not None and root.tag == "h1":
            root = root.parent
        scope = root or tree.body
        title = first(scope, ["h1.news_title", "h1"]) if scope is not None else None
        if title is None:
            title = css_first(tree, "h1")
        date_node = first(scope, [".news_date"]) if scope is not None else None
        published = text_of(date_node) if date_node is not None else None
        if not published and title is not None:
            line = date_line_near(title)
            published, date_node = (line.text, line.node) if line is not None else (None, None)
        text = first(scope, [".news_text"]) if scope is not None else None
        if text is None and scope is not None:
            text = richest_text_container(scope, after=title)
        photos = first(scope, [".news_photos", ".news_gallery"]) if scope is not None else None
        lead = gallery_images(photos)
        if photos is None and scope is not None and text is not None:
            # The photo block sits before the text: pictures linked from thumbnails outside it.
            lead = [href for href in linked_images(scope) if not _inside_text(href, text)]
        blocks = []
        if text is not None:
            trim_chrome(text, marks=[title, date_node])
            blocks = extract_blocks(text)
        rating_node = first(tree, [".news_rating"])
        rating = text_of(rating_node) if rating_node is not None else None
        if rating is None and tree.body is not None:
            found = find_text(tree.body, RATING, trigger=_RATING_WORDS, needs=RATING_WORD)
            rating = found.group(0) if found else None
        updated_node = first(tree, [".last_update"])
        updated = text_of(updated_node) if updated_node is not None else None
        if updated is None and tree.body is not None:
            found = find_text(tree.body, UPDATED, needs=UPDATED_WORD)
            updated = found.group(0) if found else None
        return RawArticle(
            title=text_of(title) if title is not None else meta_content(tree, "og:title"),
            published=published,
            blocks=blocks,
            updated=updated,
            rating=rating,
            lead_images=lead,
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        scope = first(tree, [".news_list", ".col_main", "main"]) or tree.body
        articles = anchors_matching(scope, ARTICLE_URL) if scope is not None else []
        pager = first(tree, [".pagination", ".pager", ".pages"])
        next_href = next_link(pager or tree, [".pagination_next[href]", "a.next"])
        return RawLinks(articles, next_href)


FAMILY = Family("admobninsk", (NetcatMunicipalV1(),), "NetCat municipal template (admobninsk.ru)")
