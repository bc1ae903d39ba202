"""The redesign landmarks of the gossite and Госвеб families, at their edges: what they must take and,
as important, what they must leave (a teaser's date, a calendar's day numbers, a body sentence that
says "изменено", a link paragraph in the middle of the text)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests.conftest import FIXTURES

from pressharvest import parse_links, parse_page
from pressharvest.errors import ParseError
from pressharvest.sites.list_pages import next_page_by_pager_numbers

GOSSITE = "gossite-demo"
GOSSITE_URL = "http://gossite-demo.test/about/info/news/{}/"
GOSWEB = "gosweb-demo"
GOSWEB_URL = "https://zarechye-r00.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/{}"
# The capture day of the Госвеб pages: their «Другие новости» cards say "Сегодня" / "Вчера".
FETCHED = datetime(2026, 1, 20, 12, 30, tzinfo=UTC)


def _edited(path: str, charset: str, *edits: tuple[str, str]) -> bytes:
    text = (FIXTURES / path).read_bytes().decode(charset)
    for pattern, repl in edits:
        text, made = re.subn(pattern, repl, text, count=1, flags=re.S)
        assert made == 1, pattern
    return text.encode(charset)


def _expected(path: str) -> dict[str, object]:
    return json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_teaser_dates_are_not_borrowed_even_when_relative_dates_resolve() -> None:
    """A dateless full view with «Другие новости» above it: with a fetch time, the cards' "Сегодня, 15:12"
    would resolve; it is still not this article's date."""
    content = _edited(
        "gosweb/novosti_106.html",
        "utf-8",
        (r"\s*<meta itemprop='datePublished' content='2025-12-09 14:55:\d\d' />", ""),
        (r"\s*<span class='item-date tpl-text-alt' title='9 декабря 2025 14:55'>.*?</span>", ""),
        (
            r"(        <!-- Новости: полный вывод объекта -->.*?<!-- /Новости: полный вывод объекта -->\n)"
            r"(        <!-- Блок «Другие новости» -->.*?)(        <!-- Платформа обратной связи)",
            r"\2\1\3",
        ),
    )
    with pytest.raises(ParseError) as caught:
        parse_page(content, site=GOSWEB, url=GOSWEB_URL.format("novosti_106.html"), fetched_at=FETCHED)
    assert caught.value.field == "published_at"


def test_photo_report_without_date_does_not_take_the_next_teaser_date() -> None:
    """novosti_138 has no text, so nothing stops a forward search before the cards below it: with its
    date taken out, the page is refused for `published_at`, never dated by a card."""
    content = _edited(
        "gosweb/novosti_138.html",
        "utf-8",
        (r"\s*<meta itemprop='datePublished' content='[^']+' />", ""),
        (r"\s*<span class='item-date tpl-text-alt' title='[^']+'>.*?</span>", ""),
    )
    with pytest.raises(ParseError) as caught:
        parse_page(content, site=GOSWEB, url=GOSWEB_URL.format("novosti_138.html"), fetched_at=FETCHED)
    assert caught.value.field == "published_at"


def test_body_sentence_about_a_change_is_not_an_updated_stamp() -> None:
    """A paragraph that starts with "Изменено" and holds a date is text, not the page's stamp."""
    sentence = "Изменено расписание приёма: с 1 апреля 2021 года граждан принимают по вторникам."
    content = _edited(
        "gossite/article_4633.html",
        "utf-8",
        (r"(<p style=\"text-align: justify;\">Жителей просят)", f"<p>{sentence}</p>\n\\1"),
    )
    record = parse_page(content, site=GOSSITE, url=GOSSITE_URL.format(4633))
    assert record.updated_at is None
    assert sentence in record.body


def test_updated_stamp_beside_the_text_is_read() -> None:
    content = _edited(
        "gossite/article_4633.html",
        "utf-8",
        (r"(<div class=\"news-item-date fl-l mt10\">31 марта 2021</div>)", r"\1<div>Изменено: 01.04.2021 09:12</div>"),
    )
    record = parse_page(content, site=GOSSITE, url=GOSSITE_URL.format(4633))
    assert record.updated_at == "2021-04-01T09:12:00+03:00"
    assert record.published_at == "2021-03-31T00:00:00+03:00"


