"""The page's own "updated" stamp under another label: «Отредактировано: …» or «Дата редактирования:
…» (the page edited then) is the same stamp as «обновлено …» / «Дата изменения: …». Every fixture article
with a stamp keeps its `updated_at` and body when the label is rewritten so, also with the stamp's own
class renamed (the stamp then found by its words); a sentence opening with the word stays text."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

# The stamp's label as the pages write it, right after the tag that opens the stamp's element.
_LABEL = re.compile(r"(<(\w+)\b[^>]*>\s*)(обновлено|Обновлено|Изменено|Дата изменения|Дата обновления)(\s*:?)")
_OWN_CLASS = re.compile(r"""<(\w+)\s+(?:class|id)=["'][^"']*["']>(\s*)$""")


def _stamped(page: FixturePage) -> bool:
    return (
        page.kind == "article"
        and bool(page.expected().get("updated_at"))
        and _LABEL.search(decode_with_charset(page.path.read_bytes())[0]) is not None
    )


PAGES = [page for page in fixture_pages() if _stamped(page)]
LABELS = ["Отредактировано:", "отредактировано", "Дата редактирования:"]


def test_pages_of_several_families_are_covered() -> None:
    assert len({page.folder.name.removesuffix("-drift") for page in PAGES}) >= 3


def _relabel(text: str, label: str, rename: bool) -> str:
    match = _LABEL.search(text)
    assert match is not None
    opening = match.group(1)
    if rename:  # the stamp's element renamed by a new template: found by its words only
        opening = _OWN_CLASS.sub(r'<\1 class="x-meta">\2', opening)
    return text[: match.start()] + opening + label + text[match.end(4) :]


@pytest.mark.parametrize("rename", [False, True], ids=["as-written", "class-renamed"])
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.test_id)
def test_an_edited_label_is_the_updated_stamp(page: FixturePage, label: str, rename: bool) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    record = parse_page(_relabel(text, label, rename).encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert (record.updated_at, record.body) == (expected["updated_at"], expected["body"])


def _after_first_paragraph(text: str, first: str) -> int:
    at = text.find(first[-20:])
    end = text.find("</p>", at) if at >= 0 else -1
    return end + len("</p>") if end >= 0 else -1


FINDABLE = [
    page
    for page in PAGES
    if _after_first_paragraph(decode_with_charset(page.path.read_bytes())[0], page.expected()["body"][0]) > 0
]


@pytest.mark.parametrize("word", ["Отредактировано", "Обновлено"])
@pytest.mark.parametrize("page", FINDABLE, ids=lambda page: page.test_id)
def test_a_sentence_opening_with_the_word_stays_text(page: FixturePage, word: str) -> None:
    """(With the stamp's class renamed, a NetCat page had taken such a sentence for its stamp.)"""
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    end = _after_first_paragraph(text, expected["body"][0])
    sentence = f"{word} положение о конкурсе 12 марта 2025 года."
    record = parse_page((text[:end] + f"<p>{sentence}</p>" + text[end:]).encode(charset), site=page.site, url=page.url)
    assert record.body == [expected["body"][0], sentence, *expected["body"][1:]]
    assert record.updated_at == expected["updated_at"]
