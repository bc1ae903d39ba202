"""1C-Bitrix «Сайт государственного органа» (bitrix.gossite), template gos_modern, municipal part.

URLs: list `/about/info/news/` paged with `?PAGEN_1=<n>` (pager `.modern-page-navigation`, "След."),
articles `/about/info/news/<ELEMENT_ID>/` (or `<ELEMENT_CODE>/` where a site's SEF template says so),
RSS `/about/info/news/rss/`. Sites on Bitrix's default `news.detail` template (`span.news-date-time`,
the headline repeated in an `<h3>`, the text loose in `div.news-detail`) go through the redesign path.
Page: `div.news-detail > div.news-item` with `.news-item-date` ("15 июля 2020" or `d.m.Y`, no time)
and `div.news-item-text` holding the detail picture, an `<h2>` title and the editor's text wrapped in
one more `<p>` by the template. No rating, no "изменено" stamp. Sidebar "Анонсы событий" teasers use
the list-card markup but link to `/about/info/anounces/<id>/`. Older copies are served in cp1251.
Redesigned pages (see `fixtures/gossite-drift/`): the date line next to the `<h1>` (also inside the
text after the `<h2>`, taken out of the body; also behind "Опубликовано:"), the richest text container
after the `<h1>` (its parent when it is a single paragraph: text written as `<div>`s or `<br><br>`
runs), the headline the `<title>` names when the `<h1>` is the section's name, every article link
outside sidebars in the `<h1>`'s column, the pager's `rel=next`, "След."/"Следующая" link, a link
titled so, a "Показать ещё" button, or the number after the current page. Lazy pictures (an empty
or placeholder `src`) give their `data-src`; a documents block beside the text is read; share bars,
tags, related news, comments and a closing "Возврат к списку" link inside the text are not; an
"Изменено: …" stamp beside the text is `updated_at`; a site-name `<h1>` in the header is not the
headline, nor is a section-name `<h1>` («Новости») beside a longer headline; teaser-card dates never
count.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import (
    DATE_LINE,
    IMAGE_HREF,
    DateLine,
    anchors_matching,
    canonical_link,
    common_ancestor,
    css,
    css_first,
    date_line_near,
    first,
    gallery_images,
    holding_text,
    holds,
    href_of,
    img_src,
    in_sidebar,
    is_document,
    meta_content,
    next_link,
    only_element,
    remove,
    richest_text_container,
    text_of,
    text_reaches,
    trim_chrome,
)
from pressharvest.text.blocks import Link, extract_blocks

_TITLE_SUFFIX = re.compile(r"\s+\|\s+[^|]+$")


# ---- redesign landmarks shared with the Госвеб family (candidates for `landmarks`) ----------------

# "Опубликовано: 15 июля 2020", "Дата публикации: 15.07.2020 07:29": a label before the date line.
_DATE_LABEL = re.compile(r"^(?:опубликовано|дата\s+(?:публикации|размещения|создания)|размещено|дата)\s*:?\s*", re.I)
_DATE_LABEL_WORDS = ("Опубликовано", "опубликовано", "Дата", "дата", "Размещено", "размещено")
_DATE_LINE_MAX = 80


def labelled_date_line(scope: LexborNode) -> DateLine | None:
    """A short line in `scope` that is a label ("Опубликовано:", "Дата публикации:") and a date: the
    date line of a redesign that prefixed it (`date_line_near` wants the date first)."""
    for node in holding_text(scope, _DATE_LABEL_WORDS) or []:
        for holder in (node, node.parent):
            if holder is None:
                continue
            text = text_of(holder)
            label = _DATE_LABEL.match(text)
            if label and len(text) <= _DATE_LINE_MAX and DATE_LINE.match(text[label.end() :]):
                return DateLine(text, holder)
    return None


# A link to another news item (`/news/4630/`, `…/novosti_141.html`): what a teaser card holds.
_ITEM_LINK = re.compile(r"(?:/\d+/?|_\d+\.html)$")
_CARD_TEXT_MAX = 300  # a teaser card is short; an element holding the article text is not one


def in_teaser(node: LexborNode) -> bool:
    """Whether `node` (a date line) sits in a teaser card: a short element, at most three levels
    up, that links another news item (by the link's path: a share link's query names this page)."""
    current = node.parent
    for _ in range(3):
        if current is None or current.tag in ("body", "html") or text_reaches(current, _CARD_TEXT_MAX):
            return False
        if any(_ITEM_LINK.search(urlsplit(href_of(anchor)).path) for anchor in css(current, "a[href]")):
            return True
        current = current.parent
    return False


def find_date_line(title: LexborNode, scope: LexborNode | None, text: LexborNode | None) -> DateLine | None:
    """The date line of a page whose date class is unknown, by its landmarks, teaser dates refused:
    after the headline (before the text starts), behind a label ("Опубликовано:") in the article
    `scope`, right under the text (in `scope`), or among the few texts before the headline."""
    line = date_line_near(title, before=0)
    if line is None or in_teaser(line.node):
        line = labelled_date_line(scope) if scope is not None else None
    if (line is None or in_teaser(line.node)) and text is not None and scope is not None:
        line = date_line_near(text, before=0)
        if line is not None and not holds(scope, line.node):
            line = None
    if line is None or in_teaser(line.node):
        line = date_line_near(title, after=0)
    return None if line is None or in_teaser(line.node) else line


_BLOCK_CHILDREN = frozenset(
    ["p", "div", "ul", "ol", "table", "blockquote", "h2", "h3", "h4", "h5", "h6", "section", "article"]
)


def widen_paragraph(node: LexborNode) -> LexborNode:
    """The text container around a guessed one that is a single paragraph (the editor's paragraphs
    written as `<div>`s, or one `<div>` of `<br><br>` runs): its parent holds all of the text."""
    parent = node.parent
    if parent is None or parent.tag in ("body", "html") or any(child.tag in _BLOCK_CHILDREN for child in node.iter()):
        return node
    return parent


def around_text(text: LexborNode) -> LexborNode | None:
    """The element around a guessed text container and its wrappers (elements holding nothing
    else): the article, where its date line and documents block sit."""
    outer = text
    while outer.parent is not None and outer.parent.tag not in ("body", "html") and only_element(outer):
        outer = outer.parent
    return outer.parent


def heading_of_page(tree: LexborHTMLParser, candidates: list[LexborNode | None]) -> LexborNode | None:
    """Of the headings that may be the article's title, the one the page's `<title>` names (a page
    `<h1>` may be the section name, «Новости», with the headline in an `<h2>`); else the first.
    A short heading naming the section is never taken while a longer heading that does not is there:
    a detail page that sets no title of its own shows the section's name in `<h1>` and `<title>`."""
    present = [node for node in candidates if node is not None]
    if len(present) > 1:
        # A site name set as an <h1> in the header is not a headline.
        present = [node for node in present if not _in_page_area(node)] or present
    if len(present) > 1:
        present = _without_section_names(tree, present)
    if len(present) > 1:
        page_title = _TITLE_SUFFIX.sub("", text_of(css_first(tree, "title")))
        for node in present:
            text = text_of(node)
            if text and text == page_title:
                return node
    return present[0] if present else None


