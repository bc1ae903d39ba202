"""Malformed addresses on an article page or given for it (`http://[::1`, `https://host:99999/x`):
a canonical link, a picture, a document, a `<base href>` or a news link a template wrote that way
names nothing and is passed over; the page's record stays. Each used to end `parse_page` (and with
it a whole harvest, on every rerun) in an uncaught ValueError, or to refuse the page over one picture.
An address the caller gives that way is refused in one line naming the field."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from pressharvest import parse_links, parse_page
from pressharvest.cli import main
from pressharvest.decode import decode_with_charset
from pressharvest.errors import ConfigError, ParseError
from pressharvest.parse import Registry
from pressharvest.sites.config import Site
from pressharvest.sites.date_lines import _in_teaser_card
from pressharvest.sites.detect import detect
from pressharvest.urls import is_http_address, url_parts
from tests.conftest import FixturePage, fixture_pages

BAD = ["http://[::1", "http://[::1/x.jpg", "https://admobninsk.ru:99999/x", "https://", "https://:80/x"]


def _page(folder: str, file: str) -> FixturePage:
    return next(page for page in fixture_pages() if page.folder.name == folder and page.file == file)


ARTICLE = _page("admobninsk", "news_119.html")
GOSSITE = _page("gossite", "article_4612.html")
LIST = _page("gossite", "list_p2.html")


def _html(page: FixturePage) -> str:
    return decode_with_charset(page.path.read_bytes(), None)[0]


def _bytes(page: FixturePage, html: str) -> bytes:
    """`html` in the page's own charset (its `<meta>` declares it)."""
    return html.encode(decode_with_charset(page.path.read_bytes(), None)[1])


@pytest.mark.parametrize("address", ["http://a.ru/x", "https://a.ru", "http://A.ru:8080/x?y#z", "http://[::1]:80/"])
def test_well_formed_addresses_are_http_addresses(address: str) -> None:
    assert is_http_address(address)


@pytest.mark.parametrize("address", [*BAD, "javascript:void(0)", "/news/1/", "ftp://a.ru/x", "http://[bad/"])
def test_malformed_or_other_addresses_are_not(address: str) -> None:
    assert not is_http_address(address)


def test_url_parts_is_none_where_urlsplit_refuses() -> None:
    assert url_parts("http://[::1/x") is None
    parts = url_parts("https://a.ru/news/5/")
    assert parts is not None and parts.path == "/news/5/"


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_canonical_link_gives_way_to_the_page_url(bad: str) -> None:
    html = _html(ARTICLE)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    assert canonical is not None
    content = html.replace(canonical.group(0), f'<link rel="canonical" href="{bad}"').encode("utf-8")
    record = parse_page(content, site=ARTICLE.site, url=ARTICLE.url)
    assert record.model_dump(mode="json")["url"] == ARTICLE.expected()["url"]
    assert record.body == ARTICLE.expected()["body"]


def test_without_site_or_url_a_malformed_canonical_link_is_a_config_error() -> None:
    html = _html(ARTICLE)
    content = re.sub(r'(<link rel="canonical" href=")[^"]+', r"\1http://[::1/news/", html, count=1)
    with pytest.raises(ConfigError, match="no usable canonical link"):
        parse_page(content.encode("utf-8"))


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_picture_is_left_out_and_the_record_kept(bad: str) -> None:
    expected = GOSSITE.expected()
    assert expected["images"], "the page needs a picture of its own to compare with"
    html = _html(GOSSITE)
    first = html.find("<p")
    assert first >= 0
    html = html[:first] + f'<p><img src="{bad}" alt=""></p>' + html[first:]
    record = parse_page(_bytes(GOSSITE, html), site=GOSSITE.site, url=GOSSITE.url)
    assert record.images == expected["images"]
    assert record.body == expected["body"]


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_document_link_is_left_out_and_the_record_kept(bad: str) -> None:
    expected = GOSSITE.expected()
    html = _html(GOSSITE)
    first = html.find("<p")
    assert first >= 0
    html = html[:first] + f'<p><a href="{bad}/doc.pdf">Документ</a></p>' + html[first:]
    record = parse_page(_bytes(GOSSITE, html), site=GOSSITE.site, url=GOSSITE.url)
    assert [a.url for a in record.attachments] == [a["url"] for a in expected["attachments"]]
    assert [paragraph for paragraph in record.body if paragraph != "Документ"] == expected["body"]


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_base_href_is_passed_over(bad: str) -> None:
    html = _html(GOSSITE).replace("<head>", f'<head><base href="{bad}">', 1)
    record = parse_page(_bytes(GOSSITE, html), site=GOSSITE.site, url=GOSSITE.url)
    assert record.images == GOSSITE.expected()["images"]


@pytest.mark.parametrize("bad", ["http://[::1/", "https://host:99999/x", "news/5", "file:///etc/passwd"])
def test_a_malformed_page_url_is_a_parse_error_naming_url(bad: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_page(ARTICLE.path.read_bytes(), site=ARTICLE.site, url=bad)
    assert caught.value.field == "url"
    with pytest.raises(ParseError) as caught:
        parse_links(LIST.path.read_bytes(), site=LIST.site, url=bad)
    assert caught.value.field == "url"


def test_parse_command_refuses_the_url_as_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["parse", str(ARTICLE.path), "--site", ARTICLE.site, "--url", "http://[::1/"])
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "argument --url" in err and "Traceback" not in err


@pytest.mark.parametrize("bad", ["http://[::1/about/info/news/4561/", "//[::1/x", "http://[::1"])
def test_generic_list_links_pass_over_malformed_addresses(bad: str) -> None:
    site = Registry.load().sites[LIST.site]
    generic_site = Site(id=LIST.site, family="generic", base_url=site.base_url, timezone=site.timezone)
    generic = Registry({LIST.site: generic_site})
    clean = parse_links(LIST.path.read_bytes(), site=LIST.site, url=LIST.url, registry=generic)
    html = re.sub(r"(<p[^>]*>)", rf'\1<a href="{bad}">ссылка</a>', _html(LIST))
    links = parse_links(_bytes(LIST, html), site=LIST.site, url=LIST.url, registry=generic)
    assert links.articles == clean.articles


def test_a_teaser_card_check_passes_over_a_malformed_link() -> None:
    tree = LexborHTMLParser('<div><span>15 июля 2020</span><a href="http://[::1/news/5/">x</a></div>')
    date = tree.css_first("span")
    assert date is not None and _in_teaser_card(date) is False
    tree = LexborHTMLParser('<div><span>15 июля 2020</span><a href="/news/5/">x</a></div>')
    date = tree.css_first("span")
    assert date is not None and _in_teaser_card(date) is True


def test_detect_passes_over_a_malformed_canonical_link_and_anchors() -> None:
    html = _html(ARTICLE)
    html = re.sub(r'(<link rel="canonical" href=")[^"]+', r"\1http://[::1/news/", html, count=1)
    html = html.replace("<body>", '<body><a href="http://[::1/news/">Новости</a>', 1)
    found = detect(html.encode("utf-8"))  # the page's address from its own links
    assert found.family == "admobninsk"
    assert found.url == ARTICLE.url  # its og:url, the canonical link being unusable
