"""Kaluga region government portal — the 55 ministry subsites `*.admoblkaluga.ru` (one platform).

URLs: articles `/news/<id>/`, list `/news/` paged with `?PAGEN_1=<n>`.
Page: `.page-content` holds the `<h1>`, `.news-detail-header` with the date (`D <month> YYYY года`,
no time) and a rubric link, then the editor's text as direct children (`<p>`, lists, tables, or one
`<div>` of `<br><br>` runs), then `.news-photos` (full-size images are the links' targets),
`.news-docs`, tags, share links and a back link. No rating and no "updated" stamp. Sidebar teasers
reuse the list-card classes (`.news-item .main-news-item-inner`), so they are false dates and links.
Redesigned pages (see `fixtures/admoblkaluga-drift/`; the title, date, text-widening, layout-table,
lazy-picture and list landmarks are `admobninsk`'s, described there): the richest text container at
or after the headline with chrome trimmed — the block holding the date line, link lists, photo
blocks, and classed blocks a redesign adds (a documents block, comments around a form, breadcrumbs,
a share bar of buttons, a view counter); photos and documents by what they link (a bare «Скачать»
link takes its item's caption, size notes left out), photos above the text first in `images`; a
«Дата изменения»/«обновлено» line holding a date and nothing else is the `updated_at` stamp, not
text (a sentence opening with «Обновлено …» stays text).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.date_lines import date_slot_text, machine_date, publication_line, time_last
from pressharvest.sites.documents import BARE_DOCUMENT_LINK, document_title
from pressharvest.sites.headlines import headline_by_og_title
from pressharvest.sites.landmarks import (
    IMAGE_HREF,
    LINK_WITH_PICTURE,
    canonical_link,
    common_ancestor,
    css,
    css_first,
    drop_blocks_before,
    find_text,
    first,
    gallery_images,
    holds,
    href_of,
    in_sidebar,
    is_document,
    meta_content,
    next_link,
    page_headings,
    remove,
    richest_text_container,
    text_of,
    trim_chrome,
)
from pressharvest.sites.list_pages import list_article_links, next_page_by_url_pattern
from pressharvest.sites.text_field import unwrap_layout_table, widen_to_sibling_paragraphs
from pressharvest.sites.tree_walk import precedes
from pressharvest.sites.updated_stamps import STAMP_LABEL, UPDATED_STAMP_WORD
from pressharvest.text.blocks import Block, Link, extract_blocks
from pressharvest.text.dates import MONTH_WORD, find_date, zone

ARTICLE_URL = re.compile(r"/news/\d+/?(?:$|[?#])")
PAGE_URL = re.compile(r"[?&]PAGEN_\d+=\d+")
_CHROME = (
    ".news-detail-header", ".news-photos", ".news-docs", ".news-tags", ".news-share", ".news-back",
    ".page-side", "aside", ".side-news", ".breadcrumbs", ".breadcrumb",
)  # fmt: skip
# A block that is an "updated" stamp: the stamp word (and a colon), then a date and nothing else
# (a time before or after it allowed), and short. «Обновлено расписание: с 1 марта…» or «Изменено
# 10 февраля 2025 года постановлением № 12» are the editor's sentences, not a stamp.
_STAMP = re.compile("^" + STAMP_LABEL + r"\b\s*:?\s*", re.I)
_STAMP_DATE = re.compile(
    r"(?:\d{1,2}:\d{2}\s*,?\s*)?"
    r"(?:\d{1,2}\s+" + MONTH_WORD + r"\s+\d{4}"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s*(?:года|г\.?))?(?:\s*(?:,\s*|в\s+|[|·•/–—-]\s*)?\d{1,2}:\d{2}(?::\d{2})?)?\s*\.?",
    re.I,
)
_STAMP_LINE = re.compile(f"{_STAMP.pattern}({_STAMP_DATE.pattern})$", re.I)
_STAMP_MAX = 60
_FORM_CHROME_MAX = 200  # chars: a block around a form (comments, subscription) with this little text
_WIDGET = re.compile(r"^(?:поделиться|просмотр(?:ов|ы)|версия\s+для\s+печати|распечатать)\b", re.I)
_WIDGET_MAX = 60
# The editor's text: never a documents block nor a block around a form.
_TEXT_TAGS = frozenset(["p", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"])


def _docs_item_name(anchor: LexborNode) -> str:
    """A `.news-docs` link's document name: its name element, else its text, else (an icon alone,
    «Скачать») the caption beside it."""
    name = text_of(first(anchor, [".news-docs-item-name"]) or anchor)
    return document_title(anchor) if BARE_DOCUMENT_LINK.match(name) else name


def _first_paragraph(content: LexborNode, title: LexborNode | None) -> LexborNode | None:
    """The text's first paragraph: the container's first `<p>` after the headline (a cookie notice's
    `<p>` above the headline is not the text; pictures before the text are the lead ones)."""
    for paragraph in css(content, "p"):
        if title is None or not precedes(paragraph, title):
            return paragraph
    return None


def _classed(node: LexborNode) -> bool:
    """An element with a class or an id (a template block; comments and text nodes are not)."""
    if (node.tag or "-").startswith("-"):
        return False
    attrs = node.attributes
    return bool(attrs.get("class") or attrs.get("id"))


def _documents_block(node: LexborNode) -> bool:
    """A block made of document links and their short captions (a renamed `.news-docs`)."""
    anchors = css(node, "a[href]")
    return bool(anchors) and all(is_document(href_of(a)) for a in anchors) and len(text_of(node)) < 300 * len(anchors)


def _breadcrumb_trail(node: LexborNode) -> bool:
    """A breadcrumb trail moved into the text container: two links or more, opening with the link to
    the home page, and short."""
    anchors = css(node, "a[href]")
    if len(anchors) < 2 or href_of(anchors[0]) not in ("/", "./", "/index.php"):
        return False
    text = text_of(node)
    return len(text) <= 300 and text.startswith(text_of(anchors[0]))


def _widget_line(node: LexborNode) -> bool:
    """A share bar drawn with buttons, a view counter, a print link: short lines no editor writes."""
    text = text_of(node)
    return len(text) <= _WIDGET_MAX and bool(_WIDGET.match(text))


def _form_block(node: LexborNode) -> bool:
    """A block around a form (comments, subscription) with little text of its own: never the
    editor's text."""
    return css_first(node, "form") is not None and len(text_of(node)) <= _FORM_CHROME_MAX