def test_only_a_closing_back_link_is_dropped() -> None:
    """A closing "Вернуться к списку" block is template chrome; the same link in the middle of the text,
    or a last paragraph where the link is one part of a sentence, is the editor's."""
    back = '<p><a href="/about/info/news/">Вернуться к списку новостей</a></p>'
    inside = _edited(
        "gossite/article_4633.html",
        "utf-8",
        (r"(<p style=\"text-align: justify;\">Жителей просят)", back + "\n\\1"),
    )
    record = parse_page(inside, site=GOSSITE, url=GOSSITE_URL.format(4633))
    assert "Вернуться к списку новостей" in record.body
    closing = _edited(
        "gosweb/novosti_137.html",
        "utf-8",
        (
            r'(itemprop="articleBody">.*?)(\n    </div>)',
            '\\1\n<p>Подробнее — <a href="/x/">вернуться</a> к разделу.</p>\\2',
        ),
    )
    record = parse_page(closing, site=GOSWEB, url=GOSWEB_URL.format("novosti_137.html"))
    assert record.body[-1] == "Подробнее — вернуться к разделу."


def test_lazy_picture_without_src_is_the_lead_picture() -> None:
    content = _edited(
        "gossite/article_4633.html",
        "utf-8",
        (r'<img src="(/upload/iblock/3c7/[^"]+)"', r'<img data-src="\1"'),
    )
    record = parse_page(content, site=GOSSITE, url=GOSSITE_URL.format(4633))
    assert record.images == _expected("gossite/article_4633.html")["images"]


def _pager(html: str) -> str | None:
    tree = LexborHTMLParser(f"<html><body>{html}</body></html>")
    assert tree.body is not None
    return next_page_by_pager_numbers(tree.body)


def test_number_pager_next_is_the_number_after_the_current_one() -> None:
    assert _pager('<div><a href="?p=1">1</a> <b>2</b> <a href="?p=3">3</a> <a href="?p=4">4</a></div>') == "?p=3"
    assert _pager('<ul><li><a href="?p=1">1</a></li><li class="on"><span>2</span></li></ul>') is None  # last page
    assert _pager('<nav><a href="?p=9" aria-label="Следующая страница"><i></i></a></nav>') == "?p=9"


def test_a_calendar_is_not_a_pager() -> None:
    """A news calendar links every day and shows today as a bare number: no next page there."""
    days = "".join(f'<a href="?day={day}">{day}</a>' if day != 14 else "<span>14</span>" for day in range(1, 31))
    assert _pager(f'<div class="calendar">{days}</div>') is None


def test_list_without_microdata_keeps_the_main_list_only() -> None:
    """Госвеб list cards without microdata: the main list's article links, not «Главное»'s."""
    path = "gosweb/novosti-i-reportazhi.html"
    text = (FIXTURES / path).read_text(encoding="utf-8")
    text = re.sub(r"\s*<meta itemprop='datePublished'[^>]*>", "", text)
    text = text.replace(" itemscope itemtype='https://schema.org/NewsArticle'", "")
    text = re.sub(r""" itemprop=['"][a-zA-Z]+['"]""", "", text)
    links = parse_links(text.encode("utf-8"), site=GOSWEB, url=GOSWEB_URL.format(""))
    expected = _expected(path)
    assert links.articles == expected["articles"]
    assert links.next == expected["next"]


def test_gossite_list_with_element_codes_in_urls() -> None:
    """A site whose SEF template names articles by element code: the list's cards, not the RSS link."""
    path = "gossite/list_p1.html"
    text = (FIXTURES / path).read_text(encoding="utf-8")
    text, made = re.subn(r'href="/about/info/news/(\d+)/"', r'href="/about/info/news/novost-\1/"', text)
    assert made > 10
    text, made = re.subn(r'(<div class="news-list">)', r'\1<a class="rss" href="/about/info/news/rss/">RSS</a>', text)
    assert made == 1  # a feed link in the list: not an article
    links = parse_links(text.encode("utf-8"), site=GOSSITE, url="http://gossite-demo.test/about/info/news/")
    expected = _expected(path)["articles"]
    assert isinstance(expected, list)
    assert links.articles == [re.sub(r"/news/(\d+)/$", r"/news/novost-\1/", url) for url in expected]