_SECTION_NAME_MAX = 40  # «Новости», «Новости района», «Пресс-центр»: a section's name is short


def _without_section_names(tree: LexborHTMLParser, headings: list[LexborNode]) -> list[LexborNode]:
    """`headings` less the short ones that name the page's section (see `_names_section`) when a
    longer heading that names none is among them."""
    texts = {node.mem_id: text_of(node) for node in headings}
    named = {
        node.mem_id
        for node in headings
        if len(texts[node.mem_id]) <= _SECTION_NAME_MAX and _names_section(tree, node, texts[node.mem_id])
    }
    longest = max((len(texts[node.mem_id]) for node in headings if node.mem_id not in named), default=0)
    return [node for node in headings if node.mem_id not in named or len(texts[node.mem_id]) >= longest]


def _names_section(tree: LexborHTMLParser, heading: LexborNode, text: str) -> bool:
    """Whether a heading's text is the first part of `<title>` or the text of a link elsewhere on
    the page (a breadcrumb, a menu item, a list's link): a section's name."""
    if not text:
        return False
    if _TITLE_PARTS.split(text_of(css_first(tree, "title")), maxsplit=1)[0] == text:
        return True
    return any(_words(anchor) == text and not holds(heading, anchor) for anchor in css(tree, "a[href]"))