class KalugaPortalV1(Layout):
    family = "admoblkaluga"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        content = first(tree, [".page-content"])
        # `.page-content h1` asked of the first .page-content: the page's first such heading when it
        # holds one (any other .page-content starts inside it or ends before it), without a second
        # walk over the whole page.
        heading = first(content, ["h1"]) if content is not None else None
        if heading is None:
            heading = first(tree, [".page-content h1", "main h1", "h1"])
        title = headline_by_og_title(tree, heading, tree.body)
        title_text = text_of(title) if title is not None else meta_content(tree, "og:title")
        has_page_content = content is not None
        if content is None and title is not None and tree.body is not None:
            # Renamed template: the text container is the richest one at or after the title.
            content = unwrap_layout_table(widen_to_sibling_paragraphs(richest_text_container(tree.body, after=title)))
        date = first(content, [".news-detail-header .main-news-item-date", ".main-news-item-date"]) if content else None
        published = date_slot_text(date) if date is not None else None
        if not published and title is not None:
            line = publication_line(title, ARTICLE_URL)
            published, date = (line.text, line.node) if line is not None else machine_date(tree, title, ARTICLE_URL)
        # Photo and documents blocks by class, else by what they link: full-size pictures, documents.
        around = common_ancestor(content, title) if content is not None and title is not None else content
        # Most pages have neither block: one query that finds nothing instead of three (each walks the page).
        has_blocks = css_first(tree, ".news-photos-list, .news-photos, .news-docs") is not None
        photos = first(tree, [".news-photos-list", ".news-photos"]) if has_blocks else None
        lead: list[str] = []
        gallery: list[str] = []
        if photos is not None:
            gallery = gallery_images(photos)
            first_text = _first_paragraph(content, title) if content is not None else None
            if first_text is not None and precedes(photos, first_text):
                lead, gallery = gallery, []  # the photo block moved above the text
        elif around is not None:
            pictures = [
                anchor
                for anchor in css(around, LINK_WITH_PICTURE)
                if IMAGE_HREF.search(href_of(anchor)) and not in_sidebar(anchor, stop=around)
            ]
            first_text = _first_paragraph(content, title) if pictures and content is not None else None
            for anchor in pictures:
                before = first_text is not None and precedes(anchor, first_text)
                (lead if before else gallery).append(href_of(anchor))
        documents = [
            Link(a.attrs.get("href") or "", _docs_item_name(a))
            for a in (css(tree, ".news-docs a[href]") if has_blocks else [])
        ]
        if not documents and around is not None:
            documents = [
                Link(href_of(a), document_title(a))
                for a in css(around, "a[href]")
                if is_document(href_of(a)) and not in_sidebar(a, stop=around)
            ]
        blocks: list[Block] = []
        if content is not None:
            remove(content, _CHROME)
            # A cookie notice, a print header above the headline (the date line stays for trim_chrome).
            drop_blocks_before(content, title, keep=[date])
            headings = page_headings(content)  # (an editor's <h1> after the text has begun stays)
            # The marks left once the headings go: a node taken out of the tree is detached, not a mark.
            marks = [mark for mark in (title, date) if mark is not None and not any(holds(h, mark) for h in headings)]
            for heading in headings:
                heading.decompose()
            trim_chrome(content, marks=marks)  # (cookie notices too, at any depth)
            # Blocks a redesign adds beside the text, classed as template blocks are (the editor's
            # paragraphs, lists and `<div>`s carry none): a renamed documents block, comments with a
            # form, breadcrumbs, a share bar of buttons or a view counter.
            doomed = [
                child
                for child in content.iter()
                if child.tag not in _TEXT_TAGS
                and _classed(child)
                and (
                    _documents_block(child)
                    or _form_block(child)
                    or _breadcrumb_trail(child)
                    or _widget_line(child)
                )
            ]
            for child in doomed:
                child.decompose()
            text_field = content
            if not any(child.tag in ("p", "div", "ul", "table") for child in content.iter()):
                text_field = richest_text_container(content) or content
            blocks = extract_blocks(text_field)
        updated, blocks = self._stamp(blocks, page)
        if updated is None and around is not None and not has_page_content:
            # Renamed template: the stamp may sit outside the text container found (an element
            # whose own text is the stamp word and a date only, as in the text).
            found = find_text(around, _STAMP_LINE, needs=UPDATED_STAMP_WORD)
            updated = found.group(0) if found else None
        in_text = {link.href for block in blocks for link in block.links}
        return RawArticle(
            title=title_text,
            published=time_last(published),
            blocks=blocks,
            updated=updated,
            lead_images=[href for href in lead if href not in in_text],
            gallery_images=[href for href in gallery if href not in in_text],
            documents=documents,
            canonical_url=canonical_link(tree),
        )

    @staticmethod
    def _stamp(blocks: list[Block], page: Page) -> tuple[str | None, list[Block]]:
        """An "updated" stamp printed among the text's blocks (a redesign's «Дата изменения: …»): a
        block that is the stamp word and a date only. (Read on the template's own pages too: a
        redesign may print it inside `.page-content`.)"""
        # A stamp is printed above the text or below it: the first and last few blocks.
        count = len(blocks)
        for index in (*range(min(3, count)), *range(max(3, count - 3), count)):
            text = blocks[index].text
            stamp = _STAMP_LINE.match(text) if len(text) <= _STAMP_MAX else None
            if stamp and find_date(stamp.group(1), zone(page.site.timezone), now=page.fetched_at):
                return text, blocks[:index] + blocks[index + 1 :]
        return None, blocks

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        articles = list_article_links(
            tree, [".site-news", ".news-list"], [".page-content", "main"], ARTICLE_URL, PAGE_URL
        )
        pager = first(tree, [".pager", ".pagination", ".modern-page-navigation"])
        next_href = next_link(pager or tree, [".pager-next a[href]"])
        return RawLinks(articles, next_href or next_page_by_url_pattern(pager or tree, PAGE_URL))


FAMILY = Family("admoblkaluga", (KalugaPortalV1(),), "Kaluga region government portal subsites (*.admoblkaluga.ru)")
