"""WordPress municipal sites (themes derived from _s / Twenty*: `article.post`, `.entry-*` classes).

Drafted by `pressharvest new-family wordpress` from the pages in `fixtures/wordpress/` (a fictional
rural settlement, sosnovka-adm.test), then filled in by hand.
URLs: articles `/YYYY/MM/DD/<slug>/` (the "day and name" permalinks) or `/?p=<id>`, list
`/category/<rubric>/` paged with `/page/<n>/` (`nav.navigation.pagination a.next`), RSS `/feed/`.
Page: `h1.entry-title`; `time.entry-date.published[datetime]` (ISO with offset; the visible text
depends on the site's date format setting); `div.post-thumbnail` before `div.entry-content`.
Redesigns: a theme switch renames the theme's classes, not core's: the featured image is also found
by `wp-post-image` (tests/drift/test_wordpress_theme_switch.py); a theme printing the date as text only
(«19.04.2025 в 11:20», «11:20, 19.04.2025») is read by the shared date-line landmarks.
Quirks: Jetpack share buttons (`.sharedaddy`) and related posts inside `.entry-content`; the file
block's second "Скачать" link (`.wp-block-file__button`); figure captions are article text; the
"Свежие записи" widget in the sidebar and the previous/next post links are not list items.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.date_lines import publication_line, time_last
from pressharvest.sites.headlines import out_of_view
from pressharvest.sites.landmarks import (
    anchors_matching,
    canonical_link,
    css,
    first,
    gallery_images,
    href_of,
    in_sidebar,
    meta_content,
    next_link,
    remove,
    richest_text_container,
    text_of,
)
from pressharvest.sites.text_field import trim_template_blocks
from pressharvest.text.blocks import extract_blocks

ARTICLE_URL = re.compile(r"^(?:https?://[^/]+)?(?:/\d{4}/\d{2}/\d{2}/[^/?#]+/?|/\?p=\d+)(?:$|[?#])")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a `datetime` attribute's value: read as it is
TITLE = ["h1.entry-title", "article h1", "h1"]
DATE = ["time.entry-date.published[datetime]", "time.entry-date[datetime]", "time[datetime]"]
TEXT = ["div.entry-content", "article .entry-content"]
# The featured image: the theme's `.post-thumbnail` block, else the picture WordPress core itself
# classes `wp-post-image` (`the_post_thumbnail()`): a theme switch renames the first, never the
# second. Both are looked for only inside the post (`post_class()`'s `hentry`, or the theme's
# `<article>`) holding the headline, outside sidebars: a related-posts block or a sidebar teaser is
# another post (`<article class="post hentry">`) with its own `wp-post-image` thumbnail.
THUMBNAIL = [".post-thumbnail", ".wp-post-image"]
# Plugin and block furniture inside the text field.
NOT_TEXT = [".sharedaddy", ".jp-relatedposts", ".addtoany_share_save_container", ".wp-block-file__button",
            ".post-views", "script", "style"]


class WordPressV1(Layout):
    family = "wordpress"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        title = first(tree, TITLE)
        if title is not None and out_of_view(title):
            # A hidden copy of a teaser's headline in the post (a theme switch renamed `entry-title`,
            # so `article h1` found it): the headline is the first `<h1>` the page shows.
            title = next((heading for heading in css(tree, "h1") if not out_of_view(heading)), title)
        date = first(tree, DATE)
        published = (date.attrs.get("datetime") or text_of(date)) if date is not None else None
        if not published and title is not None:
            line = publication_line(title, ARTICLE_URL)  # a theme that prints the date as plain text
            published = line.text if line is not None else None
        if published and not _ISO_DAY.match(published):
            published = time_last(published)  # «19.04.2025 в 11:20», «11:20, 19 апреля 2025»
        text = first(tree, TEXT)
        if text is None and tree.body is not None:
            text = richest_text_container(tree.body, after=title)
        blocks = []
        if text is not None:
            remove(text, NOT_TEXT)
            # A theme's related-posts, share or tags block inside the text (classed so), teasers after
            # the text, cookie notices and hidden blocks (trim_template_blocks reads all of those).
            trim_template_blocks(text)
            blocks = extract_blocks(text)
        return RawArticle(
            title=text_of(title) if title is not None else meta_content(tree, "og:title"),
            published=published,
            blocks=blocks,
            lead_images=gallery_images(_featured_image(tree, title)),
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        main = first(tree, ["main", "#primary", ".site-main", "#content"]) or tree.body
        # The headline links of the loop's posts, whatever the permalink structure …
        articles = [href_of(a) for a in css(main, ".entry-title a[href]")] if main else []
        if not articles and main is not None:
            articles = anchors_matching(main, ARTICLE_URL)  # … else links shaped like posts, sidebars skipped
        pager = first(tree, ["nav.pagination", ".nav-links", ".pagination"])
        return RawLinks(articles, next_link(pager or tree, ["a.next"]))


def _post_of(node: LexborNode) -> LexborNode | None:
    """The post holding `node`: its nearest `<article>` or `.hentry` ancestor (or itself)."""
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "html", "body"):
        if current.tag == "article" or "hentry" in (current.attributes.get("class") or "").split():
            return current
        current = current.parent
    return None


def _featured_image(tree: LexborHTMLParser, title: LexborNode | None) -> LexborNode | None:
    """The post's featured image block: inside the post holding the headline, in no other post nested
    there and in no sidebar. A headline in no post (a theme printing it in a page header) leaves the
    page's `.post-thumbnail` outside any post and sidebar, as before core's class was read."""
    post = _post_of(title) if title is not None else None
    if post is None:
        return next((node for node in css(tree, THUMBNAIL[0]) if _post_of(node) is None and not in_sidebar(node)), None)
    for selector in THUMBNAIL:
        for node in css(post, selector):
            owner = _post_of(node)
            if owner is not None and owner.mem_id == post.mem_id and not in_sidebar(node, stop=post):
                return node
    return None


FAMILY = Family("wordpress", (WordPressV1(),), "WordPress municipal themes (entry-title / entry-content)")
