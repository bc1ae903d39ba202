"""Table tags that make lexbor quadratic are refused before parsing (found by the hardening bench:
a mutated page with 20,000 <tr> in 1.5 MB of text took 35–55 s of CPU)."""

from __future__ import annotations

import time

import pytest

from pressharvest.errors import ParseError
from pressharvest.parse import parse_page
from tests.conftest import FIXTURES

SEED = (FIXTURES / "admobninsk" / "seed_news_20318.html").read_bytes()
URL = "https://admobninsk.ru/news/2020/07/15/news_20318.html"
TEXT = "Администрация города сообщает о «проекте», – сказал он. ".encode()


def _with(inserted: bytes) -> bytes:
    at = SEED.index(b'<p style="text-align: justify;">14')
    return SEED[:at] + inserted + SEED[at:]


@pytest.mark.parametrize(
    ("opening", "why"),
    [(b"<b>" * 1000, "outside any table"), (b"<table>" * 1000, "table rows")],
)
def test_rows_by_the_thousand_are_refused_quickly(opening: bytes, why: str) -> None:
    page = _with(opening + TEXT * 20_000 + b"<tr>x</tr>" * 20_000)
    started = time.process_time()
    with pytest.raises(ParseError) as caught:
        parse_page(page, site="admobninsk", url=URL)
    assert caught.value.field == "body" and why in str(caught.value)
    assert time.process_time() - started < 5.0  # CPU seconds; it took 40–55 s before the check


def test_a_real_table_still_parses() -> None:
    rows = b"".join(b"<tr><td>%d</td><td>row</td><td>x</td></tr>" % i for i in range(2000))
    record = parse_page(_with(b"<table>" + rows + b"</table>"), site="admobninsk", url=URL)
    assert "0 | row | x" in record.body and "1999 | row | x" in record.body
