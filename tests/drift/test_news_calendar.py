"""A news calendar above the list (NetCat's and Bitrix's `news.calendar`): day numbers linked to
`?date=…`, «» and »» to the previous and next month. Its month arrow is not the pager's "next" link
and its day numbers are not page numbers: every list page keeps its articles and its next page."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_links
from pressharvest.decode import decode_with_charset
from pressharvest.sites.landmarks import calendar_href

LIST_PAGES = [page for page in fixture_pages() if page.kind == "list"]

_DAYS = "".join(
    f'<td><a href="?date=2024-03-{day:02d}">{day}</a></td>' + ("</tr><tr>" if day % 7 == 0 else "")
    for day in range(1, 32)
)
CALENDAR = (
    '<div class="news-calendar"><div class="cal-head"><a href="?month=2024-02">«</a> Март 2024 '
    f'<a href="?month=2024-04">»</a></div><table><tr>{_DAYS}</tr></table></div>'
)


@pytest.mark.parametrize("page", LIST_PAGES, ids=lambda page: page.test_id)
def test_a_news_calendar_before_the_list_is_not_its_pager(page: FixturePage) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    content, count = re.subn(r"(<body\b[^>]*>)", lambda match: match.group(1) + CALENDAR, text, count=1)
    assert count == 1
    links = parse_links(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert links.next == expected["next"]
    assert links.articles == expected["articles"]


@pytest.mark.parametrize(
    "href",
    [
        "?month=2024-04",
        "/news/?date=2024-03-05",
        "?arrFilter_DATE_ACTIVE_FROM_1=01.04.2024",
        "/news/?year=2025&m=1",
        "?from=2024-04-01&to=2024-04-30",  # a date range: `from=` with a date is no page offset
    ],
)
def test_calendar_addresses(href: str) -> None:
    assert calendar_href(href)


@pytest.mark.parametrize(
    "href",
    [
        "/news/?PAGEN_1=2",
        "/news/?curPos=34010",
        "/2025/04/page/2/",
        "/news/page-3/",
        "/news/?PAGEN_1=2&SIZEN_1=20",
        "/news/?year=2024&PAGEN_1=2",
        "/news/?date=2024-03&page=3",
    ],
)
def test_pager_addresses_are_no_calendar_addresses(href: str) -> None:
    assert not calendar_href(href)
