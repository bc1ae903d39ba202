"""Date lines a redesign writes in other shapes, on pages whose date class is renamed (so the date is
found by its landmarks): led by a short weekday («пн, 26 декабря 2012»), by the time
(«09:30 | 26.12.2012»), with the time written with a full stop («26.12.2012, 09.30»), split into
elements of their own (`<span>26</span> <span>декабря</span> <span>2012</span>`), with the month cut
short («26 дек. 2012») or a two-digit year («26.12.12»). Each family's renamed page must still give its
own publication time. And a rating written with its plus sign («Рейтинг новости: +3»)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from tests.conftest import FIXTURES

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря"]  # fmt: skip
WEEKDAYS = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]

# (page, its date line as printed, site, url)
PAGES = [
    ("admobninsk-drift/news_119-ids.html", '<div id="news-date">26 декабря 2012 года 09:30</div>', "admobninsk",
     "https://admobninsk.ru/news/2012/12/26/news_119.html"),
    ("admoblkaluga-drift/article-21937-renamed.html", '<div class="article-meta__date">3 февраля 2025 года</div>',
     "admoblkaluga-minobr", "https://minobr.admoblkaluga.ru/news/21937/"),
    ("gossite-drift/article_4633-renamed.html", '<div class="article-date">31 марта 2021</div>', "gossite-demo",
     "http://gossite-demo.test/about/info/news/4633/"),
    ("gosweb-drift/novosti_122-no-meta-date.html", '<span class="news-date">31 декабря 2025, 16:45</span>',
     "gosweb-demo", "https://zarechye-r00.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/novosti_122.html"),
]  # fmt: skip


def _shapes(moment: datetime, with_time: bool) -> dict[str, str]:
    day, month, year, clock = moment.day, MONTHS[moment.month - 1], moment.year, moment.strftime("%H:%M")
    dotted = moment.strftime("%d.%m.%Y")
    return {
        "short weekday": f"{WEEKDAYS[moment.weekday()]}, {day} {month} {year}" + (f", {clock}" if with_time else ""),
        "time first": f"{clock} | {dotted}" if with_time else f"{WEEKDAYS[moment.weekday()]}. {dotted}",
        "spans": f"<span>{day}</span> <span>{month}</span> <span>{year}</span>"
        + (f" <span>{clock}</span>" if with_time else ""),
        "spans run together": f"<span>{day}</span><span>&nbsp;{month}&nbsp;</span><span>{year}</span>",
        "month cut short": f"{day} {month[:3]}. {year}" + (f" {clock}" if with_time else ""),
        "two-digit year": moment.strftime("%d.%m.%y") + (f" {clock}" if with_time else ""),
        "time with a full stop": dotted + (f", {clock.replace(':', '.')}" if with_time else ""),
    }


SHAPES = [
    "short weekday", "time first", "spans", "spans run together", "month cut short", "two-digit year",
    "time with a full stop",
]  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("path", "line", "site", "url"), PAGES, ids=[page[0] for page in PAGES])
def test_date_line_shapes_on_renamed_pages(path: str, line: str, site: str, url: str, shape: str) -> None:
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    expected = json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))["published_at"]
    moment = datetime.fromisoformat(expected)
    with_time = (moment.hour, moment.minute) != (0, 0)
    if shape == "spans run together" and with_time:
        expected = moment.replace(hour=0, minute=0).isoformat()  # this shape is written without the time
    opening, closing = line[: line.index(">") + 1], line[line.rindex("<") :]
    assert line in text
    content = text.replace(line, opening + _shapes(moment, with_time)[shape] + closing, 1)
    assert parse_page(content.encode(charset), site=site, url=url).published_at == expected


@pytest.mark.parametrize(("value", "expected"), [("+3", 3), ("3", 3), ("−3", -3), ("-12", -12), ("+ 7", 7)])
def test_rating_with_its_sign_on_a_renamed_page(value: str, expected: int) -> None:
    path = "admobninsk-drift/news_119-ids.html"
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    widget = 'Рейтинг новости: <span class="news_rating_val">3</span>'
    assert widget in text
    content = text.replace(widget, f'Рейтинг новости: <span class="news_rating_val">{value}</span>', 1)
    record = parse_page(content.encode(charset), site="admobninsk", url=PAGES[0][3])
    assert record.rating == expected
