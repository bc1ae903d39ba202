from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pressharvest.text.dates import find_date, iso_minutes, parse_iso_local, zone

MOSCOW = zone("Europe/Moscow")
SAMARA = zone("Europe/Samara")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 июля 2020 года 07:29", "2020-07-15T07:29:00+03:00"),
        ("3 февраля 2025 года", "2025-02-03T00:00:00+03:00"),
        ("17.11.2024 22:13", "2024-11-17T22:13:00+03:00"),
        ("обновлено 17.11.2024 22:13", "2024-11-17T22:13:00+03:00"),
        ("изменено 07.05.2021", "2021-05-07T00:00:00+03:00"),
        ("1 марта 2021", "2021-03-01T00:00:00+03:00"),
        ("15 мая 2020, 09:05", "2020-05-15T09:05:00+03:00"),
        ("31 декабря 2012 года 13:00", "2012-12-31T13:00:00+04:00"),  # Moscow was UTC+4 then
        ("26 октября 2014 года 12:00", "2014-10-26T12:00:00+03:00"),  # back to UTC+3 that night
        ("26 марта 2011 года 12:00", "2011-03-26T12:00:00+03:00"),
        ("Опубликовано: 9 января 2026 15:40", "2026-01-09T15:40:00+03:00"),
        # month words cut short, with or without a full stop
        ("26 дек. 2012 09:30", "2012-12-26T09:30:00+04:00"),
        ("31 дек 2024", "2024-12-31T00:00:00+03:00"),
        ("3 февр. 2025 года", "2025-02-03T00:00:00+03:00"),
        ("1 сент. 2021, 10:00", "2021-09-01T10:00:00+03:00"),
        ("5 Янв 2026", "2026-01-05T00:00:00+03:00"),
        ("12 нояб. 2025", "2025-11-12T00:00:00+03:00"),
        # a two-digit year reads as %y does
        ("26.12.12 09:30", "2012-12-26T09:30:00+04:00"),
        ("07.05.21", "2021-05-07T00:00:00+03:00"),
        ("01.02.99", "1999-02-01T00:00:00+03:00"),
        # a two-digit "year" never beats a full date, and needs a two-digit day and month
        ("Версия 2.10.15 от 26.12.2012", "2012-12-26T00:00:00+04:00"),
        ("Рейтинг 1.5.10 12 мая 2020", "2020-05-12T00:00:00+03:00"),
        ("тел. 5.12.34, 26 декабря 2012", "2012-12-26T00:00:00+04:00"),
        # the time written with a full stop after a dotted date, never the next date of a range
        ("15.07.2020, 07.29", "2020-07-15T07:29:00+03:00"),
        ("обновлено 26.12.2012 09.41", "2012-12-26T09:41:00+04:00"),
        ("15.07.2020 12.08.2020", "2020-07-15T00:00:00+03:00"),
        ("15.07.2020 12.08.", "2020-07-15T00:00:00+03:00"),
    ],
)
def test_russian_dates_in_moscow(text: str, expected: str) -> None:
    found = find_date(text, MOSCOW)
    assert found is not None
    assert iso_minutes(found.value) == expected


def test_time_of_day_is_reported() -> None:
    with_time = find_date("15 июля 2020 года 07:29", MOSCOW)
    without = find_date("15 июля 2020 года", MOSCOW)
    assert with_time is not None and with_time.has_time
    assert without is not None and not without.has_time


def test_seconds_are_cut_not_rounded() -> None:
    found = parse_iso_local("2026-01-19 11:20:55", SAMARA)
    assert found is not None
    assert iso_minutes(found.value) == "2026-01-19T11:20:00+04:00"


def test_explicit_offset_is_shown_in_site_zone() -> None:
    found = parse_iso_local("2026-01-19T07:20:00Z", SAMARA)
    assert found is not None
    assert iso_minutes(found.value) == "2026-01-19T11:20:00+04:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Сегодня, 16:04", "2026-01-20T16:04:00+04:00"), ("Вчера, 09:12", "2026-01-19T09:12:00+04:00")],
)
def test_relative_dates_resolve_against_fetch_time_in_site_zone(text: str, expected: str) -> None:
    # 21:30 UTC on the 19th is already the 20th in Samara (UTC+4).
    fetched = datetime(2026, 1, 19, 21, 30, tzinfo=UTC)
    found = find_date(text, SAMARA, now=fetched)
    assert found is not None
    assert iso_minutes(found.value) == expected


def test_relative_date_without_fetch_time_is_not_a_date() -> None:
    assert find_date("Сегодня, 16:04", SAMARA) is None


@pytest.mark.parametrize(
    "text",
    [
        "31 февраля 2020 года", "45.13.2020", "нет даты", "2020 год", "25:99", "1 декады 2020", "1.2.345",
        "3 мартовских 2020", "1.2.15. Порядок", "п. 5.12.34", "26.12.12.5",
    ],
)
def test_impossible_or_missing_dates(text: str) -> None:
    assert find_date(text, MOSCOW) is None


def test_unknown_zone_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        zone("Europe/Atlantis")
