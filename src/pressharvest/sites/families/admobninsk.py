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

The landmark helpers defined here are shared with `admoblkaluga` (another Kaluga-region template).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import (
    DATE_LINE,
    IMAGE_HREF,
    LINK_WITH_PICTURE,
    NEXT_TEXT,
    PAGE_CHROME,
    RATING,
    RATING_WORD,
    DateLine,
    anchors_matching,
    canonical_link,
    css,
    css_first,
    date_line_near,
    find_text,
    first,
    first_in,
    gallery_images,
    holding_text,
    holds,
    href_of,
    in_sidebar,
    meta_content,
    next_link,
    richest_text_container,
    text_of,
    trim_chrome,
)
from pressharvest.text.blocks import BLOCK_TAGS, SKIP_TAGS, Block, extract_blocks
from pressharvest.text.clean import clean_text, only_spacing_to_clean

ARTICLE_URL = re.compile(r"/news_\d+\.html(?:$|[?#])")
PAGE_URL = re.compile(r"[?&]curPos=\d+")
_RATING_WORDS = re.compile(r"Рейтинг\s+новости", re.I)
# Attribution lines (as normalize.SOURCE_LINE reads them) that a redesign may print just after the text.
_SOURCE_LINE = re.compile(r"^(?:Пресс-служба|Пресс-центр|Пресс-секретариат|Источник\s*:|По материалам)")



# ---- landmark helpers (also used by admoblkaluga) ------------------------------------------------

# A date line the landmark `date_line_near` does not take: behind a label, or with the time first.
_DATE_LABEL = re.compile(
    r"^\s*(?:(?:опубликовано|размещено|добавлено|создано|дата(?:\s+(?:публикации|создания|размещения))?)\s*:?\s*"
    r"|(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\s*,?\s*|\d{1,2}:\d{2}\s*,?\s*)?(?=\d)",
    re.I,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?")
_TIME_FIRST = re.compile(r"^\s*(\d{1,2}:\d{2})\s*,?\s*(.+)$", re.S)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_LINE_MAX = 80  # chars: a longer text is not a date line
_TEXT_RUN = 120  # chars: a text this long is article text, the date line search stops there


def _after(node: LexborNode) -> Iterator[LexborNode]:
    """The nodes after `node`'s subtree, in document order (scripts and styles skipped)."""
    current: LexborNode | None = node
    while current is not None:
        following = current.next
        if following is None:
            current = current.parent
            continue
        yield from _subtree(following)
        current = following


def _subtree(node: LexborNode) -> Iterator[LexborNode]:
    """`node` and its descendants in document order, without descending into scripts, styles, forms
    and the like (a stack, not recursion: a hostile page may nest elements thousands deep)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if (current.tag or "") in SKIP_TAGS:
            continue
        children = []
        child = current.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))


def _before(node: LexborNode) -> Iterator[LexborNode]:
    """The text nodes before `node`, nearest first."""
    current: LexborNode | None = node
    while current is not None:
        sibling = current.prev
        while sibling is not None:
            yield from reversed(list(_subtree(sibling)))
            sibling = sibling.prev
        current = current.parent


def _labelled_line(nodes: Iterator[LexborNode], limit: int) -> DateLine | None:
    seen = 0
    for node in nodes:
        if node.tag != "-text":
            continue
        own = clean_text(node.text_content or "")
        if not own:
            continue
        seen += 1
        holder = node.parent or node
        whole = text_of(holder)
        for line in (own, whole):
            label = _DATE_LABEL.match(line)
            rest = line[label.end() :] if label else ""
            if label and len(line) <= _LINE_MAX and (DATE_LINE.match(rest) or _ISO_DATE.match(rest)):
                return DateLine(whole if len(whole) <= _LINE_MAX else own, holder)
        if seen >= limit or len(own) > _TEXT_RUN:
            return None
    return None


def _teaser(node: LexborNode, article_url: re.Pattern[str]) -> bool:
    """Whether a date line belongs to a teaser of another page (a sidebar, related-news or events
    card): it sits in a link, or its short card holds a link to an article."""
    if _in_link(node):
        return True  # a card's date: inside the link to the article, the event, …
    card = node.parent
    return (
        card is not None
        and len(text_of(card)) <= _CARD_MAX
        and any(article_url.search(href_of(a)) for a in css(card, "a[href]"))
    )


_CARD_MAX = 300  # chars: a teaser card (date, title, a line of lead) is this short


def publication_line(title: LexborNode, article_url: re.Pattern[str]) -> DateLine | None:
    """The date line next to the title: the landmark's, then one behind a label («Опубликовано:»,
    «Дата публикации:») or led by the time; after the title first, then before it, where a teaser's
    date (a sidebar placed before the article) is not taken. A line without a time whose short parent
    holds one (date and time in spans of their own) gives the parent's text."""
    line = date_line_near(title, before=0) or _labelled_line(_after(title), 40)
    if line is None:
        line = date_line_near(title, after=0) or _labelled_line(_before(title), 8)
        if line is not None and _teaser(line.node, article_url):
            line = None
    if line is not None and not _CLOCK.search(line.text) and line.node.parent is not None:
        whole = text_of(line.node.parent)
        if len(whole) <= _LINE_MAX and _CLOCK.search(whole) and line.text in whole:
            return DateLine(whole, line.node.parent)
    return line


