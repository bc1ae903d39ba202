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
from pressharvest.sites.date_lines import (
    date_slot_text,
    find_date_line,
    published_line_below,
    time_by_headline,
    time_last,
)
from pressharvest.sites.documents import document_title
from pressharvest.sites.headlines import TITLE_SUFFIX, heading_words, headline_by_page_title, out_of_view
from pressharvest.sites.landmarks import (
    anchors_matching,
    canonical_link,
    common_ancestor,
    css,
    css_first,
    drop_blocks_before,
    first,
    gallery_images,
    holds,
    href_of,
    img_src,
    in_sidebar,
    is_document,
    meta_content,
    next_link,
    only_element,
    page_headings,
    remove,
    richest_text_container,
    text_of,
    trim_chrome,
)
from pressharvest.sites.list_pages import next_page_by_pager_numbers
from pressharvest.sites.pictures import picture_between
from pressharvest.sites.text_field import drop_back_link, drop_line, trim_template_blocks, widen_blockless_container
from pressharvest.sites.updated_stamps import updated_stamp
from pressharvest.text.blocks import Link, extract_blocks


def around_text(text: LexborNode) -> LexborNode | None:
    """The element around a guessed text container and its wrappers (elements holding nothing
    else): the article, where its date line and documents block sit."""
    outer = text
    while outer.parent is not None and outer.parent.tag not in ("body", "html") and only_element(outer):
        outer = outer.parent
    return outer.parent


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
        if heading is not None and out_of_view(heading):  # (a hidden copy's or a sidebar's)
            heading = next((node for node in css(tree, "h1") if not out_of_view(node)), heading)
        title = first(item, ["h2", "h1"]) if item is not None else None
        if title is not None and heading is not None and heading_words(title) != heading_words(heading):
            # An <h2> that is not the page's <h1>: the headline is the one `<title>` names (without
            # the template's <h2>, the first one is an editor's sub-heading).
            title = headline_by_page_title(tree, [title, heading])
        text = first(item, [".news-item-text"]) if item is not None else None
        guessed = text is None
        if text is None and tree.body is not None:
            # Renamed template: the richest text container at or after the page's <h1>.
            text = richest_text_container(tree.body, after=heading or title)
            if text is not None:
                text = widen_blockless_container(text)
                if title is None:
                    # The <h1> may be the section's name (the headline an <h2> in the text) or the
                    # site's name in the header.
                    title = headline_by_page_title(tree, [*css(tree, "h1"), css_first(text, "h2")])
                    if title is not None and not holds(text, title):
                        heading = title
        if title is None:
            title = heading
        title_text = text_of(title) if title is not None else ""
        if not title_text:
            title_text = TITLE_SUFFIX.sub("", text_of(css_first(tree, "title")))
        date = first(item, [".news-item-date"]) if item is not None else None
        published = date_slot_text(date) if date is not None else None
        scope = item if item is not None else (around_text(text) if text is not None else None)
        if not published and title is not None:
            # Its date line may sit anywhere between the headline and the text.
            near = scope if item is not None or text is None else common_ancestor(heading or title, text)
            line = find_date_line(heading or title, near, text) or published_line_below(
                heading or title, _article_url(page)
            )  # (a template printing «Опубликовано: …» under the text)
            if line is not None:
                published, date = line.text, line.node
            else:  # a `<time datetime>` by the headline whose text is relative («вчера»)
                stamp = time_by_headline(heading or title, _article_url(page))
                published, date = (stamp.text, stamp.node) if stamp is not None else (None, None)
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
                Link(href_of(a), document_title(a))
                for a in links
                if is_document(href_of(a)) and not holds(text, a) and not in_sidebar(a, stop=scope)
            ]
            # (Before anything is taken out of the text: its links must still be in the tree.)
            drop_back_link(text, next((a for a in reversed(links) if holds(text, a)), None))
            remove(text, [".news-item-image", ".news-item-date", ".btn-link"])
            # (Before the headline's repeats go: a cookie notice above it; the date line stays for drop_line.)
            drop_blocks_before(text, title, keep=[date])
            for heading in page_headings(text):  # (an editor's <h1> after the text has begun stays)
                heading.decompose()
            # The headline in the text (the template's <h2>; an <h3> in Bitrix's default template; an
            # <h1> after a date or rubric line on a redesigned page, beside the template's <h2>) is not
            # body, however often it is repeated; an editor's sub-headings are.
            for repeat in css(text, "h1, h2, h3, h4, h5, h6"):
                if heading_words(repeat) == title_text or text_of(repeat) == title_text:
                    repeat.decompose()
            trim_template_blocks(text)
            if guessed:
                trim_chrome(text, marks=[date])
            elif date is not None and holds(text, date):
                drop_line(text, date)  # a date line moved into the text (not an editor's link block)
            blocks = extract_blocks(text)
        return RawArticle(
            title=title_text or meta_content(tree, "og:title"),
            published=time_last(published),
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
        next_href = next_link(pager or tree, [".modern-page-next[href]"]) or next_page_by_pager_numbers(pager or tree)
        return RawLinks(articles, next_href)


def _column_of(heading: LexborNode | None, pattern: re.Pattern[str]) -> LexborNode | None:
    """The smallest block around the list page's `<h1>` that holds an article link: its column."""
    block = heading.parent if heading is not None else None
    while block is not None and block.tag not in ("body", "html"):
        if any(pattern.search(href_of(anchor)) for anchor in css(block, "a[href]")):
            return block
        block = block.parent
    return None


FAMILY = Family("gossite", (GosModernV1(),), "1C-Bitrix gossite, template gos_modern")
