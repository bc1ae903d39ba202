"""The generic extractor — any news page, for sites no family parser knows yet.

Used for `family = "generic"` site entries and, by `parse_page(site=None, url=…)`, for any URL no
registered site matches. It knows no template: the text container is chosen by the page's structure
(`generic_body`: prose vs. link and short text, chrome by tag / role / class words, the headline as a
landmark), the headline and date by `generic_meta` (visible date line first, then machine dates), and
rating / "обновлено" by their text landmarks. Everything else — body / reference / source split,
dates in the site's zone, quotes — is the shared normaliser, as for every family.
List pages: the links that look like articles of the same site (dated or numbered paths), in order.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.explain import Selectors, explain
from pressharvest.sites.generic_body import Scan, article_container, paused_gc
from pressharvest.sites.generic_meta import PageMeta, find_title, machine_dates, visible_date
from pressharvest.sites.landmarks import (
    DATE_LINE,
    IMAGE_HREF,
    RATING,
    UPDATED,
    canonical_link,
    find_text,
    href_of,
    img_src,
    is_document,
    next_link,
    text_of,
)
from pressharvest.sites.updated_stamps import updated_stamp
from pressharvest.text.blocks import HEADING_TAGS as _HEADING_TAGS
from pressharvest.text.blocks import Block, Link, extract_blocks
from pressharvest.text.dates import find_date, zone
from pressharvest.urls import is_http_address

# Pictures that are page furniture, not article images.
_NOT_PHOTO = re.compile(r"logo|icon|sprite|avatar|banner|button|pixel|spacer|blank\.|emoji|badge", re.I)
_MIN_SIDE = 60  # px: declared smaller than this is an icon
# A leading line of the text that is the article's metadata, not its first paragraph.
_META_LINE = re.compile(
    r"^(by|posted|published|updated|автор|опубликовано|дата публикации|фото)\b"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}",
    re.I,
)
_META_LINE_MAX = 100
_GENERIC_LINK_TEXT = re.compile(r"^(скачать|загрузить|открыть|download|открыть документ)?\s*$", re.I)
_ARTICLE_PATH = re.compile(r"/(?:19|20)\d{2}/\d{1,2}/|[/_-]\d{3,}(?:\.html?|/)?$|/news/[^/?#]+/?$", re.I)


def _drop_meta_lines(blocks: list[Block], published: str | None, title: str | None = None) -> list[Block]:
    """Leading date lines, bylines and a repeated headline are the article's metadata, not its text
    (RECORD: the body starts after the date line)."""
    start = 0
    for block in blocks:
        text = block.text
        if not text or (title and text == title and not block.images):
            start += 1
            continue
        if len(text) <= _META_LINE_MAX and (
            DATE_LINE.match(text) or _META_LINE.search(text) or (published and published in text)
        ):
            start += 1
            continue
        break
    return blocks[start:]


def _is_photo(node: LexborNode) -> bool:
    attrs = node.attributes
    described = " ".join(attrs.get(key) or "" for key in ("src", "class", "alt", "id"))
    if _NOT_PHOTO.search(described):
        return False
    for side in ("width", "height"):
        value = (attrs.get(side) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < _MIN_SIDE:
            return False
    return True


def _region(found: Scan, container: int) -> int:
    """The article's outer element: the container's lowest ancestor holding the headline too."""
    title = found.title
    at = container
    while title >= 0 and at > 0 and not at <= title < found.end[at]:
        at = found.parent[at]
    if at > 0 and title >= 0:
        return at
    # No headline inside the page's article: the container's own parent frames its pictures.
    up = found.parent[container]
    return up if up > 0 else container


def _around(found: Scan, container: int) -> tuple[list[str], list[str], list[Link]]:
    """Pictures before and after the text inside the article's region, and its document links."""
    region = _region(found, container)
    lead: list[str] = []
    gallery: list[str] = []
    documents: list[Link] = []
    if region == container:
        return lead, gallery, documents
    at = region + 1
    while at < found.end[region]:
        if at == container or found.chrome[at] or found.hidden[at]:
            at = found.end[at]
            continue
        node = found.nodes[at]
        tag = node.tag
        if tag == "a":
            href = href_of(node)
            if is_document(href):
                documents.append(Link(href, _document_title(node)))
            elif IMAGE_HREF.search(href) and node.css_first("img") is not None:
                (lead if at < container else gallery).append(href)  # the full-size picture
                at = found.end[at]
                continue
        elif tag == "img" and _is_photo(node):
            src = img_src(node)
            if src:
                (lead if at < container else gallery).append(src)
        at += 1
    return lead, gallery, documents


def _document_title(anchor: LexborNode) -> str:
    """The link text, or the caption of a documents block when the link only says "Скачать"."""
    text = text_of(anchor)
    if not _GENERIC_LINK_TEXT.match(text):
        return text
    holder = anchor.parent
    while holder is not None and holder.tag in ("span", "b", "strong", "em", "i"):
        holder = holder.parent
    caption = text_of(holder).replace(text, "").strip() if holder is not None else ""
    return caption or text


_RATING_LABEL = re.compile(r"Рейтинг\s+новости", re.I)
_UPDATED_WORDS = ("ОБНОВЛЕНО", "ИЗМЕНЕН", "РЕДАКТИР")  # (обновлено, изменено, отредактировано, дата изменения, …)