# Between a date's year and its time: «в», «, в», a bar, a dot, a slash or a dash.
_TIME_SEPARATOR = re.compile(r"(?<=\d{4})(\s*(?:года|г\.)?)\s*(?:,?\s*в|[|·•/–—-]|,)\s*(?=\d{1,2}:\d{2}(?!\d))")


def time_last(text: str | None) -> str | None:
    """A date line as the date reader takes it, the time right after the date: `07:29, 15 июля 2020`
    as `15 июля 2020 07:29`; `15.07.2020 в 07:29`, `15 июля 2020 года, в 07:29`, `15.07.2020 | 07:29`
    with a space for the separator."""
    if not text:
        return text
    match = _TIME_FIRST.match(text)
    if match and not _CLOCK.search(match.group(2)):
        text = f"{match.group(2)} {match.group(1)}"
    return _TIME_SEPARATOR.sub("\\1 ", text)


def title_heading(tree: LexborHTMLParser, scope: LexborNode | None) -> LexborNode | None:
    """With no `<h1>`: the heading whose text is the page's `og:title` (or starts its `<title>`), else
    the plain element that repeats it."""
    wanted = clean_text(meta_content(tree, "og:title") or "")
    page_title = text_of(css_first(tree, "title"))
    for node in css(scope or tree, "h2, h3, .title, [class*=title]"):
        text = text_of(node)
        # (`og:title` and `<title>` may add the site's name after the headline.) A teaser of this very
        # article or a breadcrumb repeats it too: those are not the headline.
        if (
            text
            and (text == wanted or (len(text) > 15 and (wanted or page_title).startswith(text)))
            and not _teaser_title(node)
        ):
            return node
    return _title_element(scope or tree.body, wanted) if wanted and (scope or tree.body) is not None else None


def _title_element(scope: LexborNode | None, wanted: str) -> LexborNode | None:
    """The headline set in a plain element: the first one whose text is `og:title` (or starts it,
    before a site suffix) that is not a link (a teaser), not in a sidebar and not the last crumb
    of a breadcrumb trail (beside two links or more)."""
    if scope is None:
        return None
    for node in _subtree(scope):
        if node.tag != "-text" or node.parent is None:
            continue
        own = clean_text(node.text_content or "")
        if len(own) < 15 or not wanted.startswith(own):
            continue
        holder = node.parent
        text = text_of(holder)
        if not (text == wanted or (len(text) > 15 and wanted.startswith(text))):
            continue
        if not _teaser_title(holder):
            return holder
    return None


def _teaser_title(node: LexborNode) -> bool:
    """Whether a text repeating the headline is a teaser's (a link, or in an `<aside>`), a
    breadcrumb's last crumb, or the page chrome's (the site's name in the header or footer)."""
    if node.tag == "a" or _in_link(node) or _last_crumb(node) or _page_chrome(node):
        return True
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag == "aside":
            return True
        current = current.parent
    return False