@pytest.mark.parametrize("template_h2", [True, False])
def test_editor_sub_heading_h2_is_body_not_title(template_h2: bool) -> None:
    """An editor's <h2> sub-heading is a body entry, whether or not the template printed the headline as
    the text's <h2> (without it, the page's <h1>, which `<title>` names, is the headline)."""
    edits = [(r"(<p style=\"text-align: justify;\">Особое внимание)", "<h2>Подробности</h2>\n\\1")]
    if not template_h2:
        edits.append((r"<h2>В Заречном районе готовятся к весеннему половодью</h2>", ""))
    record = parse_page(
        _edited("gossite/article_4633.html", "utf-8", *edits), site=GOSSITE, url=GOSSITE_URL.format(4633)
    )
    expected = _expected("gossite/article_4633.html")
    body = expected["body"]
    assert isinstance(body, list)
    assert record.title == expected["title"]
    assert record.body == [*body[:3], "Подробности", *body[3:]]


@pytest.mark.parametrize(
    ("path", "url", "before"),
    [
        ("gossite/article_4633.html", GOSSITE_URL.format(4633), r"<p style=\"text-align: justify;\">Особое внимание"),
        ("gosweb/novosti_137.html", GOSWEB_URL.format("novosti_137.html"), r"<p>Лучшие результаты показали:"),
    ],
)
def test_editor_div_of_links_amid_the_text_is_body(path: str, url: str, before: str) -> None:
    """A classed <div> of links to site sections written amid the text is the editor's (template link
    blocks — tags, related news — come after the last paragraph)."""
    div = '<div class="MsoNormal"><a href="/city/sport/">Спорт</a> и <a href="/city/tourism/">Туризм</a></div>\n'
    record = parse_page(
        _edited(path, "utf-8", (f"({before})", div + r"\1")), site=path.split("/", maxsplit=1)[0] + "-demo", url=url
    )
    assert "Спорт и Туризм" in record.body


@pytest.mark.parametrize("breadcrumb", [True, False])
def test_section_name_h1_does_not_displace_the_item_headline(breadcrumb: bool) -> None:
    """A detail page that does not set its own title: Bitrix shows the section's, «Новости», as the
    `<title>` and the `<h1>` (also the breadcrumb's last link, or not). The `.news-item`'s `<h2>` is
    still the headline, and not body."""
    edits = [(r"<title>[^|<]+\|", "<title>Новости |"), (r"<h1>[^<]+</h1>", "<h1>Новости</h1>")]
    if not breadcrumb:
        edits.append((r'(title="Новости">)Новости</a>', r"\1Пресс-служба</a>"))
    content = _edited("gossite/article_4633.html", "utf-8", *edits)
    record = parse_page(content, site=GOSSITE, url=GOSSITE_URL.format(4633))
    expected = _expected("gossite/article_4633.html")
    assert record.title == expected["title"]
    assert record.body == expected["body"]


@pytest.mark.parametrize(
    ("path", "url", "pattern", "repl"),
    [
        (
            "gosweb/novosti_106.html",
            GOSWEB_URL.format("novosti_106.html"),
            r"<img itemprop=\"image\" ",
            "<img itemprop=\"image\" data-src='/netcat_files/thumb_160x120.jpg' ",
        ),
        (
            "gossite/article_4633.html",
            GOSSITE_URL.format(4633),
            r'<img src="(/upload/iblock/3c7/[^"]+)"',
            r'<img data-src="/upload/resize_cache/iblock/3c7/160_120_1/thumb.jpg" src="\1"',
        ),
    ],
    ids=["gosweb", "gossite"],
)
def test_data_src_beside_a_real_src_is_not_the_picture(path: str, url: str, pattern: str, repl: str) -> None:
    """An `<img>` with a real `src` and another address in `data-src` (a thumbnail, a retina copy):
    `src` is the picture; `data-src` counts only for an empty or placeholder `src`."""
    content = _edited(path, "utf-8", (pattern, repl))
    record = parse_page(content, site=path.split("/", maxsplit=1)[0] + "-demo", url=url, fetched_at=FETCHED)
    assert record.images == _expected(path)["images"]
