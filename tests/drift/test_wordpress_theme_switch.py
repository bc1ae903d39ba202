"""A WordPress site switching themes: the theme's classes change (`entry-*`, `post-thumbnail`,
`site-*`, `nav-*`), WordPress core's and the plugins' stay (`wp-*`, `post_class()`'s `hentry`,
widgets, Jetpack's `sd-*`). Every reference page of the family keeps its whole record and list;
the featured image is found by core's `wp-post-image` class."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_links, parse_page
from pressharvest.decode import decode_with_charset

PAGES = [page for page in fixture_pages() if page.folder.name == "wordpress" and page.kind in ("article", "list")]
_THEME_CLASS = re.compile(
    r"^(?:entry-|post-thumbnail$|site|nav-|posted-on$|byline$|cat-links$|(?:main-|post-)?navigation$|comments-)"
)
_CLASS_ATTR = re.compile(r"""(\bclass)=(["'])([^"']*)\2""")


def _new_theme(text: str) -> str:
    """The page as another theme prints it: each theme class renamed (`entry-content` → `th-entry-content-x`)."""

    def rename(match: re.Match[str]) -> str:
        names = " ".join(f"th-{name}-x" if _THEME_CLASS.match(name) else name for name in match.group(3).split())
        return f"{match.group(1)}={match.group(2)}{names}{match.group(2)}"

    head, tag, body = text.partition("<body")
    return head + tag + _CLASS_ATTR.sub(rename, body)


def test_pages_are_covered() -> None:
    assert sum(page.kind == "article" for page in PAGES) >= 3


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.test_id)
def test_a_theme_switch_keeps_the_record(page: FixturePage) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    content = _new_theme(text).encode(charset)
    assert content != page.path.read_bytes()
    expected = page.expected()
    if page.kind == "list":
        links = parse_links(content, site=page.site, url=page.url)
        assert links.model_dump(mode="json") == {key: expected[key] for key in ("articles", "next")}
        return
    record = parse_page(content, site=page.site, url=page.url).model_dump(mode="json")
    record.pop("provenance")
    assert record == expected


_HIDDEN_COPY = (
    '<div class="mobile-news" hidden><h1>Глава поселения провёл приём граждан по личным вопросам</h1>'
    '<div class="date">1 января 2019 года 10:00</div></div>'
)
ARTICLES = [page for page in PAGES if page.kind == "article"]


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_a_hidden_headline_in_the_post_after_a_theme_switch(page: FixturePage) -> None:
    """A hidden copy of a teaser (its own `<h1>`) before the headline inside the post: with the theme's
    `entry-title` renamed, the headline is the first `<h1>` the page shows, not the hidden one."""
    text, charset = decode_with_charset(page.path.read_bytes())
    content = _new_theme(re.sub(r"(<h1\b[^>]*\bentry-title\b)", _HIDDEN_COPY + r"\1", text, count=1))
    assert _HIDDEN_COPY in content
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert (record.title, record.body) == (expected["title"], expected["body"])