def _last_crumb(node: LexborNode) -> bool:
    """Whether `node` ends a breadcrumb trail: its parent or grandparent (`<li>` in `<ul>`) is a short
    block holding two links or more."""
    current = node.parent
    for _ in range(2):
        if current is None or current.tag in ("body", "html"):
            return False
        if len(css(current, "a[href]")) >= 2 and len(text_of(current)) <= 300:
            return True
        current = current.parent
    return False


# The site's header and navigation by class or id: `header`, `header_name`, `site-header`, `main-nav`,
# `navbar` (an article's own `news-header`, `article-header`, `page-header` are not).
_SITE_AREA = re.compile(r"(?:^|\s)(?:(?:site|main|top)[-_]?)?(?:header|nav(?:bar|igation)?)(?:$|\s|[-_])", re.I)


def _page_chrome(node: LexborNode) -> bool:
    """Whether `node` is in the page's chrome: a `<footer>` or `<nav>`, a `<header>` that is not an
    article's (not inside `<main>`, `<article>`, `<section>`), or an element whose class or id names
    the footer, a menu, breadcrumbs (`landmarks.PAGE_CHROME`), the site's header or navigation."""
    in_header = False
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "html", "body"):
        tag = current.tag or ""
        if tag in ("footer", "nav"):
            return True
        if tag == "header":
            in_header = True
        elif tag in ("main", "article", "section"):
            in_header = False  # the header is the article's
        attrs = current.attributes
        for name in (attrs.get("class") or "", attrs.get("id") or ""):
            if name and (PAGE_CHROME.search(name) or _SITE_AREA.search(name)):
                return True
        current = current.parent
    return in_header


_SECTION_NAME_MAX = 40  # chars: an `<h1>` this short may be a section's name rather than the headline
# The names news sections go by: «Новости», «Лента новостей», «Новости министерства», «Анонсы», …
_SECTION_WORDS = re.compile(
    r"(?:лента|архив|все|последние|главные)\s+новостей|новости(?:\s+(?:и\s+)?\S+)?"
    r"|(?:все\s+)?(?:события|анонсы|объявления|публикации|статьи|сообщения|материалы)"
    r"|пресс-(?:центр|релизы|служба)|медиацентр|главная|информация|актуально",
    re.I,
)
_ITEM_NUMBER = re.compile(r"\d{3,}")  # a link to an item (an article), not to a section


def _section_name(tree: LexborHTMLParser, text: str) -> bool:
    """Whether a short `<h1>` is a section's name: one of the words sections go by, or the text of a
    menu or breadcrumb link (in the page chrome) to a section, not to an item."""
    if _SECTION_WORDS.fullmatch(text.strip(" .:")):
        return True
    if tree.body is None or not text:
        return False
    folded = text.casefold()
    return any(
        text_of(anchor).casefold() == folded and not _ITEM_NUMBER.search(href_of(anchor)) and _page_chrome(anchor)
        for anchor in css(tree.body, "a[href]")
    )


def og_title(tree: LexborHTMLParser) -> str:
    """The page's `og:title`, looked for in the head only (a few microseconds)."""
    head = tree.head
    node = css_first(head, 'meta[property="og:title"]') if head is not None else None
    return clean_text(node.attrs.get("content") or "") if node is not None else ""


def headline(tree: LexborHTMLParser, h1: LexborNode | None, scope: LexborNode | None) -> LexborNode | None:
    """The `<h1>` found, unless it is a section name («Новости», a menu item's text) while another
    heading repeats the page's `og:title`: then that heading. A short headline that `og:title` does
    not repeat (og:title the site's name) stays. (A long `<h1>` is a headline: no `og:title` read.)"""
    if h1 is not None and len(h1.text().strip()) > _SECTION_NAME_MAX:
        return h1  # (the raw text: a long headline needs no cleaning to be told from a section name)
    text = text_of(h1) if h1 is not None else ""
    wanted = og_title(tree)
    if h1 is not None and (not wanted or wanted.startswith(text) or not _section_name(tree, text)):
        return h1
    return title_heading(tree, scope) or h1


