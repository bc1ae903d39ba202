"""A picture credit on the line after the attribution («Пресс-служба …» then «Фото: Иван Смирнов»):
the attribution is still the record's `source`, and the credit is neither body nor reference. A
credit line with no attribution before it is a caption, kept in the body; «Фото и текст: …» is
itself the attribution."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset


def _source_paragraph(text: str, line: str) -> re.Match[str] | None:
    return re.search(r"<p\b[^>]*>\s*(?:<[^>]+>\s*)*" + re.escape(line) + r"\s*(?:</[^>]+>\s*)*</p>", text)


def _with_source_paragraph(*, drift: bool) -> list[FixturePage]:
    return [
        page
        for page in fixture_pages()
        if page.kind == "article"
        and page.folder.name.endswith("-drift") == drift
        and page.expected().get("source")
        and _source_paragraph(decode_with_charset(page.path.read_bytes())[0], page.expected()["source"])
    ]


WITH_SOURCE = _with_source_paragraph(drift=False)
# Redesigned pages too: there the attribution may sit in a wrapper of its own after the text field.
DRIFT_WITH_SOURCE = _with_source_paragraph(drift=True)
CREDITS = ["Фото: Иван Смирнов", "Фото – пресс-служба администрации", "Видео: Мария Иванова"]


def _with_line_after_source(page: FixturePage, line: str) -> bytes:
    text, charset = decode_with_charset(page.path.read_bytes())
    source = _source_paragraph(text, page.expected()["source"])
    assert source is not None
    return (text[: source.end()] + f"\n<p>{line}</p>" + text[source.end() :]).encode(charset)


def test_pages_of_every_family_are_covered() -> None:
    assert {page.folder.name for page in WITH_SOURCE} >= {"admobninsk", "admoblkaluga", "gossite", "gosweb"}


@pytest.mark.parametrize("credit", CREDITS)
@pytest.mark.parametrize("page", WITH_SOURCE + DRIFT_WITH_SOURCE, ids=lambda page: page.test_id)
def test_a_picture_credit_after_the_attribution_is_no_text(page: FixturePage, credit: str) -> None:
    record = parse_page(_with_line_after_source(page, credit), site=page.site, url=page.url)
    expected = page.expected()
    assert record.source == expected["source"]
    assert record.body == expected["body"]
    assert record.reference == expected["reference"]


def test_a_credit_ending_the_text_without_attribution_is_a_caption() -> None:
    page = next(page for page in WITH_SOURCE if not page.expected()["reference"])
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    source = _source_paragraph(text, expected["source"])
    assert source is not None
    content = text[: source.start()] + "<p>Фото: Иван Смирнов</p>" + text[source.end() :]
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert record.source is None
    assert record.body == [*expected["body"], "Фото: Иван Смирнов"]


def test_photo_and_text_credit_is_the_attribution() -> None:
    page = next(page for page in WITH_SOURCE if not page.expected()["reference"])
    record = parse_page(_with_line_after_source(page, "Фото и текст: Мария Иванова"), site=page.site, url=page.url)
    expected = page.expected()
    assert record.source == "Фото и текст: Мария Иванова"
    assert record.body == [*expected["body"], expected["source"]]
