"""Госвеб — the federal platform for regional and municipal sites (NetCat 6 "Extra" underneath).

Hosts: `<slug>-r<NN>.gosweb.gosuslugi.ru` or `<slug>.gosuslugi.ru`. News list
`/dlya-zhiteley/novosti-i-reportazhi/` paged with `?cur_cc=<infoblock>&curPos=<offset>`;
articles `…/<keyword>_<id>.html`. No RSS.
Pages carry schema.org microdata: each news card and the full view are
`[itemtype=…/NewsArticle]` with `meta[itemprop=datePublished]` (local time, no zone), `headline`,
`url`, `image`, `articleBody`; it is the first signal here, the class names the second. List cards
show relative dates ("Сегодня, 16:04") with the absolute time in `title`. Category filter links
(`?filter[…][Category]=…`) are not pages; «Главное» and "Другие новости" blocks reuse the card
markup (false dates and links).
Redesigned pages (see `fixtures/gosweb-drift/`): with `tpl-` classes renamed the microdata still
finds the full view and the cards; the main list is the card list sharing a block with the pager
(`rel=next` / "Следующая" when renamed); gallery and documents blocks by what they link; without
`articleBody`, the richest text container of the full view, chrome trimmed.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import (
    canonical_link,
    css,
    css_first,
    date_line_near,
    document_links,
    first,
    gallery_images,
    holds,
    href_of,
    img_src,
    linked_images,
    meta_content,
    next_link,
    pager_of,
    richest_text_container,
    text_of,
    trim_chrome,
)
from pressharvest.text.blocks import Link, extract_blocks

NEWS_ITEM = '[itemtype*="schema.org/NewsArticle"]'
ARTICLE_URL = re.compile(r"/[a-z0-9-]+_\d+\.html(?:$|[?#])")
_NOT_PAGES = re.compile(r"[?&]filter(\[|%5B)", re.I)


def _full_view(tree: LexborHTMLParser) -> LexborNode | None:
    """The article's own NewsArticle element (not a card of a teaser block)."""
    # Usually the first one: asked alone, the query stops there instead of listing every card.
    lead = css_first(tree, NEWS_ITEM)
    if lead is not None:
        if _is_full_view(lead):
            return lead
        for node in css(tree, NEWS_ITEM):
            if _is_full_view(node):
                return node
    return first(tree, [".object-item.full", "main", "body"])


def _is_full_view(node: LexborNode) -> bool:
    return css_first(node, '[itemprop="articleBody"]') is not None or css_first(node, "h1") is not None


def _date_text(root: LexborNode) -> str | None:
    # Only the full view's own meta: cards inside it (none expected) or after it are other news.
    for meta in css(root, 'meta[itemprop="datePublished"]'):
        content = (meta.attrs.get("content") or "").strip()
        if content:
            return content
    date = first(root, [".item-date[title]", ".item-date"])
    if date is not None:
        return (date.attrs.get("title") or "").strip() or text_of(date)
    return None


class GoswebV1(Layout):
    family = "gosweb"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        root = _full_view(tree)
        title = first(root, ['[itemprop="headline"]', "h1"]) if root is not None else None
        title = title or css_first(tree, "h1")
        title_text = text_of(title) if title is not None else (meta_content(tree, "og:title") or "")
        published = _date_text(root) if root is not None else None
        date_node = None
        if not published and title is not None:
            line = date_line_near(title)
            published, date_node = (line.text, line.node) if line is not None else (None, None)
        lead: list[str] = []
        gallery: list[str] = []
        documents: list[Link] = []
        blocks = []
        if root is not None:
            picture = first(root, ['img[itemprop="image"]', ".item-image img"])
            src = img_src(picture) if picture is not None else None
            lead = [src] if src else []
            photos = first(root, [".object-item-gallery", ".gallery-list"])
            documents = [
                Link(a.attrs.get("href") or "", text_of(a))
                for a in css(root, ".object-item-documents a[href], .document-object-item a[href]")
            ]
            text = first(root, ['[itemprop="articleBody"]', ".object-item-text"])
            guessed = text is None
            if guessed:
                # No articleBody and a renamed text class: the richest text container of the full view.
                text = richest_text_container(root, after=title)
            in_text = {href_of(a) for a in css(text, "a[href]")} if text else set()
            # Renamed photo or documents block: what it links (full-size pictures, documents) outside the text.
            gallery = gallery_images(photos) if photos is not None else linked_images(root)
            gallery = [href for href in gallery if href not in in_text]
            if not documents:
                documents = [link for link in document_links(root) if link.href not in in_text]
            if text is not None:
                if guessed:
                    # Cards of teaser blocks inside it (`css` also matches the node itself: keep that).
                    for card in css(text, NEWS_ITEM):
                        if card.mem_id != text.mem_id:
                            card.decompose()
                    trim_chrome(text, marks=[title, date_node])
                blocks = extract_blocks(text)
        return RawArticle(
            title=title_text,
            published=published,
            blocks=blocks,
            lead_images=lead,
            gallery_images=gallery,
            documents=list({link.href: link for link in documents}.values()),
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        pager = first(tree, ["ul.pagination", ".pagination-ajax-container", ".pagination"])
        if pager is None:
            pager = pager_of(tree)
        main = _main_list(_card_lists(tree), pager)
        articles: list[str] = []
        if main is not None:
            for card in css(main, NEWS_ITEM):
                anchor = first(card, ['a[itemprop="url"]', ".object-item-title a[href]", "a[href]"])
                href = href_of(anchor) if anchor is not None else ""
                if href and not _NOT_PAGES.search(href):
                    articles.append(href)
        next_href = next_link(pager, ["a.next[href]", ".button-container-pagination-ajax a[href]"]) if pager else None
        return RawLinks(articles, next_href)


def _card_lists(tree: LexborHTMLParser) -> list[LexborNode]:
    """The elements holding news cards (NewsArticle microdata) as children, in document order."""
    lists: dict[int, LexborNode] = {}
    for card in css(tree, NEWS_ITEM):
        parent = card.parent
        if parent is not None and parent.mem_id not in lists:
            lists[parent.mem_id] = parent
    return list(lists.values())


def _main_list(lists: list[LexborNode], pager: LexborNode | None) -> LexborNode | None:
    """The card list the pager belongs to: the one in the smallest block holding both; without a
    pager (the last page), the first list (teaser blocks such as «Главное» follow the main list)."""
    if not lists:
        return None
    if pager is not None:
        block = pager.parent
        while block is not None and block.tag not in ("body", "html"):
            for candidate in lists:
                if holds(block, candidate):
                    return candidate
            block = block.parent
    return lists[0]


FAMILY = Family("gosweb", (GoswebV1(),), "Госвеб (federal platform for municipal sites, NetCat 6)")