def machine_date(
    tree: LexborHTMLParser, title: LexborNode, article_url: re.Pattern[str]
) -> tuple[str | None, LexborNode | None]:
    """With no date line: the `<time datetime>` next to the headline (where the date line would be:
    after it before the text starts, or just before it; not a teaser's) and that element, else the
    page's `article:published_time` / `datePublished` meta (the visible date may omit the year)."""
    for nodes, limit in ((_after(title), 40), (_before(title), 8)):
        seen = 0
        for node in nodes:
            if node.tag == "time":
                value = (node.attrs.get("datetime") or "").strip()
                if _ISO_DATE.match(value) and not _teaser(node, article_url):
                    return value, node
            elif node.tag == "-text":
                own = (node.text_content or "").strip()
                if own:
                    seen += 1
                    if seen >= limit or len(own) > _TEXT_RUN:
                        break
    return meta_content(tree, "article:published_time", "datePublished"), None


# An "updated" stamp in the words `landmarks.UPDATED` knows and a few more («Дата обновления: …»).
UPDATED_STAMP = re.compile(
    r"(?:обновлено|изменено|дата\s+(?:изменения|обновления)|последнее\s+(?:изменение|обновление))\s*:?\s*(.{6,40})",
    re.I,
)
UPDATED_STAMP_WORD = re.compile("обновлен|изменен", re.I)


def _paragraph_like(node: LexborNode) -> bool:
    """A `<div>`/`<p>` holding inline text only, mostly not link text (an editor's paragraph), or a
    `<div>` wrapping one such paragraph (page builders wrap each paragraph)."""
    if node.tag not in ("div", "p"):
        return False
    children = list(node.iter())
    if node.tag == "div" and len(children) == 1 and children[0].tag in ("p", "div"):
        return _paragraph_like(children[0]) if children[0].tag == "p" else False
    if any((child.tag or "") in BLOCK_TAGS for child in children):
        return False
    text = text_of(node)
    linked = sum(len(text_of(a)) for a in css(node, "a"))
    return len(text) >= 20 and linked * 2 < len(text)


def widen_paragraph(node: LexborNode | None) -> LexborNode | None:
    """The richest text container is one paragraph when the editor wrote `<div>` paragraphs (they
    score as a div's own text only): then the text field is its parent, holding three or more."""
    if node is None or node.parent is None or not _paragraph_like(node):
        return node
    paragraphs = sum(1 for child in node.parent.iter() if _paragraph_like(child))
    return node.parent if paragraphs >= 3 else node


def unwrap_layout_table(node: LexborNode | None) -> LexborNode | None:
    """A text field laid out in a one-cell table: the cell, not the element around the table (whose
    score counts the table's text too; read as a table, the whole text would be one row)."""
    if node is None:
        return None
    for child in node.iter():
        if child.tag == "table":
            sections = [child, *(part for part in child.iter() if part.tag in ("thead", "tbody", "tfoot"))]
            rows = [row for part in sections for row in part.iter() if row.tag == "tr"]
            cells = [cell for row in rows for cell in row.iter() if cell.tag in ("td", "th")]  # its own only
            if len(cells) == 1 and len(text_of(cells[0])) * 2 >= len(text_of(node)):
                return cells[0]
    return node


def precedes(first_node: LexborNode, second: LexborNode) -> bool:
    """Whether `first_node` comes before `second` in document order (neither holding the other)."""
    chain: dict[int, LexborNode] = {}
    current: LexborNode | None = second
    while current is not None:
        chain[current.mem_id] = current
        current = current.parent
    child: LexborNode | None = first_node
    while child is not None and child.parent is not None and child.parent.mem_id not in chain:
        child = child.parent
    if child is None or child.parent is None:
        return False
    other: LexborNode | None = second
    while other is not None and other.parent is not None and other.parent.mem_id != child.parent.mem_id:
        other = other.parent
    sibling = child.next
    while sibling is not None:
        if other is not None and sibling.mem_id == other.mem_id:
            return True
        sibling = sibling.next
    return False


