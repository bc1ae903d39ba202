"""Landmarks of the admobninsk / admoblkaluga parsers that the drift fixtures show once, here over
their range: date lines as redesigns write them (all classes renamed, so only the line next to the
headline tells the date) and pagers without a "Следующая" link. Pages are the reference pages,
edited in the test; expectations come from their reference records."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from tests.conftest import FIXTURES

from pressharvest.errors import ParseError
from pressharvest.parse import parse_links, parse_page

OBNINSK_URL = "https://admobninsk.ru/news/2013/01/05/news_142.html"
KALUGA_URL = "https://minobr.admoblkaluga.ru/news/21937/"


def _hashed(html: str) -> str:
    """Every class renamed at once (as a CSS-modules build names them)."""

    def repl(match: re.Match[str]) -> str:
        return " ".join("_" + hashlib.sha1(t.encode()).hexdigest()[:5] for t in match.group(0).split())

    return re.sub(r'(?<=\sclass=")[^"]*(?=")', repl, html)


def _page(folder: str, name: str) -> str:
    return (FIXTURES / folder / name).read_text(encoding="utf-8")


def _replace(html: str, pattern: str, repl: str) -> str:
    changed, count = re.subn(pattern, repl, html, count=1, flags=re.S)
    assert count == 1, pattern
    return changed


# news_142: 5 января 2013 года 10:30 (Moscow was UTC+4 then)
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Опубликовано: 5 января 2013 года 10:30", "2013-01-05T10:30:00+04:00"),
        ("Дата публикации: 05.01.2013 10:30", "2013-01-05T10:30:00+04:00"),
        ("10:30, 5 января 2013", "2013-01-05T10:30:00+04:00"),
        ("Суббота, 5 января 2013, 10:30", "2013-01-05T10:30:00+04:00"),
        ("05.01.2013 в 10:30", "2013-01-05T10:30:00+04:00"),
        ("5 января 2013 года, в 10:30", "2013-01-05T10:30:00+04:00"),
        ("05.01.2013 | 10:30", "2013-01-05T10:30:00+04:00"),
        ("2013-01-05 10:30", "2013-01-05T10:30:00+04:00"),
        ("<span>5 января 2013 года</span> <span>10:30</span>", "2013-01-05T10:30:00+04:00"),
        ('<time datetime="2013-01-05T10:30">5 января, 10:30</time>', "2013-01-05T10:30:00+04:00"),
        ("5 января 2013 г.", "2013-01-05T00:00:00+04:00"),
    ],
)
def test_obninsk_date_line_forms_with_renamed_classes(line: str, expected: str) -> None:
    line_div = f'<div class="news_date">{line}</div>'
    html = _replace(_page("admobninsk", "news_142.html"), r'<div class="news_date">[^<]*</div>', line_div)
    record = parse_page(_hashed(html).encode(), site="admobninsk", url=OBNINSK_URL)
    assert record.published_at == expected
    reference = json.loads(_page("admobninsk", "news_142.html.expected.json"))
    assert record.body == reference["body"]  # the date line is not a paragraph
    assert record.rating == reference["rating"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Опубликовано: 03.02.2025", "2025-02-03T00:00:00+03:00"),
        ("3 февраля 2025, 14:05", "2025-02-03T14:05:00+03:00"),
        ("Понедельник, 3 февраля 2025", "2025-02-03T00:00:00+03:00"),
        ('<time datetime="2025-02-03">3 февраля</time>', "2025-02-03T00:00:00+03:00"),
    ],
)
def test_kaluga_date_line_forms_with_renamed_classes(line: str, expected: str) -> None:
    html = _replace(
        _page("admoblkaluga", "article-21937.html"),
        r'<div class="main-news-item-date">[^<]*</div>',
        f'<div class="main-news-item-date">{line}</div>',
    )
    record = parse_page(_hashed(html).encode(), site="admoblkaluga-minobr", url=KALUGA_URL)
    assert record.published_at == expected
    reference = json.loads(_page("admoblkaluga", "article-21937.html.expected.json"))
    assert record.body == reference["body"]


def test_a_date_only_a_teaser_shows_is_refused() -> None:
    """Date line gone, the sidebar's teasers (with their dates) before the article: no date is taken."""
    html = _page("admobninsk", "news_142.html")
    html = _replace(html, r'\s*<div class="news_date">[^<]*</div>', "")
    side = re.search(r'\s*<div class="col_side">.*?<!-- /col_side -->', html, re.S)
    assert side is not None
    html = _replace(html.replace(side.group(0), ""), r'(\s*<div class="col_main">)', side.group(0) + "\\1")
    with pytest.raises(ParseError) as caught:
        parse_page(_hashed(html).encode(), site="admobninsk", url=OBNINSK_URL)
    assert caught.value.field == "published_at"


