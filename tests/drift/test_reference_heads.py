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