def rating_text(root: LexborNode) -> str | None:
    """The rating line found by its words ("Рейтинг новости: N", `landmarks.find_text`), or, when the
    label stands in an element of its own with the value beside it (`<dt>`/`<dd>`, spans, buttons),
    the text of the label's short parent. A page without the word costs one text read, as `find_text` alone did."""
    whole = root.text(separator=" ")
    words = {match.group() for match in RATING_WORD.finditer(whole)}
    if not words and (only_spacing_to_clean(whole) or not RATING_WORD.search(clean_text(whole))):
        return None
    found = find_text(root, RATING, trigger=_RATING_WORDS, needs=RATING_WORD)
    if found:
        return found.group(0)
    for node in holding_text(root, words) or []:
        if not _RATING_WORDS.search(text_of(node)) or node.parent is None:
            continue
        line = text_of(node.parent)
        beside = RATING.search(line) if len(line) <= _LINE_MAX else None
        if beside:
            return beside.group(0)
    return None


def main_list(scope: LexborNode, article_url: re.Pattern[str], page_url: re.Pattern[str]) -> list[str]:
    """Article links of the news list when its class is unknown: links are grouped by their list
    (the nearest element holding two different article links), and the list nearest the pager (its
    page links; else the `<h1>`) wins over sidebar teaser lists; without either, the longest list."""
    anchors = [a for a in css(scope, "a[href]") if article_url.search(href_of(a)) and not in_sidebar(a, stop=scope)]
    hrefs: dict[int, set[str]] = {}
    for anchor in anchors:
        current = anchor.parent
        while current is not None:
            hrefs.setdefault(current.mem_id, set()).add(href_of(anchor))
            current = current.parent
    groups: dict[int, tuple[LexborNode, list[str]]] = {}
    group_of: list[int] = []
    for anchor in anchors:
        holder = anchor.parent
        while holder is not None and len(hrefs.get(holder.mem_id, ())) < 2:
            holder = holder.parent
        key = holder.mem_id if holder is not None else 0
        groups.setdefault(key, (holder or anchor, []))[1].append(href_of(anchor))
        group_of.append(key)
    if len(groups) <= 1:
        return [href for _, links in groups.values() for href in links]
    marker = next((a for a in css(scope, "a[href]") if page_url.search(href_of(a))), None) or css_first(scope, "h1")

    def closeness(item: tuple[LexborNode, list[str]]) -> tuple[int, int]:
        depth = 0
        if marker is not None:
            current: LexborNode | None = item[0]
            while current is not None and not holds(current, marker):
                current = current.parent
            while current is not None:
                depth += 1
                current = current.parent
        return depth, len(set(item[1]))

    best_key = max(groups, key=lambda key: closeness(groups[key]))
    best = groups[best_key][0]
    # A card set apart just above the list (a "главная новость" block) joins it: its links' group is
    # the list's parent or grandparent, not a block of its own as a sidebar's teasers are. So do the
    # list's sibling groups of the same cards (grouped by day under date headings); a block of other
    # cards beside the list («Популярное») does not.
    joined = {best_key}
    current = best.parent
    for _ in range(2):
        if current is None or current.tag in ("body", "html"):
            break
        joined.add(current.mem_id)
        current = current.parent
    if best.parent is not None:
        parent = best.parent.mem_id
        card: dict[int, set[str]] = {}  # each group's link classes: its card template
        for anchor, key in zip(anchors, group_of, strict=True):
            card.setdefault(key, set()).add(anchor.attrs.get("class") or "")
        joined.update(
            key
            for key, (holder, _) in groups.items()
            if holder.parent is not None and holder.parent.mem_id == parent and card[key] & card[best_key]
        )
    return [href_of(anchor) for anchor, key in zip(anchors, group_of, strict=True) if key in joined]


def cards_before(listing: LexborNode, article_url: re.Pattern[str]) -> list[str]:
    """Article links in the two blocks just before the list, in the same column (a "главная
    новость" card set apart above the list), outside sidebars."""
    found: list[str] = []
    sibling, looked = listing.prev, 0
    while sibling is not None and looked < 2:  # the two blocks right above it
        if sibling.tag is not None and not sibling.tag.startswith("-"):
            looked += 1
            if sibling.tag not in SKIP_TAGS:
                found[:0] = anchors_matching(sibling, article_url)
        sibling = sibling.prev
    return found


_LOAD_MORE = re.compile(r"^(?:показать|загрузить|ещё|еще)\s+(?:ещё|еще|больше|новости)\b", re.I)