_TITLE_PARTS = re.compile(r"\s+\|\s+")


def _in_page_area(node: LexborNode) -> bool:
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in ("header", "footer", "nav"):
            return True
        current = current.parent
    return False


# An "updated" stamp: the stamp word first, a date after it, and short.
_STAMP = re.compile(
    r"^(?:обновлено|изменено|дата\s+(?:изменения|обновления)|последнее\s+(?:изменение|обновление))\s*:?\s*",
    re.I,
)
_STAMP_WORDS = ("Изменено", "изменено", "Обновлено", "обновлено", "изменения", "обновления", "изменение", "обновление")
_STAMP_MAX = 60


def updated_stamp(scope: LexborNode, text: LexborNode | None = None) -> DateLine | None:
    """The page's own "Изменено: …" / "Дата изменения: …" stamp in the article `scope`, if it shows
    one. With the `text` container given, only what is around it is read (a stamp is printed by the
    date line or under the text, not amid the editor's paragraphs, where "изменения" is a word)."""
    areas = _stamp_areas(scope, text)
    if len(areas) > 3 and not _has_stamp_word(scope):  # one C-level read of the article instead of many
        return None
    for area in areas:
        if not _has_stamp_word(area):
            continue
        for node in holding_text(area, _STAMP_WORDS) or []:
            for holder in (node, node.parent):
                if holder is None:
                    continue
                line = text_of(holder)
                stamp = _STAMP.match(line)
                if stamp and len(line) <= _STAMP_MAX and DATE_LINE.match(line[stamp.end() :]):
                    return DateLine(line, holder)
    return None


def _has_stamp_word(node: LexborNode) -> bool:
    whole = node.text(separator=" ")
    return any(word in whole for word in ("зменен", "бновлен", "ЗМЕНЕН", "БНОВЛЕН"))


def _stamp_areas(scope: LexborNode, text: LexborNode | None) -> list[LexborNode]:
    """`scope` without the text container: the siblings of the text and of its ancestors below `scope`."""
    if text is None or text.mem_id == scope.mem_id or not holds(scope, text):
        return [scope]
    areas: list[LexborNode] = []
    node = text
    while node.mem_id != scope.mem_id and node.parent is not None:
        areas.extend(sibling for sibling in node.parent.iter() if sibling.mem_id != node.mem_id)
        node = node.parent
    return areas


# The template's back link ("← Возврат к списку") as the text's last paragraph.
_BACK_TEXT = re.compile(r"^[←<«\s]*(?:возврат|вернуться|назад|все новости|к списку)", re.I)
_BACK_MAX = 80


def drop_back_link(container: LexborNode, last: LexborNode | None) -> None:
    """Take the template's back link out of the end of a text container (`last`: its last link): a
    last block that is one link saying "Возврат к списку" / "Вернуться" / "Все новости"."""
    if last is None:
        return
    text = text_of(last)
    if not _BACK_TEXT.match(text) or len(text) > _BACK_MAX:
        return
    block = last
    while block.parent is not None and block.parent.mem_id != container.mem_id:
        block = block.parent
    if block.parent is None or block.mem_id == last.mem_id or text_of(block) != text:
        return
    following = block.next
    while following is not None and not (following.text(deep=True) or "").strip():
        following = following.next
    if following is None:  # the last block of the text
        block.decompose()


