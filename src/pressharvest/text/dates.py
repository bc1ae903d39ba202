"""Russian dates as administration pages print them, resolved in the site's IANA time zone.

Understood forms (anywhere in a line of text):
    15 июля 2020 года 07:29      15 июля 2020, 07:29      3 февраля 2025 года      1 марта 2021
    26 дек. 2012 09:30           31 дек 2024              (month words cut short)
    17.11.2024 22:13             07.05.2021               26.12.12 09:30 (a two-digit year: 2012)
    2026-01-20 15:12:00 (microdata, local time)
    Сегодня, 16:04               Вчера, 09:12             (against the fetch time, in the site's zone)
Times are cut to minutes (never rounded); a date without a time is midnight of that day. zoneinfo
carries the zone's history, so Moscow dates between 2011-03-27 and 2014-10-26 get +04:00.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
# A month as pages write it: the word in the genitive or the nominative («декабря», «декабрь»), or
# cut short, with or without a full stop («дек», «дек.», «сент.», «февр.»). Not followed by a letter.
MONTH_WORD = (
    r"(?:январ[ья]|янв|феврал[ья]|февр?|марта?|мар|апрел[ья]|апр|ма[йя]|июн[ья]?|июл[ья]?|августа?|авг|"
    r"сентябр[ья]|сент?|октябр[ья]|окт|ноябр[ья]|нояб?|декабр[ья]|дек)(?![а-яё])\.?"
)
_MONTH_WORD = "(" + MONTH_WORD.removesuffix("\\.?") + ")\\.?"
_TIME = r"(?:\s*(?:года|г\.)?\s*(?:,|в)?\s*(\d{1,2})[:.](\d{2})(?::\d{2})?)?"
_WORDY = re.compile(r"(?<!\d)(\d{1,2})\s+" + _MONTH_WORD + r"\s+(\d{4})" + _TIME, re.I)
# The time after a dotted date: «10:00», or «10.00» as Russian texts also write it, the full stop
# then taken for the time's only when two digits follow and nothing more (not «12.08.2020», the
# second date of a range).
_DOTTED_TIME = r"(?:\s*(?:г\.)?\s*,?\s*(\d{1,2})(?::|\.(?=\d{2}(?![.\d])))(\d{2}))?"
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})" + _DOTTED_TIME)
# A two-digit year (`26.12.12`), read as `%y` does (00-68 → 2000-2068): only with the day and month
# written in two digits, nothing but a space or the end after it, and only where the text holds no
# other date (a section number «1.2.15», a version «2.10.15» or a phone «5.12.34» is none).
_DOTTED_SHORT = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.(\d{2})(?![\d.])" + _DOTTED_TIME)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
_RELATIVE = re.compile(r"(сегодня|вчера|позавчера)\s*,?\s*(?:в\s*)?(\d{1,2}):(\d{2})", re.I)
_RELATIVE_OFFSET = {"сегодня": 0, "вчера": 1, "позавчера": 2}


@dataclass(frozen=True)
class FoundDate:
    """A date found in text, with whether the text gave a time of day."""

    value: datetime
    has_time: bool


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    for stem, number in MONTHS.items():
        if word.startswith(stem) and (stem != "ма" or word in ("мая", "май")):
            return number
    raise ValueError(word)


# Every spelling _MONTH_WORD matches, lower-cased, with its month (as `_month` reads it): one lookup
# for the common case; case-folding variants re.I also matches go through `_month`.
_MONTH_OF = {
    word: _month(word)
    for stem in ("январ", "феврал", "апрел", "июн", "июл", "сентябр", "октябр", "ноябр", "декабр")
    for word in (stem + "ь", stem + "я")
} | {
    word: _month(word)
    for word in ("март", "марта", "май", "мая", "август", "августа", "июн", "июл", "янв", "фев", "февр", "мар",
                 "апр", "авг", "сен", "сент", "окт", "ноя", "нояб", "дек")
}  # fmt: skip


def _local(day: date, hour: int | None, minute: int | None, tz: ZoneInfo) -> FoundDate | None:
    try:
        clock = time(hour or 0, minute or 0)
    except ValueError:
        return None
    return FoundDate(datetime.combine(day, clock, tzinfo=tz), hour is not None)


def _day(year: int, month: int, day_of_month: int) -> date | None:
    try:
        return date(year, month, day_of_month)
    except ValueError:
        return None


def _wordy_day(match: re.Match[str]) -> date | None:
    word = match.group(2)
    return _day(int(match.group(3)), _MONTH_OF.get(word.lower()) or _month(word), int(match.group(1)))


def _dotted_day(match: re.Match[str]) -> date | None:
    year = int(match.group(3))
    if len(match.group(3)) == 2:
        year += 2000 if year <= 68 else 1900
    return _day(year, int(match.group(2)), int(match.group(1)))


def find_date(text: str, tz: ZoneInfo, *, now: datetime | None = None) -> FoundDate | None:
    """The first date written in `text`, in zone `tz`; relative words need `now` (the fetch time)."""
    candidates: list[tuple[int, FoundDate]] = []
    # A pattern that cannot match is not run: a month word or a relative one holds a non-ASCII
    # letter (and so does any text re.I matches them in), a dotted date a dot, an ISO date a hyphen.
    wordy = not text.isascii()
    for pattern, day_of in ((_WORDY, _wordy_day), (_DOTTED, _dotted_day)):
        if wordy if pattern is _WORDY else "." in text:
            candidates += _first_day(pattern, day_of, text, tz)
    if "-" in text:
        for match in _ISO.finditer(text):
            found = _iso(match, tz)
            if found:
                candidates.append((match.start(), found))
                break
    if not candidates and "." in text:
        candidates += _first_day(_DOTTED_SHORT, _dotted_day, text, tz)
    relative = _RELATIVE.search(text) if now is not None and wordy else None
    if now is not None and relative is not None:
        today = now.astimezone(tz).date()
        day = today - timedelta(days=_RELATIVE_OFFSET[relative.group(1).lower()])
        found = _local(day, int(relative.group(2)), int(relative.group(3)), tz)
        if found:
            candidates.append((relative.start(), found))
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0][1]
    return min(candidates, key=lambda item: item[0])[1]


def _first_day(
    pattern: re.Pattern[str], day_of: Callable[[re.Match[str]], date | None], text: str, tz: ZoneInfo
) -> list[tuple[int, FoundDate]]:
    """The first match of a day pattern (groups 4 and 5: the time) that names a real day, with its
    position: [] when the first such day has an impossible time, or there is none."""
    for match in pattern.finditer(text):
        day = day_of(match)
        if day:
            hour = int(match.group(4)) if match.group(4) else None
            minute = int(match.group(5)) if match.group(5) else None
            found = _local(day, hour, minute, tz)
            return [(match.start(), found)] if found else []
    return []


def _iso(match: re.Match[str], tz: ZoneInfo) -> FoundDate | None:
    day = _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if not day:
        return None
    hour = int(match.group(4)) if match.group(4) else None
    minute = int(match.group(5)) if match.group(5) else None
    found = _local(day, hour, minute, tz)
    if found and match.group(6):
        # An explicit offset: the instant is fixed, shown in the site's zone.
        offset = match.group(6)
        text = f"{day.isoformat()}T{hour or 0:02d}:{minute or 0:02d}:00" + (
            "+00:00" if offset == "Z" else offset[:3] + ":" + offset[-2:]
        )
        try:
            return FoundDate(datetime.fromisoformat(text).astimezone(tz), hour is not None)
        except ValueError:
            return None
    return found


def parse_iso_local(text: str, tz: ZoneInfo) -> FoundDate | None:
    """A machine date (`2026-01-20 15:12:00`, `2020-07-15T07:29:00+03:00`): local to `tz` without an offset."""
    match = _ISO.search(text.strip())
    return _iso(match, tz) if match else None


def iso_minutes(moment: datetime) -> str:
    """ISO 8601 with offset, seconds cut: `2020-07-15T07:29:00+03:00`."""
    if moment.second or moment.microsecond:
        moment = moment.replace(second=0, microsecond=0)
    return moment.isoformat()
