"""Госвеб relative dates ("Сегодня, 16:04", "Вчера, 09:12") resolve in the site's zone (Europe/Samara,
UTC+4) against the fetch time — never the machine's clock or zone — and without a fetch time the page is
refused naming `published_at`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pressharvest import parse_page
from pressharvest.errors import ParseError
from tests.conftest import FIXTURES, ROOT

SITE = "gosweb-demo"
URL = "https://zarechye-r00.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/novosti_141.html"
SOURCE = FIXTURES / "gosweb" / "novosti_141.html"


def relative_variant(shown: str) -> bytes:
    """novosti_141 with the article's only date relative: its datePublished meta removed and the date
    span showing `shown` with no absolute `title`. The "Другие новости" cards keep their own dates."""
    html = SOURCE.read_text(encoding="utf-8")
    html, metas = re.subn(r"<meta itemprop='datePublished' content='2026-01-20 15:12:40' />", "", html, count=1)
    span = r"<span class='item-date tpl-text-alt' title='20 января 2026 15:12'>\s*20 января 2026 15:12\s*</span>"
    html, spans = re.subn(span, f"<span class='item-date tpl-text-alt'>{shown}</span>", html, count=1)
    assert (metas, spans) == (1, 1), "the reference page changed: update the variant"
    assert "20 января 2026 15:12" not in html and "2026-01-20 15:12" not in html
    return html.encode("utf-8")


@pytest.mark.parametrize(
    ("shown", "fetched_at", "expected"),
    [
        # 12:30 UTC is 16:30 in Samara, the same day.
        ("Сегодня, 16:04", datetime(2026, 1, 20, 12, 30, tzinfo=UTC), "2026-01-20T16:04:00+04:00"),
        # 21:30 UTC on the 20th is already 01:30 on the 21st in Samara: "today" is the 21st there.
        ("Сегодня, 00:15", datetime(2026, 1, 20, 21, 30, tzinfo=UTC), "2026-01-21T00:15:00+04:00"),
        ("Вчера, 09:12", datetime(2026, 1, 20, 21, 30, tzinfo=UTC), "2026-01-20T09:12:00+04:00"),
        ("Вчера, 09:12", datetime(2026, 1, 20, 12, 30, tzinfo=UTC), "2026-01-19T09:12:00+04:00"),
        # Across a month boundary.
        ("Вчера, 23:59", datetime(2026, 3, 1, 6, 0, tzinfo=UTC), "2026-02-28T23:59:00+04:00"),
    ],
)
def test_relative_date_resolves_in_the_site_zone(shown: str, fetched_at: datetime, expected: str) -> None:
    record = parse_page(relative_variant(shown), site=SITE, url=URL, fetched_at=fetched_at)
    assert record.published_at == expected
    # Everything else is the reference record: only the date changed.
    got = record.model_dump(mode="json")
    want = json.loads((FIXTURES / "gosweb" / "novosti_141.html.expected.json").read_text(encoding="utf-8"))
    skip = {"published_at", "provenance"}
    assert {k: v for k, v in got.items() if k not in skip} == {k: v for k, v in want.items() if k not in skip}


def test_fetch_time_in_another_offset_is_the_same_moment() -> None:
    moment = datetime(2026, 1, 20, 12, 30, tzinfo=UTC)
    other = moment.astimezone(datetime.fromisoformat("2026-01-20T00:00:00-08:00").tzinfo)
    page = relative_variant("Сегодня, 16:04")
    assert parse_page(page, site=SITE, url=URL, fetched_at=other).published_at == "2026-01-20T16:04:00+04:00"


def test_without_fetch_time_the_page_is_refused_naming_published_at() -> None:
    with pytest.raises(ParseError) as caught:
        parse_page(relative_variant("Сегодня, 16:04"), site=SITE, url=URL)
    assert caught.value.field == "published_at"
    assert "\n" not in str(caught.value) and URL in str(caught.value)


_CHILD = """
import sys
from datetime import datetime
from pathlib import Path
from pressharvest import parse_page
from pressharvest.errors import ParseError
page = Path(sys.argv[1]).read_bytes()
fetched = datetime.fromisoformat("2026-01-20T21:30:00+00:00")
print(parse_page(page, site="gosweb-demo", url=sys.argv[2], fetched_at=fetched).published_at)
try:
    parse_page(page, site="gosweb-demo", url=sys.argv[2])
except ParseError as exc:
    print("refused", exc.field)
"""


@pytest.mark.parametrize("machine_zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_machine_zone_does_not_matter(machine_zone: str, tmp_path: Path) -> None:
    page = tmp_path / "relative.html"
    page.write_bytes(relative_variant("Вчера, 09:12"))
    env = {**os.environ, "TZ": machine_zone}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(page), URL], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    # Resolved in Samara against the fetch time; with no fetch time refused, not resolved against the
    # machine's clock (which is not in January 2026) or zone.
    assert done.stdout.split("\n")[:2] == ["2026-01-20T09:12:00+04:00", "refused published_at"]