# Blocks editors never write that a template may put inside the text container.
_CHROME_BLOCK = re.compile(r"(^|[\s_-])(comments?|share|social|likes?|related|tags|print|subscribe)([\s_-]|$)", re.I)
_EDITOR_TAGS = frozenset(["p", "ul", "ol", "table", "blockquote", "h2", "h3", "h4", "h5", "h6"])


def trim_template_blocks(container: LexborNode) -> None:
    """Take out of a text container the template's blocks a redesign put in it: `<nav>`, `<aside>`,
    `<footer>`, a share bar, tags, related news or comments named so by their class or id, a block
    holding a form (comments), and,
    after the editor's last paragraph, a classed block of links to other pages (see `_is_page_links`:
    an editor's classed `<div>` of links amid the text stays). Safe on a container found by its selector."""
    children = list(container.iter())
    last_text = max(
        (index for index, child in enumerate(children) if child.tag in _EDITOR_TAGS or not child.attributes),
        default=-1,
    )
    doomed = []
    for index, child in enumerate(children):
        tag = child.tag or ""
        if tag in _EDITOR_TAGS:
            continue
        attrs = child.attributes
        klass, ident = attrs.get("class") or "", attrs.get("id") or ""
        if (
            tag in ("form", "nav", "aside", "footer")
            or _CHROME_BLOCK.search(klass)
            or _CHROME_BLOCK.search(ident)
            or (tag in ("div", "section") and css_first(child, "form") is not None)
            or (index > last_text and (klass or ident) and _is_page_links(child))
        ):
            doomed.append(child)
    for node in doomed:
        node.decompose()


_LINE_MAX = 200  # a child of the text holding the date line is that line when this short


def drop_line(container: LexborNode, line: LexborNode) -> None:
    """Take out of `container` its child holding `line` (a date line), when that child is short."""
    child = line
    while child.parent is not None and child.parent.mem_id != container.mem_id:
        child = child.parent
    if child.parent is not None and child.mem_id != container.mem_id and len(text_of(child)) <= _LINE_MAX:
        child.decompose()


def _is_page_links(node: LexborNode) -> bool:
    """A block made of links to pages (not documents, not pictures): most of its text, two links or
    more, or one under a heading of its own ("Читайте также")."""
    anchors = css(node, "a[href]")
    if (
        not anchors
        or (len(anchors) < 2 and css_first(node, "h2, h3, h4, h5, h6") is None)
        or any(is_document(href_of(a)) or IMAGE_HREF.search(href_of(a)) for a in anchors)
    ):
        return False
    text = text_of(node)
    return bool(text) and sum(len(text_of(a)) for a in anchors) / len(text) >= 0.5


_NEXT_LABEL = re.compile(r"^\s*(следующ|след\.|вперед|вперёд|next)", re.I)
_MORE_TEXT = re.compile(r"^(показать|загрузить)\s+(ещё|еще|больше)", re.I)  # a "load more" button
_PAGER_MAX_NUMBERS = 15  # a block with more number links is a calendar, not a pager


def next_in_pager(scope: LexborNode | LexborHTMLParser) -> str | None:
    """The next page when the pager link says nothing (`next_link` found none): a link whose
    `title` / `aria-label` says "Следующая", a "Показать ещё" button's link, else the page number
    after the current one (the number that is not a link)."""
    numbered: dict[int, LexborNode] = {}
    for anchor in css(scope, "a[href]"):
        label = anchor.attrs.get("title") or anchor.attrs.get("aria-label") or ""
        if _NEXT_LABEL.match(label):
            return href_of(anchor)
        text = text_of(anchor)
        if _MORE_TEXT.match(text) and not href_of(anchor).startswith(("#", "javascript:")):
            return href_of(anchor)
        if text.isdigit() and len(text) < 5:
            numbered.setdefault(int(text), anchor)
    if not numbered:
        return None
    for node in css(scope, "span, b, strong, em, li, a:not([href])"):
        text = text_of(node)
        if not (text.isdigit() and len(text) < 5) or int(text) + 1 not in numbered:
            continue
        if node.tag == "li" and css_first(node, "a[href]") is not None:
            continue
        following = numbered[int(text) + 1]
        block = node.parent
        for _ in range(3):  # the number and the link share the pager's block
            if block is None or holds(block, following):
                break
            block = block.parent
        if (
            block is not None
            and holds(block, following)
            and sum(1 for a in css(block, "a[href]") if text_of(a).isdigit()) <= _PAGER_MAX_NUMBERS
        ):
            return href_of(following)
    return None


