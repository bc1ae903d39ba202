"""NetCat municipal template — admobninsk.ru (Администрация города Обнинска) and NetCat sites like it.

URLs: articles `/news/YYYY/MM/DD/news_<ID>.html`, list `/news/` paged with `?curPos=<offset>`.
Page: `div.news_full` holds `h1.news_title`, the date line `D <month> YYYY года HH:MM`, a photo
block before the text, `div.news_text` (body, "Справочно:", press-service line), the
"Рейтинг новости: N" widget with `?like=±1` vote links (never followed), and after the article an
"обновлено DD.MM.YYYY HH:MM" stamp. Quirks: Word-pasted bodies, `<br><br>` bodies, a "Последние
новости" sidebar whose teasers use the article date format (false date candidates).
Redesigned pages (see `fixtures/admobninsk-drift/`, `tests/drift/test_kaluga_obninsk_landmarks.py`):
- title: the heading, else the plain element, that repeats `og:title` (a site suffix allowed) when
  there is no `<h1>` or the `<h1>` is a section name (a word sections go by, a menu link's text);
  never a teaser's link, a breadcrumb's crumb or the page chrome's (header, footer, menus);
- date: the line next to the title (after it before the text, else just before it, never a teaser
  card's), also behind a label («Опубликовано:», «Дата публикации:», a weekday), time first, time
  after a separator («в», «|») or in a span of its own, ISO; else a `<time datetime>` there, else
  the `article:published_time` meta;
- text: the richest container after the title with chrome trimmed, widened to its parent when the
  editor's paragraphs are (wrapped) `<div>`s, the cell of a one-cell layout table; lazy pictures
  (`data-src`, read by the block walker); a «Справочно:» block or attribution line printed after
  the text field joins it;
- pictures linked from thumbnails before the text (lead) or after it (gallery); "Рейтинг новости"
  and "обновлено"/«Дата обновления» read by their words, the rating value possibly beside its label;
- lists with unknown classes: links grouped by list, the list nearest the pager wins over sidebar
  teasers, with a hero card just above it and sibling groups of the same cards; next page by the
  link's title/aria-label, «Показать ещё», or the number after the current page's.

The landmark helpers live in `sites/` (`headlines`, `date_lines`, `updated_stamps`, `text_field`,
`list_pages`, `tree_walk`), shared with `admoblkaluga` (another Kaluga-region template).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.date_lines import date_slot_text, machine_date, publication_line, time_last
from pressharvest.sites.headlines import headline_by_og_title
from pressharvest.sites.landmarks import (
    IMAGE_HREF,
    LINK_WITH_PICTURE,
    RATING,
    RATING_WORD,
    REFERENCE_FIRST,
    block_reference_head,
    canonical_link,
    css,
    css_first,
    find_text,
    first,
    first_in,
    gallery_images,
    holding_text,
    href_of,
    in_sidebar,
    meta_content,
    next_link,
    richest_text_container,
    spellings,
    text_of,
    trim_chrome,
)
from pressharvest.sites.list_pages import list_article_links, next_page_by_url_pattern
from pressharvest.sites.text_field import unwrap_layout_table, widen_to_sibling_paragraphs
from pressharvest.sites.tree_walk import precedes
from pressharvest.sites.updated_stamps import updated_stamp
from pressharvest.text.blocks import Block, extract_blocks
from pressharvest.text.clean import clean_text, only_spacing_to_clean

ARTICLE_URL = re.compile(r"/news_\d+\.html(?:$|[?#])")
PAGE_URL = re.compile(r"[?&]curPos=\d+")
_RATING_WORDS = re.compile(r"Рейтинг\s+новости", re.I)
_RATING_LINE_MAX = 80  # chars: a longer text is not the rating line
# Attribution lines (as normalize.SOURCE_LINE reads them) that a redesign may print just after the text.
_SOURCE_LINE = re.compile(r"^(?:Пресс-служба|Пресс-центр|Пресс-секретариат|Источник\s*:|По материалам)")


def rating_text(root: LexborNode) -> str | None:
    """The rating line found by its words ("Рейтинг новости: N", `landmarks.find_text`), or, when the
    label stands in an element of its own with the value beside it (`<dt>`/`<dd>`, spans, buttons),
    the text of the label's short parent. A page without the word costs one text read, as `find_text` alone did."""
    whole = root.text(separator=" ")
    words = spellings(whole, RATING_WORD)
    if not words and (only_spacing_to_clean(whole) or not RATING_WORD.search(clean_text(whole))):
        return None
    found = find_text(root, RATING, trigger=_RATING_WORDS, needs=RATING_WORD, whole=whole)
    if found:
        return found.group(0)
    for node in holding_text(root, words) or []:
        if not _RATING_WORDS.search(text_of(node)) or node.parent is None:
            continue
        line = text_of(node.parent)
        beside = RATING.search(line) if len(line) <= _RATING_LINE_MAX else None
        if beside:
            return beside.group(0)
    return None


