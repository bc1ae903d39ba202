"""A redesign that shows a relative date («вчера», «2 дня назад») keeps the exact one in a
`<time datetime>`: read in the template's date slot, and next to the headline when the classes are
renamed. A full date in the text stays the one read."""

from __future__ import annotations

import json
import re

import pytest
from tests.conftest import FIXTURES

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

# (page, its date slot's opening tag, site, url)
PAGES = [
    ("admobninsk/news_119.html", '<div class="news_date">', "admobninsk",
     "https://admobninsk.ru/news/2012/12/26/news_119.html"),
    ("admoblkaluga/article-21811.html", '<div class="main-news-item-date">', "admoblkaluga-minobr",
     "https://minobr.admoblkaluga.ru/news/21811/"),
    ("gossite/article_4508.html", '<div class="news-item-date fl-l mt10">', "gossite-demo",
     "http://gossite-demo.test/about/info/news/4508/"),
]  # fmt: skip


def _page(path: str) -> tuple[str, str]:
    return decode_with_charset((FIXTURES / path).read_bytes())


def _expected_published(path: str) -> str:
    expected = json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))
    return str(expected["published_at"])


def _slot_rewritten(path: str, opening: str, inner: str) -> bytes:
    text, charset = _page(path)
    assert opening in text
    text = re.sub(re.escape(opening) + r"[^<]*", lambda _: opening + inner, text, count=1)
    return text.encode(charset)


@pytest.mark.parametrize(("path", "opening", "site", "url"), PAGES)
@pytest.mark.parametrize("shown", ["вчера", "2 дня назад", "сегодня"])
def test_relative_date_in_the_slot_gives_the_time_elements_datetime(
    path: str, opening: str, site: str, url: str, shown: str
) -> None:
    published = _expected_published(path)
    content = _slot_rewritten(path, opening, f'<time datetime="{published}">{shown}</time>')
    assert parse_page(content, site=site, url=url).published_at == published


@pytest.mark.parametrize(("path", "opening", "site", "url"), PAGES)
def test_a_full_date_in_the_slot_wins_over_a_datetime(path: str, opening: str, site: str, url: str) -> None:
    """A `datetime` without an offset may be UTC: the date the reader sees is the one taken."""
    published = _expected_published(path)
    content = _slot_rewritten(path, opening, '<time datetime="1999-01-01T00:00">15 июля 2020 года 07:29</time>')
    assert parse_page(content, site=site, url=url).published_at.startswith("2020-07-15T07:29")
    assert not published.startswith("2020-07-15")  # (the page's own date is another)


def test_renamed_template_reads_the_time_element_by_the_headline() -> None:
    """gossite with its classes renamed: the date line is found by landmarks, and a relative one by
    its `<time datetime>`."""
    path = "gossite-drift/article_4633-renamed.html"
    text, charset = _page(path)
    expected = _expected_published(path)
    # The date line as the redesign prints it (its element keeps the renamed class).
    line = re.search(r'(<div class="[^"]*">)\s*(\d{2}\.\d{2}\.\d{4}|\d{1,2} [а-я]+ \d{4})\s*(</div>)', text)
    assert line is not None
    text = text.replace(line.group(0), f'{line.group(1)}<time datetime="{expected}">вчера</time>{line.group(3)}', 1)
    record = parse_page(text.encode(charset), site="gossite-demo", url="http://gossite-demo.test/about/info/news/4633/")
    assert record.published_at == expected


@pytest.mark.parametrize(
    ("widget", "where"),
    [
        ('<div class="today"><span>27</span> <span>ноября</span> <span>2026</span></div>', "just before the headline"),
        ("<div><span>27</span> <span>ноября</span> <span>2026</span></div>", "in the page header"),
    ],
)
def test_a_todays_date_widget_is_not_the_publication_date(widget: str, where: str) -> None:
    """A widget showing today's date in parts (`<span>27</span> <span>ноября</span> …`) near a
    redesigned page's headline is not taken for its date: the `<time datetime>` by the headline is."""
    path = "gossite-drift/article_4633-renamed.html"
    text, charset = _page(path)
    expected = _expected_published(path)
    line = re.search(r'(<div class="[^"]*">)\s*(\d{2}\.\d{2}\.\d{4}|\d{1,2} [а-я]+ \d{4})\s*(</div>)', text)
    assert line is not None
    text = text.replace(line.group(0), f'{line.group(1)}<time datetime="{expected}">вчера</time>{line.group(3)}', 1)
    at = text.find("<h1") if where == "just before the headline" else text.find(">", text.find("<body")) + 1
    content = text[:at] + widget + text[at:]
    record = parse_page(content.encode(charset), site="gossite-demo", url="http://gossite-demo.test/about/info/news/4633/")
    assert record.published_at == expected