def picture_between(start: LexborNode, text: LexborNode) -> LexborNode | None:
    """The lead picture when its class is unknown: the first picture after the headline `start` and
    before the text container (not a thumbnail linking a page); None when the text comes first."""
    if holds(text, start):
        return None
    node = next_in_order(start, into=False)
    for _ in range(_PICTURE_WALK):
        if node is None or node.mem_id == text.mem_id or holds(node, start):
            return None
        if node.tag == "img" and not in_page_link(node):
            return node
        node = next_in_order(node, into=True)
    return None


_PICTURE_WALK = 200  # elements between a headline and its text: a date line, a picture, a few wrappers


def in_page_link(node: LexborNode) -> bool:
    """Whether a picture is a link to a page (a teaser's thumbnail), not to its full size."""
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag == "a":
            return not IMAGE_HREF.search(href_of(current))
        current = current.parent
    return False


def next_in_order(node: LexborNode, *, into: bool) -> LexborNode | None:
    """The next element in document order: the first child when `into`, else the one after the subtree."""
    if into:
        child = node.child
        while child is not None and (child.tag or "-").startswith("-"):
            child = child.next
        if child is not None:
            return child
    current: LexborNode | None = node
    while current is not None:
        sibling = current.next
        while sibling is not None and (sibling.tag or "-").startswith("-"):
            sibling = sibling.next
        if sibling is not None:
            return sibling
        current = current.parent
    return None


# ---- the family ---------------------------------------------------------------------------------


def _article_url(page: Page, *, by_code: bool = False) -> re.Pattern[str]:
    """Articles are numbered children of the news list's folder (`/about/info/news/4633/`); a site
    whose SEF template uses the element code has named ones (`/about/info/news/vesna-2021/`)."""
    list_path = urlsplit(page.site.list_url or page.url or "").path or "/"
    if not list_path.endswith("/"):
        list_path += "/"
    return re.compile(re.escape(list_path) + (r"(?!rss/)[\w-]+/?(?:$|[?#])" if by_code else r"\d+/?(?:$|[?#])"))


