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


# The heading set as a block of its own with no mark after the word: a bold paragraph or an `<h4>`.
_BOLD_HEAD = re.compile(r"<p[^>]*>\s*<(b|strong)>(Справочно|Справка|Для справки):</\1>\s*(?:<br\s*/?>)?")
ALONE = {
    "bold": lambda match: f"<p><{match.group(1)}>{match.group(2)}</{match.group(1)}></p><p>",
    "h4": lambda match: f"<h4>{match.group(2)}</h4><p>",
}
WITH_BOLD_HEAD = [page for page in WITH_REFERENCE if _BOLD_HEAD.search(decode_with_charset(page.path.read_bytes())[0])]


@pytest.mark.parametrize("form", ALONE)
@pytest.mark.parametrize("page", WITH_BOLD_HEAD, ids=lambda page: page.test_id)
def test_reference_heading_alone_without_a_colon(page: FixturePage, form: str) -> None:
    """«Справочно» / «Справка» alone in its own bold paragraph or `<h4>`, no colon: still the heading."""
    text, charset = decode_with_charset(page.path.read_bytes())
    content = _BOLD_HEAD.sub(ALONE[form], text, count=1)
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert record.reference == expected["reference"]
    assert record.body == expected["body"]


def test_a_paragraph_naming_a_reference_word_in_a_sentence_stays() -> None:
    """Only the word alone is a heading: «Справка выдаётся в МФЦ» in its own paragraph is text."""
    page = WITH_REFERENCE[0]
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    first = expected["body"][0]
    at = text.find(first[-20:])
    end = text.find("</p>", at) + len("</p>")
    content = text[:end] + "<p><b>Справка выдаётся в МФЦ</b></p>" + text[end:]
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert record.body == [first, "Справка выдаётся в МФЦ", *expected["body"][1:]]


# The bare word with no mark is the heading only where the block is set as one: in a document list,
# as a document link's text or in a table cell «Справка» names a document, and the text goes on.
NOT_HEADINGS = {
    "list": ("<ul><li>Заявление</li><li>Резюме</li><li>Справка</li></ul>", ["Заявление", "Резюме", "Справка"]),
    "bold-list-item": ("<ul><li><b>Справка</b></li></ul>", ["Справка"]),
    "document-link": ('<p><a href="/upload/docs/spravka.pdf">Справка</a></p>', ["Справка"]),
    "bold-document-link": ('<p><strong><a href="/upload/docs/spravka.pdf">Справка</a></strong></p>', ["Справка"]),
    "heading-link": ('<h4><a href="/upload/docs/spravka.pdf">Справка</a></h4>', ["Справка"]),
    "table-cell": ("<table><tr><td><b>Справка</b></td></tr></table>", ["Справка"]),
    "plain-paragraph": ("<p>Справка</p>", ["Справка"]),
}


def _after_first_paragraph(page: FixturePage, insert: str) -> tuple[bytes, list[str]]:
    text, charset = decode_with_charset(page.path.read_bytes())
    first = page.expected()["body"][0]
    # (its last words as the markup writes them: a space may be `&nbsp;` there)
    tail = re.search(r"(?:\s|&nbsp;|&#160;)+".join(map(re.escape, first[-20:].split(" "))), text)
    assert tail is not None
    end = text.find("</p>", tail.end()) + len("</p>")
    assert end > tail.end()
    return (text[:end] + insert + text[end:]).encode(charset), [first]


@pytest.mark.parametrize("form", NOT_HEADINGS)
@pytest.mark.parametrize("page", WITH_REFERENCE, ids=lambda page: page.test_id)
def test_the_bare_word_as_a_document_name_stays_in_the_body(page: FixturePage, form: str) -> None:
    """«Справка» alone in a list item, as a link's text, in a table cell or in a plain paragraph amid the
    text: the body goes on after it, and the reference block is the page's own."""
    insert, entries = NOT_HEADINGS[form]
    content, first = _after_first_paragraph(page, insert)
    record = parse_page(content, site=page.site, url=page.url)
    expected = page.expected()
    assert record.body == [*first, *entries, *expected["body"][1:]]
    assert record.reference == expected["reference"]
    assert len(record.quotes) == len(expected["quotes"])
