"""A list page whose pager or news list holds a malformed address (`https://`, `//`, `https:///x`,
`http://[::1`, `https://host:99999/x`, `https://[::1/…`): that link names no page and is dropped, the
page's other links stay. Such a link used to end `parse_links` (and `pressharvest links`) in an
uncaught ValidationError or ValueError instead of a result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pressharvest import parse_links
from pressharvest.cli import main
from tests.conftest import FixturePage, fixture_pages

PAGE: FixturePage = next(
    page for page in fixture_pages() if page.folder.name == "gossite" and page.file == "list_p2.html"
)
NEXT_LINK = '<a class="modern-page-next" href="/about/info/news/?PAGEN_1=3">'
ARTICLE_HREF = 'href="/about/info/news/4561/"'
ARTICLE_URL = "http://gossite-demo.test/about/info/news/4561/"
BAD = ["https://", "//", "https:///x", "http://[::1", "https://host:99999/x", "http://[bad/", "https://:80/x"]
BAD_ARTICLES = ["https://[::1/about/info/news/4561/", "http://[bad/about/info/news/4561/"]


def _with(old: str, new: str) -> bytes:
    html = PAGE.path.read_text(encoding="utf-8")
    assert old in html
    return html.replace(old, new).encode("utf-8")


def test_the_page_has_a_next_link_and_the_article() -> None:
    expected = PAGE.expected()
    assert expected["next"] is not None and ARTICLE_URL in expected["articles"]


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_next_link_is_dropped_and_the_articles_stay(bad: str) -> None:
    content = _with(NEXT_LINK, f'<a class="modern-page-next" href="{bad}">')
    links = parse_links(content, site=PAGE.site, url=PAGE.url)
    assert links.next is None
    assert links.articles == PAGE.expected()["articles"]


@pytest.mark.parametrize("bad", BAD_ARTICLES)
def test_a_malformed_article_link_is_dropped_and_the_other_links_stay(bad: str) -> None:
    content = _with(ARTICLE_HREF, f'href="{bad}"')
    links = parse_links(content, site=PAGE.site, url=PAGE.url)
    expected = PAGE.expected()
    assert links.articles == [url for url in expected["articles"] if url != ARTICLE_URL]
    assert links.next == expected["next"]


def test_links_command_exits_0_with_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "list.html"
    content = _with(ARTICLE_HREF, 'href="https://[::1/about/info/news/4561/"')
    page.write_bytes(content.replace(NEXT_LINK.encode(), b'<a class="modern-page-next" href="http://[::1">'))
    assert main(["links", str(page), "--site", PAGE.site, "--url", PAGE.url]) == 0
    links = json.loads(capsys.readouterr().out)
    assert links["next"] is None
    assert links["articles"] == [url for url in PAGE.expected()["articles"] if url != ARTICLE_URL]
