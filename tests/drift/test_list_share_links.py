"""Share links on a news list's cards (VK, OK, Telegram: `https://vk.com/share.php?url=<the article>`)
and a redirect link carrying the article's address: neither is an article link, though the address
it carries matches the family's article pattern (they were returned as articles, and on a renamed
list each card became a list of its own, so only the first card's link was left)."""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import urljoin

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_links
from pressharvest.decode import decode_with_charset
from pressharvest.sites.landmarks import carries_address

LISTS = [page for page in fixture_pages() if page.kind == "list" and "error" not in page.expected()]
_ANCHOR = re.compile(r"""<a\b[^>]*?\bhref=(["'])([^"']*)\1[^>]*>.*?</a>""", re.S | re.I)


def _with_share_links(text: str, page: FixturePage) -> tuple[str, int]:
    articles = set(page.expected()["articles"])
    added = 0

    def share(match: re.Match[str]) -> str:
        nonlocal added
        url = urljoin(page.url, unescape(match.group(2)))
        if url not in articles:
            return match.group(0)
        added += 1
        quoted = escape(url)
        return (
            match.group(0) + f' <a href="https://vk.com/share.php?url={quoted}">ВК</a>'
            f' <a href="https://connect.ok.ru/offer?url={quoted}">ОК</a>'
            f' <a href="/bitrix/redirect.php?goto={quoted}">Перейти</a>'
        )

    return _ANCHOR.sub(share, text), added


def test_lists_of_every_family_are_covered() -> None:
    assert {page.folder.name for page in LISTS} >= {"admobninsk", "admoblkaluga", "gossite", "gosweb", "wordpress"}


@pytest.mark.parametrize("page", LISTS, ids=lambda page: page.test_id)
def test_share_links_on_the_cards_are_no_articles(page: FixturePage) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    content, added = _with_share_links(text, page)
    assert added >= len(page.expected()["articles"])
    links = parse_links(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert (links.articles, links.next) == (expected["articles"], expected["next"])


@pytest.mark.parametrize(
    ("href", "carries"),
    [
        ("https://vk.com/share.php?url=https://site.ru/news/1/", True),
        ("/away.php?to=http://site.ru/news/1/", True),
        ("https://site.ru/news/1/", False),
        ("http://site.ru/news/detail.php?ELEMENT_ID=4612", False),
        ("//site.ru/news/1/", False),
        ("https://vk.com/share.php?url=https%3A%2F%2Fsite.ru%2Fnews%2F1%2F", False),  # (matches no pattern)
    ],
)
def test_carries_address(href: str, carries: bool) -> None:
    assert carries_address(href) is carries


def test_a_list_under_its_cyrillic_domain_read_by_its_punycode_address_keeps_its_links() -> None:
    """A `.рф` site written in Cyrillic on its pages and configured (or fetched) by its punycode
    address is one host: the off-domain check compares the two spellings as one (it returned no
    article at all)."""
    (page,) = [page for page in LISTS if page.folder.name == "wordpress"]
    text, charset = decode_with_charset(page.path.read_bytes())
    assert "sosnovka-adm.test" in text
    content = text.replace("sosnovka-adm.test", "сосновка-адм.рф").encode(charset)
    punycode = page.url.replace("sosnovka-adm.test", "xn----7sbbfn6asbib4ab.xn--p1ai")
    links = parse_links(content, site=page.site, url=punycode)
    expected = [url.replace("sosnovka-adm.test", "сосновка-адм.рф") for url in page.expected()["articles"]]
    assert links.articles == expected
