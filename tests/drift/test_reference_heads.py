"""The reference block's heading as editors write it besides «Справочно:»: «СПРАВОЧНО:», «Справочно.»,
«Справка –», «Справочная информация:», «Для справки —». Every reference article of the families keeps
its reference block and body when its heading is rewritten so."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

_HEAD = re.compile(r"(Справочно|Справка|Для справки):")
WITH_REFERENCE = [
    page
    for page in fixture_pages()
    if page.kind == "article"
    and not page.folder.name.endswith("-drift")
    and page.expected().get("reference")
    and _HEAD.search(decode_with_charset(page.path.read_bytes())[0])
]
HEADS = ["СПРАВОЧНО:", "Справочно.", "Справка –", "Справочная информация:", "Для справки —", "справочно:"]


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("page", WITH_REFERENCE, ids=lambda page: page.test_id)
def test_reference_heading_in_other_spellings(page: FixturePage, head: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    record = parse_page(_HEAD.sub(head, text, count=1).encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert record.reference == expected["reference"]
    assert record.body == expected["body"]


@pytest.mark.parametrize(
    "sentence",
    ["Справка – документ, который МФЦ выдаёт бесплатно.", "Справочно. Так в тексте начинается фраза.",
     "Справка — форма 086/у нужна для поступления."],
)  # fmt: skip
def test_a_sentence_opening_like_a_heading_stays_in_the_body(sentence: str) -> None:
    """Such a sentence amid the text is not the reference block's heading: the body after it stays."""
    page = WITH_REFERENCE[0]
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    first = expected["body"][0]
    at = text.find(first[-20:])
    end = text.find("</p>", at) + len("</p>")
    assert at > 0 and end > at
    content = text[:end] + f"<p>{sentence}</p>" + text[end:]
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert record.body == [first, sentence, *expected["body"][1:]]
    assert record.reference == expected["reference"]