def _element_with_text(root: LexborNode, pattern: re.Pattern[str]) -> LexborNode | None:
    """The first element whose own text matches `pattern`."""
    for node in root.traverse(include_text=True, skip_empty=True):
        if node.is_text_node and pattern.search(node.text_content or ""):
            return node.parent
    return None


def _drop_trailing_headings(blocks: list[Block]) -> list[Block]:
    """A heading with no text after it labels a gallery or a documents block, not the article."""
    end = len(blocks)
    while end and (not blocks[end - 1].text or blocks[end - 1].tag in _HEADING_TAGS) and not blocks[end - 1].images:
        end -= 1
    return blocks[:end]


class GenericV1(Layout):
    family = "generic"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        with paused_gc():  # (see `paused_gc`: short-lived objects only)
            return self._article(tree, page)

    def _article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        meta = PageMeta(tree)
        title_node, title = find_title(tree, meta)
        published = self._published(tree, title_node, page, meta)
        canonical = canonical_link(tree)
        rating, updated = self._landmarks(tree)
        found, at = article_container(tree, title_node)
        blocks: list[Block] = []
        lead: list[str] = []
        gallery: list[str] = []
        documents: list[Link] = []
        if found is not None and at >= 0:
            blocks = _drop_trailing_headings(_drop_meta_lines(extract_blocks(found.nodes[at]), published, title))
            lead, gallery, documents = _around(found, at)
        return RawArticle(
            title=title,
            published=published,
            blocks=blocks,
            updated=updated,
            rating=rating,
            lead_images=lead,
            gallery_images=gallery,
            documents=documents,
            canonical_url=canonical,
        )

    def body_text(self, tree: LexborHTMLParser) -> list[str]:
        """Just the text blocks (for benchmarks on pages that are not press releases)."""
        with paused_gc():
            return self._body_text(tree)

    @staticmethod
    def _body_text(tree: LexborHTMLParser) -> list[str]:
        title_node, title = find_title(tree)
        found, at = article_container(tree, title_node)
        if found is None or at < 0:
            return []
        blocks = _drop_trailing_headings(_drop_meta_lines(extract_blocks(found.nodes[at]), None, title))
        return [block.text for block in blocks if block.text]

    def explain(self, tree: LexborHTMLParser) -> Selectors:
        """The CSS selectors of the nodes this extractor chooses on `tree` (for `new-family`)."""
        return explain(tree)

    @staticmethod
    def _published(tree: LexborHTMLParser, title: LexborNode | None, page: Page, meta: PageMeta) -> str | None:
        """The first date text that reads as a date: the visible line, then machine dates."""
        tz = zone(page.site.timezone)
        line = visible_date(title)
        if line and find_date(line, tz, now=page.fetched_at):
            return line
        for candidate in machine_dates(tree, page.url, meta):
            if find_date(candidate, tz, now=page.fetched_at):
                return candidate
        return line

    @staticmethod
    def _landmarks(tree: LexborHTMLParser) -> tuple[str | None, str | None]:
        """ "Рейтинг новости:" and "обновлено …": one C-level text() decides whether to look."""
        body = tree.body
        if body is None:
            return None, None
        whole = body.text(separator=" ")
        rating = updated = None
        if "Рейтинг" in whole or "РЕЙТИНГ" in whole or "рейтинг" in whole:  # RATING ignores case
            # The value often sits in its own element after the label: read the label's parent.
            label = find_text(body, _RATING_LABEL)
            holder = _element_with_text(body, _RATING_LABEL) if label else None
            match = RATING.search(text_of(holder.parent or holder)) if holder is not None else None
            rating = match.group(0) if match else None
        # Every match of UPDATED holds one of the words, in any case, so an "н" or "Н" (the only
        # characters IGNORECASE equates with "н"); upper() maps every character IGNORECASE equates
        # with a letter of the words to that letter's capital. A case-insensitive regex search
        # through a whole page's text costs 1-3 ms, upper() ~0.4 ms, `in` of one character ~0.01 ms.
        upper = whole.upper() if "н" in whole or "Н" in whole else ""
        if any(word in upper for word in _UPDATED_WORDS) and UPDATED.search(whole):
            # The stamp is a short line, its label then a date: a body sentence «Обновлено положение о
            # конкурсе 12 марта» is text, not the page's stamp.
            line = updated_stamp(body)
            updated = line.text if line is not None else None
        return rating, updated

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        host = (urlsplit(page.url or page.site.base_url).hostname or "").lower()
        articles: list[str] = []
        scope = tree.body
        if scope is not None:
            for anchor in scope.css("a[href]"):
                href = href_of(anchor)
                if not is_http_address(href):  # (addresses are absolute here: see `parse_links`)
                    continue
                parts = urlsplit(href)
                if parts.hostname and parts.hostname.lower() != host:
                    continue
                if _ARTICLE_PATH.search(parts.path) and text_of(anchor):
                    articles.append(href)
        return RawLinks(articles, next_link(tree))


FAMILY = Family("generic", (GenericV1(),), "generic extractor: any news page, by structure and landmarks")
