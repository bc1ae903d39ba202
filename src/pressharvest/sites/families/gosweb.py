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
(`rel=next` / "Следующая" when renamed, else the block of page numbers, the next page being the
number after the current one); cards may sit in wrappers (grid columns); without microdata, the
article links grouped by their list. Gallery and documents blocks by what they link (a bare
"Скачать" link named by the caption beside it; bare pictures after the text); without
`articleBody`, the richest text container of the full view, chrome trimmed; without the picture's
microdata, the picture between headline and text; without the date's, a date line near the
headline (also behind "Опубликовано:" or under the text; teaser-card dates never count). Lazy
pictures (an empty or placeholder `src`) give their `data-src`; template blocks inside `articleBody`
(share bar, tags, related news, comments, a closing back link) are not text; an "Изменено: …" stamp
beside the text is `updated_at`.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.date_lines import (
    date_slot_text,
    find_date_line,
    published_line_below,
    time_by_headline,
    time_last,
)
from pressharvest.sites.headlines import headline_by_page_title
from pressharvest.sites.landmarks import (
    canonical_link,
    carries_address,
    css,
    css_first,
    document_links,
    first,
    gallery_images,
    holds,
    href_of,
    img_src,
    in_sidebar,
    is_document,
    linked_images,
    meta_content,
    next_link,
    only_element,
    pager_of,
    richest_text_container,
    text_of,
    trim_chrome,
)
from pressharvest.sites.list_pages import PAGER_MAX_NUMBERS, next_page_by_pager_numbers
from pressharvest.sites.pictures import in_page_link, picture_between
from pressharvest.sites.text_field import drop_back_link, drop_line, trim_template_blocks, widen_blockless_container
from pressharvest.sites.updated_stamps import updated_stamp
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
        return (date.attrs.get("title") or "").strip() or date_slot_text(date)
    return None