_NEXT = "/news/?curPos=34000"


@pytest.mark.parametrize(
    "next_item",
    [
        f'<a href="{_NEXT}" title="Следующая страница"><i class="icon-next"></i></a>',
        f'<a href="{_NEXT}" aria-label="Следующая"><svg></svg></a>',
        f'<a href="{_NEXT}">Вперёд</a>',
        f'<a href="{_NEXT}">&raquo;</a>',
        f'<a class="more" href="{_NEXT}">Показать ещё</a>',
        "",  # page numbers only: the page after the current one (3400, shown without a link)
    ],
)
def test_obninsk_pager_without_a_next_class(next_item: str) -> None:
    html = _page("admobninsk", "news_list_curPos_33990.html")
    html = _replace(html, r'<a class="pagination_next" href="[^"]*">[^<]*</a>', next_item)
    links = parse_links(_hashed(html).encode(), site="admobninsk", url="https://admobninsk.ru/news/?curPos=33990")
    expected = json.loads(_page("admobninsk", "news_list_curPos_33990.html.expected.json"))
    assert links.model_dump(mode="json") == expected  # sidebar teasers left out by structure alone


def test_last_list_page_has_no_next_page() -> None:
    html = _hashed(_page("admoblkaluga", "list-3.html"))
    links = parse_links(html.encode(), site="admoblkaluga-minobr", url="https://minobr.admoblkaluga.ru/news/?PAGEN_1=3")
    expected = json.loads(_page("admoblkaluga", "list-3.html.expected.json"))
    assert links.next is None
    assert links.model_dump(mode="json") == expected


def test_headline_in_a_plain_element_is_found_by_og_title() -> None:
    """No heading at all: the headline is the plain element repeating `og:title` (not the breadcrumb's
    last crumb, which repeats it too); without it the date line has no anchor and the page is refused."""
    page = _page("admoblkaluga", "article-21937.html")
    reference = json.loads(_page("admoblkaluga", "article-21937.html.expected.json"))
    html = _replace(page, r"<h1>(.*?)</h1>", '<div class="article-title">\\1</div>')
    record = parse_page(_hashed(html).encode(), site="admoblkaluga-minobr", url=KALUGA_URL)
    assert (record.title, record.published_at, record.body) == (
        reference["title"],
        reference["published_at"],
        reference["body"],
    )
    gone = _replace(page, r"\s*<h1>.*?</h1>", "")
    with pytest.raises(ParseError) as caught:
        parse_page(_hashed(gone).encode(), site="admoblkaluga-minobr", url=KALUGA_URL)
    assert caught.value.field == "published_at"


