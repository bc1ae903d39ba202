"""The headline when its class is unknown and the `<h1>` may be a section's name («Новости») or the
site's: told by `og:title` (`headline_by_og_title`) or by the `<title>` (`headline_by_page_title`).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.landmarks import (
    PAGE_CHROME,
    css,
    css_first,
    holds,
    href_of,
    in_hidden_block,
    meta_content,
    text_of,
    text_reaches,
)
from pressharvest.sites.tree_walk import has_ancestor_tag, precedes, subtree
from pressharvest.text.clean import clean_text


def _title_heading(tree: LexborHTMLParser, scope: LexborNode | None) -> LexborNode | None:
    """With no `<h1>`: the heading whose text is the page's `og:title` (or starts its `<title>`), else
    the plain element that repeats it."""
    wanted = clean_text(meta_content(tree, "og:title") or "")
    page_title = text_of(css_first(tree, "title"))
    for node in css(scope or tree, "h2, h3, .title, [class*=title]"):
        text = text_of(node)
        # (`og:title` and `<title>` may add the site's name after the headline; the heading may add a
        # badge, «Официально», after it.) A teaser of this very article or a breadcrumb repeats it
        # too: those are not the headline.
        if (
            text
            and any(
                line and (line == wanted or (len(line) > 15 and (wanted or page_title).startswith(line)))
                for line in (text, _without_badge(node, text))
            )
            and not _teaser_title(node)
        ):
            return node
    return _title_element(scope or tree.body, wanted) if wanted and (scope or tree.body) is not None else None


_BADGE_TAGS = frozenset(["small", "sup", "mark", "span", "em", "i", "b"])
_BADGE_MAX = 25  # chars


def _without_badge(heading: LexborNode, text: str) -> str:
    """The heading's text without a badge its last element adds («Официально», «Видео»): short
    inline text after the headline; "" when there is none."""
    last = None
    for child in heading.iter():
        last = child
    if last is None or last.tag not in _BADGE_TAGS:
        return ""
    badge = text_of(last)  # (text after it would not let the heading end with it)
    if not badge or len(badge) > _BADGE_MAX or not text.endswith(badge):
        return ""
    return text[: -len(badge)].rstrip()


def _title_element(scope: LexborNode | None, wanted: str) -> LexborNode | None:
    """The headline set in a plain element: the first one whose text is `og:title` (or starts it,
    before a site suffix) that is not a link (a teaser), not in a sidebar and not the last crumb
    of a breadcrumb trail (beside two links or more)."""
    if scope is None:
        return None
    for node in subtree(scope):
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
    return node.tag == "a" or has_ancestor_tag(node, ("a", "aside")) or _last_crumb(node) or _page_chrome(node)


def _last_crumb(node: LexborNode) -> bool:
    """Whether `node` ends a breadcrumb trail: its parent or grandparent (`<li>` in `<ul>`) is a short
    block holding two links or more."""
    current = node.parent
    for _ in range(2):
        if current is None or current.tag in ("body", "html"):
            return False
        if len(css(current, "a[href]")) >= 2 and not text_reaches(current, 301):  # at most 300 chars
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


def _og_title(tree: LexborHTMLParser) -> str:
    """The page's `og:title`, looked for in the head only (a few microseconds)."""
    head = tree.head
    node = css_first(head, 'meta[property="og:title"]') if head is not None else None
    return clean_text(node.attrs.get("content") or "") if node is not None else ""


def out_of_view(node: LexborNode) -> bool:
    """Whether a heading is no page's headline by where it sits: in an `<aside>` (a widget's or a
    teaser's heading), or in a block the page does not show (`hidden`, `aria-hidden="true"`, an inline
    `display: none`: a mobile copy, a ticker, a template)."""
    return has_ancestor_tag(node, ("aside",)) or in_hidden_block(node, aria=True)


def headline_by_og_title(tree: LexborHTMLParser, h1: LexborNode | None, scope: LexborNode | None) -> LexborNode | None:
    """The `<h1>` found, unless it is a section name («Новости», a menu item's text) while another
    heading repeats the page's `og:title`: then that heading. A short headline that `og:title` does
    not repeat (og:title the site's name) stays. (A long `<h1>` is a headline: no `og:title` read.)
    An `<h1>` out of view (`out_of_view`) is never the headline: the heading repeating `og:title` is."""
    if h1 is not None and out_of_view(h1):
        return _title_heading(tree, scope) or h1  # (no other heading repeats og:title: the <h1> stays)
    if h1 is not None and len(h1.text().strip()) > _SECTION_NAME_MAX:
        return h1  # (the raw text: a long headline needs no cleaning to be told from a section name)
    text = text_of(h1) if h1 is not None else ""
    wanted = _og_title(tree)
    if h1 is not None and (not wanted or wanted.startswith(text)):
        return h1
    if h1 is not None and not _section_name(tree, text):
        return _headline_before(tree, h1, scope) or h1
    return _title_heading(tree, scope) or h1


def _headline_before(tree: LexborHTMLParser, h1: LexborNode, scope: LexborNode | None) -> LexborNode | None:
    """A short `<h1>` that `og:title` does not name, after an `<h2>`/`<h3>` that repeats `og:title`:
    an editor's sub-heading set as `<h1>` in the text («Как подать заявку»), the headline being that
    earlier heading (a page whose own `<h1>` names its section, or that has none). Only asked on such
    pages: one query."""
    earlier = _title_heading(tree, scope)
    if earlier is None or earlier.tag not in ("h2", "h3") or _page_chrome(earlier):
        return None
    return earlier if precedes(earlier, h1) else None


TITLE_SUFFIX = re.compile(r"\s+\|\s+[^|]+$")


def headline_by_page_title(tree: LexborHTMLParser, candidates: list[LexborNode | None]) -> LexborNode | None:
    """Of the headings that may be the article's title, the one the page's `<title>` names (a page
    `<h1>` may be the section name, «Новости», with the headline in an `<h2>`); else the first.
    A short heading naming the section is never taken while a longer heading that does not is there:
    a detail page that sets no title of its own shows the section's name in `<h1>` and `<title>`."""
    present = [node for node in candidates if node is not None]
    if len(present) > 1:
        present = [node for node in present if not out_of_view(node)] or present
    if len(present) > 1:
        # A site name set as an <h1> in the header is not a headline.
        present = [node for node in present if not has_ancestor_tag(node, ("header", "footer", "nav"))] or present
    if len(present) > 1:
        present = _without_section_names(tree, present)
    if len(present) > 1:
        page_title = TITLE_SUFFIX.sub("", text_of(css_first(tree, "title")))
        for node in present:
            text = text_of(node)
            if text and text == page_title:
                return node
    return present[0] if present else None


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
    return any(heading_words(anchor) == text and not holds(heading, anchor) for anchor in css(tree, "a[href]"))


_TITLE_PARTS = re.compile(r"\s+\|\s+")


def heading_words(node: LexborNode) -> str:
    """A heading's text with its spacing folded (C-level read): what `text_of` gives for plain text."""
    return " ".join(node.text(deep=True).split())