class GoswebV1(Layout):
    family = "gosweb"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        root = _full_view(tree)
        title = first(root, ['[itemprop="headline"]', "h1"]) if root is not None else None
        title = title or css_first(tree, "h1")
        if root is not None and (title is None or title.attrs.get("itemprop") != "headline"):
            # No headline microdata: the page <h1> may be the section's name, the headline an <h2>.
            title = headline_by_page_title(tree, [title, css_first(root, "h2")])
        title_text = text_of(title) if title is not None else (meta_content(tree, "og:title") or "")
        published = _date_text(root) if root is not None else None
        date_node = None
        if not published and title is not None:
            text_field = first(root, ['[itemprop="articleBody"]', ".object-item-text"]) if root is not None else None
            # (else a template printing «Опубликовано: …» under the text)
            line = find_date_line(title, root, text_field) or published_line_below(title, ARTICLE_URL)
            if line is not None:
                published, date_node = line.text, line.node
            else:  # a `<time datetime>` by the headline whose text is relative («вчера»)
                stamp = time_by_headline(title, ARTICLE_URL)
                published, date_node = (stamp.text, stamp.node) if stamp is not None else (None, None)
        lead: list[str] = []
        gallery: list[str] = []
        documents: list[Link] = []
        blocks = []
        stamp = None
        if root is not None:
            images = css(root, "img")
            picture = first(root, ['img[itemprop="image"]', ".item-image img"])
            documents = [
                Link(a.attrs.get("href") or "", text_of(a))
                for a in css(root, ".object-item-documents a[href], .document-object-item a[href]")
            ]
            text = first(root, ['[itemprop="articleBody"]', ".object-item-text"])
            stamp = updated_stamp(root, text)
            guessed = text is None
            if guessed:
                # No articleBody and a renamed text class: the richest text container of the full view.
                text = richest_text_container(root, after=title)
                text = widen_blockless_container(text) if text is not None else None
            if picture is None and text is not None and title is not None:
                picture = picture_between(title, text)
            src = img_src(picture) if picture is not None else None
            lead = [src] if src else []
            anchors = css(text, "a[href]") if text is not None else []
            in_text = {href_of(a) for a in anchors}
            photos = first(root, [".object-item-gallery", ".gallery-list"])
            # Renamed photo or documents block: what it links (full-size pictures, documents) outside the text.
            gallery = gallery_images(photos) if photos is not None else linked_images(root)
            if photos is None and not gallery and text is not None and _is_news_item(root):
                # A slider of bare pictures after the text.
                gallery = _pictures_after(images, text, picture)
            gallery = [href for href in gallery if href not in in_text]
            if not documents:
                documents = [link for link in document_links(root) if link.href not in in_text]
            documents = [_captioned(link, root) for link in documents]
            if text is not None:
                # (Before anything is taken out: `anchors` and the stamp must still be in the tree.)
                drop_back_link(text, anchors[-1] if anchors else None)
                if stamp is not None and holds(text, stamp.node) and stamp.node.mem_id != text.mem_id:
                    stamp.node.decompose()  # a stamp printed in the text is not text
                if not guessed and date_node is not None and holds(text, date_node):
                    drop_line(text, date_node)  # nor a date line (one printed under the text)
                if guessed:
                    # Cards of teaser blocks inside it (`css` also matches the node itself: keep that).
                    for card in css(text, NEWS_ITEM):
                        if card.mem_id != text.mem_id:
                            card.decompose()
                trim_template_blocks(text)
                if guessed:
                    trim_chrome(text, marks=[title, date_node], headline=title)
                blocks = extract_blocks(text)
        return RawArticle(
            title=title_text,
            published=time_last(published),
            blocks=blocks,
            updated=stamp.text if stamp is not None else None,
            lead_images=lead,
            gallery_images=gallery,
            documents=list({link.href: link for link in documents}.values()),
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        pager = first(tree, ["ul.pagination", ".pagination-ajax-container", ".pagination"])
        if pager is None:
            pager = pager_of(tree) or _number_pager(tree)
        lists = _card_lists(tree)
        articles: list[str] = []
        if lists:
            main = _main_list(lists, pager)
            for card in css(main, NEWS_ITEM) if main is not None else []:
                anchor = first(card, ['a[itemprop="url"]', ".object-item-title a[href]", "a[href]"])
                href = href_of(anchor) if anchor is not None else ""
                if href and not _NOT_PAGES.search(href):
                    articles.append(href)
        else:
            # Cards without microdata: the article links, grouped by the list they sit in.
            cards = _linked_cards(tree)
            holders = {card.parent.mem_id: card.parent for card, _ in cards if card.parent is not None}
            main = _main_list(list(holders.values()), pager)
            articles = [
                href
                for card, href in cards
                if main is not None and card.parent is not None and card.parent.mem_id == main.mem_id
            ]
        next_href = None
        if pager is not None:
            next_href = next_link(pager, ["a.next[href]", ".button-container-pagination-ajax a[href]"])
        if next_href is None:
            next_href = next_page_by_pager_numbers(pager or tree)
        return RawLinks(articles, next_href)


_DOCUMENT_VERB = re.compile(r"^(скачать|загрузить|открыть|просмотреть|смотреть|download)\b", re.I)
_SIZE_NOTE = re.compile(r"^\(?\s*(?:pdf|docx?|xlsx?|rtf|zip)?\s*[,;]?\s*\d+(?:[.,]\d+)?\s*(?:[кkмmгg][бb]|байт)", re.I)


def _captioned(link: Link, root: LexborNode) -> Link:
    """A bare "Скачать" link named by its documents block: the caption beside it in its row."""
    if link.text and not _DOCUMENT_VERB.match(link.text):  # (no text: an icon alone)
        return link
    for anchor in css(root, "a[href]"):
        if href_of(anchor) != link.href:
            continue
        row = anchor.parent
        for _ in range(3):
            # (A block naming other documents too is the documents list, past this one's row.)
            if row is None or sum(1 for other in css(row, "a[href]") if is_document(href_of(other))) > 1:
                break
            for child in row.iter():
                if child.mem_id == anchor.mem_id or holds(child, anchor):
                    continue
                caption = text_of(child)
                if caption and not _SIZE_NOTE.match(caption) and not _DOCUMENT_VERB.match(caption):
                    return Link(link.href, caption)
            row = row.parent
        named = (anchor.attrs.get("title") or "").strip()
        return Link(link.href, named) if named else link
    return link


def _is_news_item(node: LexborNode) -> bool:
    return "NewsArticle" in (node.attrs.get("itemtype") or "")


def _pictures_after(images: list[LexborNode], text: LexborNode, lead: LexborNode | None) -> list[str]:
    """Pictures of the full view (`images`) outside its text other than the main one (a gallery of
    bare `<img>`s after the text), not thumbnails linking pages."""
    found = []
    for img in images:
        if (lead is None or img.mem_id != lead.mem_id) and not holds(text, img) and not in_page_link(img):
            src = img_src(img)
            if src:
                found.append(src)
    return found


def _article_href(href: str) -> bool:
    """An article's address: the pattern, and no other address carried in it (a card's share link)."""
    return bool(ARTICLE_URL.search(href)) and not carries_address(href)


def _linked_cards(tree: LexborHTMLParser) -> list[tuple[LexborNode, str]]:
    """(card, article URL) for the article links of a list without microdata, in order: a card is
    the largest element around a link that links no other article."""
    cards: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()
    for anchor in css(tree, "a[href]"):
        href = href_of(anchor)
        if not _article_href(href) or _NOT_PAGES.search(href) or in_sidebar(anchor):
            continue
        card = anchor
        while (
            card.parent is not None
            and card.parent.tag not in ("body", "html")
            and all(href_of(a) == href for a in css(card.parent, "a[href]") if _article_href(href_of(a)))
        ):
            card = card.parent
        if card.mem_id not in seen:
            seen.add(card.mem_id)
            cards.append((card, href))
    return cards


def _card_lists(tree: LexborHTMLParser) -> list[LexborNode]:
    """The elements holding news cards (NewsArticle microdata) as children, in document order."""
    lists: dict[int, LexborNode] = {}
    for card in css(tree, NEWS_ITEM):
        parent = card.parent
        if parent is None or parent.mem_id in lists:  # (the next cards of a list: no sibling walk)
            continue
        # A card alone in its wrapper (a grid column): the list holds the wrappers.
        slot = card
        while parent is not None and parent.tag not in ("body", "html") and only_element(slot):
            slot, parent = parent, parent.parent
        if parent is not None and parent.mem_id not in lists:
            lists[parent.mem_id] = parent
    return list(lists.values())


def _number_pager(tree: LexborHTMLParser) -> LexborNode | None:
    """A pager with neither a known class nor a "next" link (the last page): the smallest block
    around the page-number links."""
    numbers = [anchor for anchor in css(tree, "a[href]") if text_of(anchor).isdigit()]
    if len(numbers) < 2:
        return None
    # How many of the number links each element holds, counted walking up once from each link (asking
    # every block about every link was quadratic: 2,000 scattered day links took 30 s).
    held: dict[int, int] = {}
    for anchor in numbers:
        node: LexborNode | None = anchor
        while node is not None:
            held[node.mem_id] = held.get(node.mem_id, 0) + 1
            node = node.parent
    for number in numbers:
        block = number.parent
        for _ in range(3):  # a page number sits in its pager's list item, list, block
            if block is None or block.tag in ("body", "html"):
                break
            inside = held.get(block.mem_id, 0)
            if inside >= 2:
                return block if inside <= PAGER_MAX_NUMBERS else None
            block = block.parent
    return None


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