_WIDGET_LINE = re.compile(
    r"^(?:Рейтинг\s+новости\s*:?\s*[-−–+]?\s*\d+"
    r"|(?:обновлено|изменено|отредактировано|дата\s+(?:изменения|обновления|редактирования))\s*:?\s*[\d.: ]+)$",
    re.I,
)



def trailing_blocks(text: LexborNode) -> list[Block]:
    """The "Справочно:" block and the attribution line when a redesign prints them in blocks of
    their own right after the text field (the blocks that follow it and open with those words)."""
    found: list[Block] = []
    sibling = text.next
    while sibling is not None:
        if sibling.tag is not None and not sibling.tag.startswith("-"):
            line = text_of(sibling)
            blocks = extract_blocks(sibling) if line[:1] in REFERENCE_FIRST else []
            if not line and css_first(sibling, "img") is None:
                pass  # an empty paragraph (`<p>&nbsp;</p>`) between the text and these blocks
            elif blocks and block_reference_head(blocks[0]):
                found.extend(blocks)
            elif _SOURCE_LINE.match(line) and len(line) <= 250:
                # (its own blocks: a picture credit may follow the line in the same wrapper)
                found.extend(extract_blocks(sibling))
            else:
                break
        sibling = sibling.next
    return found


class NetcatMunicipalV1(Layout):
    family = "admobninsk"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        root = first(tree, [".news_full", "[data-id] h1", "main", ".col_main", "body"])
        if root is not None and root.tag == "h1":
            # The article element carries the object id (`data-id`), however deep the title sits.
            while root is not None and "data-id" not in root.attrs:
                root = root.parent
        scope = root or tree.body
        title = first(scope, ["h1.news_title"]) if scope is not None else None
        if title is None:
            h1 = (first(scope, ["h1"]) if scope is not None else None) or css_first(tree, "h1")
            title = headline_by_og_title(tree, h1, tree.body)
        title_text = text_of(title) if title is not None else meta_content(tree, "og:title")
        date_node = first(scope, [".news_date"]) if scope is not None else None
        published = date_slot_text(date_node) if date_node is not None else None
        if not published and title is not None:
            line = publication_line(title, ARTICLE_URL)
            if line is not None:
                published, date_node = line.text, line.node
            else:
                published, date_node = machine_date(tree, title, ARTICLE_URL)
        text = first(scope, [".news_text"]) if scope is not None else None
        guessed = text is None
        if text is None and scope is not None:
            text = unwrap_layout_table(widen_to_sibling_paragraphs(richest_text_container(scope, after=title)))
        photos = first(scope, [".news_photos", ".news_gallery"]) if scope is not None else None
        lead = gallery_images(photos)
        gallery: list[str] = []
        if photos is not None and text is not None and precedes(text, photos):
            lead, gallery = [], lead  # the photo block moved below the text
        if photos is None and scope is not None and text is not None:
            # The photo block by what it links: pictures linked from thumbnails outside the text,
            # before it (lead) or after it (gallery).
            pictures = css(scope, LINK_WITH_PICTURE)
            in_text = {href_of(a) for a in css(text, "a[href]")} if pictures else set()
            for anchor in pictures:
                href = href_of(anchor)
                if IMAGE_HREF.search(href) and href not in in_text and not in_sidebar(anchor, stop=scope):
                    (gallery if precedes(text, anchor) else lead).append(href)
        blocks: list[Block] = []
        if text is not None:
            trim_chrome(text, marks=[title, date_node], headline=title)
            blocks = extract_blocks(text)
            if guessed:  # a guessed container may hold the rating widget or the stamp: never text
                blocks = [block for block in blocks if not _WIDGET_LINE.match(block.text)]
            last = next((block.text for block in reversed(blocks) if block.text), "")
            if not _SOURCE_LINE.match(last):
                blocks += trailing_blocks(text)
        # The widget and the stamp sit in the article (the stamp just after it); the page's first
        # when they do not.
        rating_node = first_in(tree, ".news_rating", root)
        rating = text_of(rating_node) if rating_node is not None else None
        if rating is None and tree.body is not None:
            rating = rating_text(tree.body)
        updated_node = first_in(tree, ".last_update", root.parent if root is not None else None)
        updated = text_of(updated_node) if updated_node is not None else None
        if updated is None and tree.body is not None:
            # The stamp's class renamed: a line that is the stamp's label then a date (a sentence
            # opening with «Обновлено …» or «Отредактировано …» is text, not the stamp).
            line = updated_stamp(tree.body)
            updated = line.text if line is not None else None
        return RawArticle(
            title=title_text,
            published=time_last(published),
            blocks=blocks,
            updated=updated,
            rating=rating,
            lead_images=lead,
            gallery_images=gallery,
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        articles = list_article_links(tree, [".news_list"], [".col_main", "main"], ARTICLE_URL, PAGE_URL)
        pager = first(tree, [".pagination", ".pager", ".pages"])
        next_href = next_link(pager or tree, [".pagination_next[href]", "a.next"])
        return RawLinks(articles, next_href or next_page_by_url_pattern(pager or tree, PAGE_URL))


FAMILY = Family("admobninsk", (NetcatMunicipalV1(),), "NetCat municipal template (admobninsk.ru)")
