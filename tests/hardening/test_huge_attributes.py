"""Huge attribute values are emptied before parsing (found by the hostile-input suite: an unclosed
<a> with a 1 MB class before a thousand list items made lexbor copy the attribute into every
reopened <a> — 1 GB of memory and 5 s of selector matching for one page)."""

from __future__ import annotations

import pytest

from pressharvest.parse import MAX_ATTRIBUTE, _parse_tree, _without_huge_attributes, parse_page
from tests.conftest import FIXTURES

SEED = (FIXTURES / "admobninsk" / "seed_news_20318.html").read_bytes()
URL = "https://admobninsk.ru/news/2020/07/15/news_20318.html"


def _with(inserted: bytes) -> bytes:
    at = SEED.index(b'<p style="text-align: justify;">14')
    return SEED[:at] + inserted + SEED[at:]


@pytest.mark.parametrize("quote", ['"', "'", ""])
def test_an_unclosed_link_with_a_huge_class_is_not_copied_into_every_item(quote: str) -> None:
    huge = f"<a class={quote}{'x' * 1_000_000}{quote}>".encode()
    page = _with(huge + b"<ul>" + b"<li>item</li>" * 1000 + b"</ul>")
    tree = _parse_tree(page.decode(), "admobninsk", URL)
    longest = max(len(value or "") for node in tree.css("*") for value in node.attributes.values())
    assert longest <= MAX_ATTRIBUTE
    record = parse_page(page, site="admobninsk", url=URL)
    assert any(paragraph.startswith("14") for paragraph in record.body)  # the page's own text is kept


def test_ordinary_long_attributes_are_kept() -> None:
    href = "https://admobninsk.ru/files/" + "a" * 5000 + ".pdf"
    text = f'<p><a href="{href}" style="{"x:y;" * 2000}">doc</a></p>'
    assert _without_huge_attributes(text * 10) == text * 10


def test_quotes_in_text_do_not_count_as_attributes() -> None:
    prose = "Он сказал: «да» = ответ. " * 2000  # long text without quotes after an equals sign
    assert _without_huge_attributes(prose) == prose
