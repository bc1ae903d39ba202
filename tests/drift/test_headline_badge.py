"""A redesign that sets the headline in an `<h2>` with a badge after it («Официально») still finds the
headline by the page's `og:title`, and so the date line under it: the record is not lost."""

from __future__ import annotations

import json

import pytest
from tests.conftest import FIXTURES

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset
from pressharvest.errors import ParseError

PATH = "admoblkaluga-drift/article-21937-h2-hashed.html"
URL = "https://minobr.admoblkaluga.ru/news/21937/"
HEADING = "<h2>Более 40 школ региона получат оборудование для кабинетов химии, физики и биологии</h2>"


BADGES = ['<small class="badge">Официально</small>', " <sup>Видео</sup>", "<mark>Важно</mark>"]


@pytest.mark.parametrize("badge", BADGES)
def test_headline_with_a_badge_is_still_the_headline(badge: str) -> None:
    text, charset = decode_with_charset((FIXTURES / PATH).read_bytes())
    assert HEADING in text
    content = text.replace(HEADING, HEADING.replace("</h2>", badge + "</h2>"), 1)
    record = parse_page(content.encode(charset), site="admoblkaluga-minobr", url=URL)
    expected = json.loads((FIXTURES / (PATH + ".expected.json")).read_text(encoding="utf-8"))
    assert record.published_at == expected["published_at"]
    assert record.title.startswith(expected["title"])
    assert record.body == expected["body"]


def test_a_heading_without_a_badge_does_not_stand_for_a_missing_og_title() -> None:
    """With no `og:title`, a heading is the headline only when `<title>` names it, badge or not."""
    text, charset = decode_with_charset((FIXTURES / PATH).read_bytes())
    content = text.replace('property="og:title"', 'property="og:description"', 1)
    content = content.replace(HEADING, "<h2>Ещё один подзаголовок страницы</h2>", 1)
    with pytest.raises(ParseError) as refused:
        parse_page(content.encode(charset), site="admoblkaluga-minobr", url=URL)
    assert refused.value.field in ("title", "published_at")
