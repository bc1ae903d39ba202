"""Links and pictures written relative to the page (`href="21944/"` on `/news/`) or to a `<base href>`
resolve as a browser resolves them: a list page keeps its articles and next page, an article its
pictures and documents. Built from every family's reference lists and articles."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_links, parse_page
from pressharvest.decode import decode_with_charset
from pressharvest.sites.page_base import absolutize_links, base_href
from pressharvest.urls import resolve_base

PAGES = [page for page in fixture_pages() if page.kind in ("list", "article") and page.site != "generic-demo"]
LISTS = [page for page in PAGES if page.kind == "list"]
ARTICLES_WITH_FILES = [
    page
    for page in PAGES
    if page.kind == "article" and (page.expected().get("images") or page.expected().get("attachments"))
]
_ROOT_RELATIVE = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')


def _text(page: FixturePage) -> tuple[str, str]:
    """The page, its addresses on its own host made root-relative (WordPress writes them absolute)."""
    text, charset = decode_with_charset(page.path.read_bytes())
    parts = urlsplit(page.url)
    return re.sub(rf'\b(href|src)="{re.escape(parts.scheme)}://{re.escape(parts.netloc)}/', r'\1="/', text), charset


def _relative_to_page(page: FixturePage, text: str) -> str:
    """Every root-relative address rewritten relative to the page's own folder."""
    folder = posixpath.dirname(urlsplit(page.url).path) or "/"

    def one(match: re.Match[str]) -> str:
        path, _, rest = match.group(2).partition("?")
        relative = posixpath.relpath(path, folder) + ("/" if path.endswith("/") and path != "/" else "")
        return f'{match.group(1)}="{relative}{"?" + rest if rest else ""}"'

    return _ROOT_RELATIVE.sub(one, text)


def _relative_to_base(text: str) -> str:
    """A `<base href="/">`, and every root-relative address written without its leading slash."""
    text = _ROOT_RELATIVE.sub(lambda match: f'{match.group(1)}="{match.group(2)[1:] or "./"}"', text)
    return re.sub(r"<head([^>]*)>", r'<head\1><base href="/">', text, count=1)


def _parse(page: FixturePage, text: str, charset: str) -> dict[str, object]:
    content = text.encode(charset)
    if page.kind == "list":
        return parse_links(content, site=page.site, url=page.url).model_dump(mode="json")
    return parse_page(content, site=page.site, url=page.url).model_dump(mode="json")


@pytest.mark.parametrize("page", LISTS, ids=lambda page: page.test_id)
@pytest.mark.parametrize("rewrite", ["page", "base"])
def test_list_pages_with_relative_links(page: FixturePage, rewrite: str) -> None:
    text, charset = _text(page)
    changed = _relative_to_page(page, text) if rewrite == "page" else _relative_to_base(text)
    assert changed != text
    got = _parse(page, changed, charset)
    expected = page.expected()
    assert (got["articles"], got["next"]) == (expected["articles"], expected["next"])


@pytest.mark.parametrize("page", ARTICLES_WITH_FILES, ids=lambda page: page.test_id)
def test_article_pictures_and_documents_relative_to_a_base(page: FixturePage) -> None:
    text, charset = _text(page)
    got = _parse(page, _relative_to_base(text), charset)
    expected = page.expected()
    assert got["images"] == expected["images"]
    assert got["attachments"] == expected["attachments"]


@pytest.mark.parametrize(
    ("href", "page_url", "expected"),
    [
        (None, "https://s.ru/news/", "https://s.ru/news/"),
        ("/", "https://s.ru/news/", "https://s.ru/"),
        ("../x/", "https://s.ru/news/a/", "https://s.ru/news/x/"),
        ("https://cdn.s.ru/", "https://s.ru/news/", "https://cdn.s.ru/"),
        ("javascript:void(0)", "https://s.ru/news/", "https://s.ru/news/"),  # no http(s) base: the page's
        # a base written for the site's old address (http, www.) keeps the page's scheme and host
        ("http://www.s.ru/news/", "https://s.ru/news/?p=2", "https://s.ru/news/"),
        ("https://www.s.ru/", "https://s.ru/a/", "https://s.ru/"),
        ("http://s.ru/x/", "https://www.s.ru/a/", "https://www.s.ru/x/"),
    ],
)
def test_resolve_base(href: str | None, page_url: str, expected: str) -> None:
    assert resolve_base(href, page_url) == expected


def test_links_that_are_not_addresses_stay_as_written() -> None:
    tree = LexborHTMLParser(
        '<html><head><base href="/b/"></head><body><a href="21944/">a</a><a href="#top">b</a>'
        '<a href="javascript:void(0)">c</a><a href="mailto:x@s.ru">d</a><a href="//cdn.ru/z">e</a></body></html>'
    )
    absolutize_links(tree, resolve_base(base_href(tree), "https://s.ru/news/"))
    assert [a.attrs.get("href") for a in tree.css("a")] == [
        "https://s.ru/b/21944/", "#top", "javascript:void(0)", "mailto:x@s.ru", "https://cdn.ru/z",
    ]  # fmt: skip
