"""A template printing the date line under the text («Опубликовано: 26.12.2012 09:30» at the article's
foot) rather than by the headline: on each family's page whose date class is renamed (the date found by
its landmarks) the line moved below the body still gives the publication time, and is no body text.
Only a publication label counts there: an event's «Дата проведения: …» or a bare «Дата: …» under the
text is no publication date (the page is refused naming the field)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from tests.conftest import FIXTURES
from tests.drift.test_date_line_shapes import PAGES

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset
from pressharvest.errors import ParseError


def _moved(path: str, line: str, label: str, after: str = "") -> tuple[str, str, dict[str, object]]:
    """The page with its date line taken from the top and `label` + the date (+ `after`) printed after
    the body."""
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    expected = json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))
    moment = datetime.fromisoformat(expected["published_at"])
    shown = moment.strftime("%d.%m.%Y %H:%M") if (moment.hour, moment.minute) != (0, 0) else moment.strftime("%d.%m.%Y")
    # After the element holding the last body words written as they read (the end of the text).
    at = max(text.rfind(entry[-12:]) for entry in expected["body"])  # type: ignore[attr-defined]
    end = text.find(">", text.find("</", at)) + 1
    assert line in text and at > 0 and end > 0
    content = text[:end] + f'<div class="news-published">{label} {shown}{after}</div>' + text[end:]
    return content.replace(line, "", 1), charset, expected


@pytest.mark.parametrize("label", ["Опубликовано:", "Дата публикации:", "Размещено"])
@pytest.mark.parametrize(("path", "line", "site", "url"), PAGES, ids=[page[0] for page in PAGES])
def test_a_date_line_under_the_text(path: str, line: str, site: str, url: str, label: str) -> None:
    content, charset, expected = _moved(path, line, label)
    record = parse_page(content.encode(charset), site=site, url=url)
    assert (record.published_at, record.body) == (expected["published_at"], expected["body"])


@pytest.mark.parametrize("label", ["Дата проведения:", "Дата:"])
def test_another_date_under_the_text_is_no_publication_date(label: str) -> None:
    path, line, site, url = PAGES[0]
    content, charset, _ = _moved(path, line, label)
    with pytest.raises(ParseError, match="published_at"):
        parse_page(content.encode(charset), site=site, url=url)


# The families that read a publication line under the text only by `published_line_below` (NetCat,
# Kaluga); Bitrix and Госвеб read a label line anywhere in the article by their older rule first.
BELOW_ONLY = [page for page in PAGES if page[0].startswith(("admobninsk", "admoblkaluga"))]


@pytest.mark.parametrize("after", [" в газете «Вестник Обнинска»", ", газета «Вестник Обнинска» № 51"])
@pytest.mark.parametrize(("path", "line", "site", "url"), BELOW_ONLY, ids=[page[0] for page in BELOW_ONLY])
def test_a_line_saying_more_than_the_date_is_no_publication_date(
    path: str, line: str, site: str, url: str, after: str
) -> None:
    """«Опубликовано: 20.12.2012 в газете «Вестник Обнинска»» under the text names where the text was
    printed first: only a label, a date and its time make the line below the text a date line (the page
    is refused naming the field, as before the line below the text was read)."""
    content, charset, _ = _moved(path, line, "Опубликовано:", after)
    with pytest.raises(ParseError, match="published_at"):
        parse_page(content.encode(charset), site=site, url=url)