class GosModernV1(Layout):
    family = "gossite"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        item = first(tree, [".news-detail .news-item", ".news-detail"])
        heading = css_first(tree, "h1")
        title = first(item, ["h2", "h1"]) if item is not None else None
        if title is not None and heading is not None and _words(title) != _words(heading):
            # An <h2> that is not the page's <h1>: the headline is the one `<title>` names (without
            # the template's <h2>, the first one is an editor's sub-heading).
            title = heading_of_page(tree, [title, heading])
        text = first(item, [".news-item-text"]) if item is not None else None
        guessed = text is None
        if text is None and tree.body is not None:
            # Renamed template: the richest text container at or after the page's <h1>.
            text = richest_text_container(tree.body, after=heading or title)
            if text is not None:
                text = widen_paragraph(text)
                if title is None:
                    # The <h1> may be the section's name (the headline an <h2> in the text) or the
                    # site's name in the header.
                    title = heading_of_page(tree, [*css(tree, "h1"), css_first(text, "h2")])
                    if title is not None and not holds(text, title):
                        heading = title
        if title is None:
            title = heading
        title_text = text_of(title) if title is not None else ""
        if not title_text:
            title_text = _TITLE_SUFFIX.sub("", text_of(css_first(tree, "title")))
        date = first(item, [".news-item-date"]) if item is not None else None
        published = text_of(date) if date is not None else None
        scope = item if item is not None else (around_text(text) if text is not None else None)
        if not published and title is not None:
            # Its date line may sit anywhere between the headline and the text.
            near = scope if item is not None or text is None else common_ancestor(heading or title, text)
            line = find_date_line(heading or title, near, text)
            published, date = (line.text, line.node) if line is not None else (None, None)
        # (Read around the text only, so that it is never in the text.)
        stamp = updated_stamp(scope, text) if scope is not None and text is not None else None
        # The article's links: documents beside the text, the back link at its end. (A lazy picture's
        # `data-src` is read by `image_source`, only when its `src` is empty or a placeholder.)
        links = css(scope, "a[href]") if scope is not None and text is not None else []
        lead = gallery_images(first(text, [".news-item-image"])) if text is not None else []
        start = heading or title
        if item is None and not lead and text is not None and start is not None:
            # The picture block before a guessed text container that left it out.
            picture = picture_between(start, text)
            src = img_src(picture) if picture is not None else None
            lead = [src] if src else []
        blocks = []
        documents: list[Link] = []
        if text is not None:
            # A documents block beside the text (files of the element).
            documents = [
                Link(href_of(a), text_of(a))
                for a in links
                if is_document(href_of(a)) and not holds(text, a) and not in_sidebar(a, stop=scope)
            ]
            # (Before anything is taken out of the text: its links must still be in the tree.)
            drop_back_link(text, next((a for a in reversed(links) if holds(text, a)), None))
            remove(text, [".news-item-image", "h1", ".news-item-date", ".btn-link"])
            # The headline in the text (the template's <h2>; an <h3> in Bitrix's default template) is
            # not body; an editor's sub-headings are.
            for repeat in css(text, "h2, h3, h4, h5, h6"):
                if _words(repeat) == title_text or text_of(repeat) == title_text:
                    repeat.decompose()
                    break
            trim_template_blocks(text)
            if guessed:
                trim_chrome(text, marks=[date])
            elif date is not None and holds(text, date):
                drop_line(text, date)  # a date line moved into the text (not an editor's link block)
            blocks = extract_blocks(text)
        return RawArticle(
            title=title_text or meta_content(tree, "og:title"),
            published=published,
            blocks=blocks,
            updated=stamp.text if stamp is not None else None,
            lead_images=lead,
            documents=documents,
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        numbered, named = _article_url(page), _article_url(page, by_code=True)
        scope = first(tree, [".news-list"])
        articles = anchors_matching(scope, numbered) if scope is not None else []
        if scope is not None and not articles:
            articles = anchors_matching(scope, named)
        pager = first(tree, [".modern-page-navigation", ".pager", ".pagination"])
        body = tree.body
        if not articles and body is not None:
            # Renamed list markup: every article link outside sidebars (teasers there are skipped),
            # in the column of the page title (a sidebar may come first in the source).
            for pattern in (numbered, named):
                column = _column_of(css_first(tree, "h1"), pattern)
                articles = anchors_matching(column or body, pattern)
                if articles:
                    break
        next_href = next_link(pager or tree, [".modern-page-next[href]"]) or next_in_pager(pager or tree)
        return RawLinks(articles, next_href)


def _words(node: LexborNode) -> str:
    """A heading's text with its spacing folded (C-level read): what `text_of` gives for plain text."""
    return " ".join(node.text(deep=True).split())


def _column_of(heading: LexborNode | None, pattern: re.Pattern[str]) -> LexborNode | None:
    """The smallest block around the list page's `<h1>` that holds an article link: its column."""
    block = heading.parent if heading is not None else None
    while block is not None and block.tag not in ("body", "html"):
        if any(pattern.search(href_of(anchor)) for anchor in css(block, "a[href]")):
            return block
        block = block.parent
    return None


FAMILY = Family("gossite", (GosModernV1(),), "1C-Bitrix gossite, template gos_modern")