@pytest.mark.parametrize(
    "line",
    [
        "Обновлено расписание: с 1 марта 2025 года.",
        "Изменено 10 февраля 2025 года постановлением № 12.",
        "Дата изменения: 10 февраля 2025 года — по приказу № 12",
    ],
)
def test_kaluga_sentence_opening_with_a_stamp_word_stays_text(line: str) -> None:
    """A short paragraph that opens with «Обновлено»/«Изменено» and holds a date is the editor's text,
    not the `updated_at` stamp: a stamp is the word and a date (a time) and nothing else."""
    page = _page("admoblkaluga", "article-21937.html")
    reference = json.loads(_page("admoblkaluga", "article-21937.html.expected.json"))
    html = _replace(page, r"(<p><b>Справочно:</b>)", f"<p>{line}</p>\n\\1")
    for variant in (html, _hashed(html)):  # the template's container, and a guessed one
        record = parse_page(variant.encode(), site="admoblkaluga-minobr", url=KALUGA_URL)
        assert record.updated_at is None
        assert record.body == [*reference["body"], line]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Дата изменения: 10.02.2025 09:30", "2025-02-10T09:30:00+03:00"),
        ("Обновлено: 10 февраля 2025 года, 09:30", "2025-02-10T09:30:00+03:00"),
        ("изменено 10.02.2025", "2025-02-10T00:00:00+03:00"),
    ],
)
def test_kaluga_stamp_line_under_the_text_is_updated_at(line: str, expected: str) -> None:
    """The stamp itself, the word and a date (and a time), is still `updated_at` and not text."""
    page = _page("admoblkaluga", "article-21937.html")
    reference = json.loads(_page("admoblkaluga", "article-21937.html.expected.json"))
    html = _replace(page, r"(\s*<!-- /news detail text -->)", f'\n<div class="news-updated">{line}</div>\\1')
    for variant in (html, _hashed(html)):
        record = parse_page(variant.encode(), site="admoblkaluga-minobr", url=KALUGA_URL)
        assert (record.updated_at, record.body) == (expected, reference["body"])


def _og_title(html: str, title: str) -> str:
    return _replace(html, r'(<meta property="og:title" content=")[^"]*', f"\\g<1>{title}")


@pytest.mark.parametrize("heading", ["Школы получат оборудование", "Новости"])
def test_kaluga_short_h1_is_not_replaced_by_the_footer_site_name(heading: str) -> None:
    """A short `<h1>` that `og:title` does not repeat (og:title the ministry's name) stays the title:
    a headline is not a section name, and the footer's `div.footer-title` naming the site is page
    chrome, never the headline (not even when the `<h1>` is a section name)."""
    page = _page("admoblkaluga", "article-21937.html")
    reference = json.loads(_page("admoblkaluga", "article-21937.html.expected.json"))
    html = _replace(page, r"<h1>.*?</h1>", f"<h1>{heading}</h1>")
    html = _og_title(html, "Министерство образования и науки Калужской области")
    for variant in (html, _hashed(html)):
        record = parse_page(variant.encode(), site="admoblkaluga-minobr", url=KALUGA_URL)
        assert (record.title, record.published_at, record.body) == (
            heading,
            reference["published_at"],
            reference["body"],
        )


def test_obninsk_short_h1_is_not_replaced_by_the_header_site_name() -> None:
    """The same with the header's site name set alone in `div.header_name` (a plain element that
    repeats `og:title`; the phone line gone from the header) and the `<h1>` without its class."""
    page = _page("admobninsk", "news_142.html")
    reference = json.loads(_page("admobninsk", "news_142.html.expected.json"))
    html = _replace(page, r'<h1 class="news_title">.*?</h1>', "<h1>Лыжня собрала 316 участников</h1>")
    html = _replace(html, r'(<div class="header_name">[^<]*)<span class="header_sub">[^<]*</span>', "\\1")
    html = _replace(html, r'\s*<div class="header_phone">.*?</div>', "")
    html = _og_title(html, "Администрация города Обнинска")
    record = parse_page(html.encode(), site="admobninsk", url=OBNINSK_URL)
    assert (record.title, record.published_at, record.body) == (
        "Лыжня собрала 316 участников",
        reference["published_at"],
        reference["body"],
    )


@pytest.mark.parametrize("section", ["Новости", "Лента новостей", "Анонсы"])
def test_kaluga_section_name_h1_gives_way_to_the_headline(section: str) -> None:
    """An `<h1>` that is the section's name (a generic word, or a menu link's text) above the headline
    set in an `<h2>` that `og:title` repeats: the `<h2>` is the title."""
    page = _page("admoblkaluga", "article-21937.html")
    reference = json.loads(_page("admoblkaluga", "article-21937.html.expected.json"))
    html = _replace(page, r"<h1>(.*?)</h1>", f"<h1>{section}</h1>\n<h2>\\1</h2>")
    record = parse_page(html.encode(), site="admoblkaluga-minobr", url=KALUGA_URL)
    assert (record.title, record.published_at, record.body) == (
        reference["title"],
        reference["published_at"],
        reference["body"],
    )