def next_page(scope: LexborNode | LexborHTMLParser, page_url: re.Pattern[str]) -> str | None:
    """The next list page when the pager has no "Следующая" link: an icon link known by its `title`
    or `aria-label`, a "Показать ещё" link to a list page, or the page-number link after the
    current page's number (shown without a link)."""
    for anchor in css(scope, "a[href][title], a[href][aria-label]"):
        label = (anchor.attrs.get("title") or anchor.attrs.get("aria-label") or "").strip()
        if NEXT_TEXT.search(label):
            return href_of(anchor)
    numbered: list[LexborNode] = []
    for anchor in css(scope, "a[href]"):
        if page_url.search(href_of(anchor)):
            text = text_of(anchor)
            if _LOAD_MORE.match(text):
                return href_of(anchor)
            if text.isdigit():
                numbered.append(anchor)
    box = numbered[0].parent if numbered else None
    for _ in range(3):  # the pager: the page links' parent, or a level or two above (`<ul><li>`)
        if box is None:
            break
        current = _current_number(box)
        if current is not None:
            return next((href_of(a) for a in numbered if text_of(a) == str(current + 1)), None)
        box = box.parent
    return None


def _current_number(box: LexborNode) -> int | None:
    """The current page's number in a pager: a number shown without a link."""
    for node in _subtree(box):
        tag = node.tag or ""
        if tag in ("span", "strong", "b", "em", "li", "div") and css_first(node, "a") is None:
            text = text_of(node)
            if text.isdigit() and not _in_link(node):
                return int(text)
    return None


def _in_link(node: LexborNode) -> bool:
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag == "a":
            return True
        current = current.parent
    return False


_WIDGET_LINE = re.compile(
    r"^(?:Рейтинг\s+новости\s*:?\s*[-−–+]?\s*\d+"
    r"|(?:обновлено|изменено|дата\s+(?:изменения|обновления))\s*:?\s*[\d.: ]+)$",
    re.I,
)
_REFERENCE_HEAD = re.compile(r"^(?:Справочно|Справка|Для справки)\s*:")


def trailing_blocks(text: LexborNode) -> list[Block]:
    """The "Справочно:" block and the attribution line when a redesign prints them in blocks of
    their own right after the text field (the blocks that follow it and open with those words)."""
    found: list[Block] = []
    sibling = text.next
    while sibling is not None:
        if sibling.tag is not None and not sibling.tag.startswith("-"):
            line = text_of(sibling)
            if _REFERENCE_HEAD.match(line):
                found.extend(extract_blocks(sibling))
            elif _SOURCE_LINE.match(line) and len(line) <= 250:
                found.append(Block(line, sibling.tag))
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
            title = headline(tree, h1, tree.body)
        title_text = text_of(title) if title is not None else meta_content(tree, "og:title")
        date_node = first(scope, [".news_date"]) if scope is not None else None
        published = text_of(date_node) if date_node is not None else None
        if not published and title is not None:
            line = publication_line(title, ARTICLE_URL)
            if line is not None:
                published, date_node = line.text, line.node
            else:
                published, date_node = machine_date(tree, title, ARTICLE_URL)
        text = first(scope, [".news_text"]) if scope is not None else None
        guessed = text is None
        if text is None and scope is not None:
            text = unwrap_layout_table(widen_paragraph(richest_text_container(scope, after=title)))
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
            trim_chrome(text, marks=[title, date_node])
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
            found = find_text(tree.body, UPDATED_STAMP, needs=UPDATED_STAMP_WORD)
            updated = found.group(0) if found else None
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
        listing = css_first(tree, ".news_list")
        scope = listing or first(tree, [".col_main", "main"]) or tree.body
        if scope is None:
            articles: list[str] = []
        elif listing is not None:
            articles = cards_before(listing, ARTICLE_URL) + anchors_matching(scope, ARTICLE_URL)
        else:
            articles = main_list(scope, ARTICLE_URL, PAGE_URL)
        pager = first(tree, [".pagination", ".pager", ".pages"])
        next_href = next_link(pager or tree, [".pagination_next[href]", "a.next"]) or next_page(pager or tree, PAGE_URL)
        return RawLinks(articles, next_href)


FAMILY = Family("admobninsk", (NetcatMunicipalV1(),), "NetCat municipal template (admobninsk.ru)")
