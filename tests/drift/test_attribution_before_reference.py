"""The attribution line printed before the «Справочно:» block (the reference then closes the article):
«Пресс-служба …» is still the record's `source`, not the body's last paragraph, and the reference
block after it is unchanged. A body sentence that opens with the same words and ends like a sentence
stays in the body."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

_REFERENCE_PARAGRAPH = re.compile(
    r"<p\b[^>]*>(?:(?!</p>).)*?(?:Справочно|Справка|Для справки)\s*:(?:(?!</p>).)*?</p>", re.S
)


def _paragraph_of(text: str, line: str) -> re.Match[str] | None:
    return re.search(r"<p\b[^>]*>\s*(?:<[^>]+>\s*)*" + re.escape(line) + r"\s*(?:</[^>]+>\s*)*</p>", text)


def _pages() -> list[FixturePage]:
    pages = []
    for page in fixture_pages():
        if page.kind != "article" or page.folder.name.endswith("-drift"):
            continue
        expected = page.expected()
        if not expected.get("reference") or not expected.get("source"):
            continue
        text = decode_with_charset(page.path.read_bytes())[0]
        source, reference = _paragraph_of(text, expected["source"]), _REFERENCE_PARAGRAPH.search(text)
        if source and reference and reference.end() <= source.start():
            pages.append(page)
    return pages


PAGES = _pages()


def _source_moved_before_reference(text: str, source_line: str) -> str:
    source = _paragraph_of(text, source_line)
    assert source is not None
    without = text[: source.start()] + text[source.end() :]
    reference = _REFERENCE_PARAGRAPH.search(without)
    assert reference is not None
    return without[: reference.start()] + source.group(0) + "\n" + without[reference.start() :]


def test_pages_of_every_kaluga_family_are_covered() -> None:
    assert {page.folder.name for page in PAGES} >= {"admoblkaluga", "gossite", "gosweb"}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.test_id)
def test_attribution_before_the_reference_block_is_the_source(page: FixturePage) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    content = _source_moved_before_reference(text, expected["source"])
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert record.source == expected["source"]
    assert record.body == expected["body"]
    assert record.reference == expected["reference"]


@pytest.mark.parametrize(
    "sentence",
    ["Пресс-служба администрации напоминает: приём граждан ведётся по предварительной записи.",
     "Пресс-центр министерства сообщит о сроках подачи заявок дополнительно.",
     # A sentence whose full stop is missing, or stands inside its closing mark or bracket: its verb
     # tells it from a signature.
     "Пресс-служба администрации работает в обычном режиме",
     "Пресс-центр напоминает о новостях в группе во «ВКонтакте»",
     "Источник: возбуждено уголовное дело (ч. 1 ст. 286 УК РФ)"],
)  # fmt: skip
def test_a_sentence_opening_with_the_words_before_the_reference_stays_in_the_body(sentence: str) -> None:
    page = PAGES[0]
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    source = _paragraph_of(text, expected["source"])
    assert source is not None
    without = text[: source.start()] + text[source.end() :]
    reference = _REFERENCE_PARAGRAPH.search(without)
    assert reference is not None
    content = without[: reference.start()] + f"<p>{sentence}</p>\n" + without[reference.start() :]
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert record.source is None
    assert record.body == [*expected["body"], sentence]
    assert record.reference == expected["reference"]
