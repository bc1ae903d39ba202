"""A WordPress theme that prints the publication date as text only (no `datetime`, no
`article:published_time` meta), in the forms the site's date and time format settings give:
«19.04.2025 в 11:20», «11:20, 19.04.2025», «19.04.2025 | 11:20», «19 апреля 2025 в 11:20». The
time is kept; a line led by the time is found as well."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

ARTICLES = [page for page in fixture_pages() if page.folder.name == "wordpress" and page.kind == "article"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря"]  # fmt: skip
FORMATS = {
    "dotted-v": "{d:02d}.{m:02d}.{y} в {t}",
    "time-first": "{t}, {d:02d}.{m:02d}.{y}",
    "dotted-bar": "{d:02d}.{m:02d}.{y} | {t}",
    "words-v": "{d} {month} {y} в {t}",
}
_PUBLISHED_TIME = re.compile(r'<time class="entry-date published" datetime="[^"]*">[^<]*</time>')
_META = re.compile(r'<meta property="article:published_time"[^>]*>')


@pytest.mark.parametrize("shape", FORMATS)
@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_a_text_only_date_keeps_its_time(page: FixturePage, shape: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    y, m, d = (int(part) for part in expected["published_at"][:10].split("-"))
    line = FORMATS[shape].format(d=d, m=m, y=y, month=MONTHS[m - 1], t=expected["published_at"][11:16])
    content, count = _PUBLISHED_TIME.subn(line, text, count=1)
    assert count == 1
    content = _META.sub("", content)
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert record.published_at == expected["published_at"]
    assert record.body == expected["body"]
