"""An editor's sub-heading set as `<h1>` inside the article text (Word's «Заголовок 1» pasted in, or
the editor's "Heading 1"): it is a body entry like any sub-heading. Only an `<h1>` before the text's
first paragraph is the page's (the headline, a section's name) and is taken out."""

from __future__ import annotations

import re
import time

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset
from pressharvest.sites.landmarks import page_headings

SUBHEADING = "Как подать заявку"


def _after_first_paragraph(text: str, first: str) -> int:
    """Where the `</p>` of the paragraph holding the body's first entry ends (-1: not found)."""
    at = text.find(first[-30:])
    end = text.find("</p>", at) if at >= 0 else -1
    return end + len("</p>") if end >= 0 and "<" not in text[at:end].replace("</a>", "").replace("<a ", "") else -1


ARTICLES = [
    page
    for page in fixture_pages()
    if page.kind == "article"
    and not page.folder.name.endswith("-drift")
    and len(page.expected().get("body") or []) > 1
    and _after_first_paragraph(decode_with_charset(page.path.read_bytes())[0], page.expected()["body"][0]) > 0
]


def test_pages_of_every_family_are_covered() -> None:
    assert {page.folder.name for page in ARTICLES} >= {"admobninsk", "admoblkaluga", "gossite", "gosweb"}


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_an_h1_subheading_in_the_text_is_a_body_entry(page: FixturePage) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    end = _after_first_paragraph(text, expected["body"][0])
    content = text[:end] + f"\n<h1>{SUBHEADING}</h1>" + text[end:]
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert record.title == expected["title"]
    assert record.body == [expected["body"][0], SUBHEADING, *expected["body"][1:]]


@pytest.mark.parametrize(
    ("markup", "page_level"),
    [
        ("<h1>Новости</h1><p>Текст.</p><h1>Подзаголовок</h1><p>Ещё.</p>", ["Новости"]),
        ("<div><h1>Заголовок новости</h1></div><p></p><p>Текст.</p>", ["Заголовок новости"]),
        ("<h1>Заголовок</h1><div>Текст без абзацев<br><br>ещё</div><h1>Второй</h1>", ["Заголовок", "Второй"]),
        ("<p>Текст.</p><div><h1>Подзаголовок</h1></div>", []),
    ],
)
def test_page_headings(markup: str, page_level: list[str]) -> None:
    container = LexborHTMLParser(f"<html><body><div id='c'>{markup}</div></body></html>").css_first("#c")
    assert container is not None
    assert [heading.text() for heading in page_headings(container)] == page_level


def test_page_headings_read_in_linear_time() -> None:
    # A position test per heading walked the container again for each: 4,000 <h1> among 4,000 <p>
    # took 8.7 s.
    markup = "<p>Текст.</p>" + "<h1>Подзаголовок</h1><p>Абзац.</p>" * 4000
    container = LexborHTMLParser(f"<html><body><div id='c'>{markup}</div></body></html>").css_first("#c")
    assert container is not None
    started = time.process_time()
    assert page_headings(container) == []
    assert time.process_time() - started < 1.0  # CPU seconds (linear: milliseconds)


GOSSITE = [page for page in fixture_pages() if page.kind == "article" and page.folder.name == "gossite"]


@pytest.mark.parametrize("page", GOSSITE, ids=lambda page: page.test_id)
def test_a_headline_after_a_date_paragraph_in_a_renamed_text_is_no_body_entry(page: FixturePage) -> None:
    """A redesigned Bitrix page (classes renamed) that prints the date as a `<p>` and then the
    headline's `<h1>` at the top of the text, above the template's `<h2>`: the headline is the title,
    in the body neither time."""
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    date = re.search(r'<div class="news-item-date[^"]*">([^<]+)</div>', text)
    headline = re.search(r"<h1>([^<]+)</h1>", text)
    assert date is not None and headline is not None
    text = text.replace(date.group(0), "", 1).replace(headline.group(0), "", 1)
    opening = '<div class="news-item-text clearfix">'
    assert opening in text
    text = text.replace(
        opening,
        f'<div class="post-text clearfix"><p class="post-date">{date.group(1)}</p><h1>{headline.group(1)}</h1>',
        1,
    )
    text = text.replace("news-detail", "post").replace("news-item", "post-item")
    record = parse_page(text.encode(charset), site=page.site, url=page.url)
    assert record.title == expected["title"]
    assert record.body == expected["body"]


def _headline_as_h2(text: str, title: str, section: str) -> str:
    """The page's headline `<h1>` set as an `<h2>` (a redesign), with `section` (a section name's `<h1>`,
    or nothing) before it."""
    return re.sub(
        r"<h1\b[^>]*>\s*" + re.escape(title) + r"\s*</h1>", lambda _: f"{section}<h2>{title}</h2>", text, count=1
    )


H2_HEADLINE = [
    page
    for page in ARTICLES
    if page.folder.name in ("admobninsk", "admoblkaluga")
    and re.search(
        r"<h1\b[^>]*>\s*" + re.escape(page.expected()["title"]) + r"\s*</h1>",
        decode_with_charset(page.path.read_bytes())[0],
    )
]


@pytest.mark.parametrize("section", ["", "<h1>Лента новостей</h1>"], ids=["no-h1", "section-h1"])
@pytest.mark.parametrize("page", H2_HEADLINE, ids=lambda page: page.test_id)
def test_an_h1_subheading_under_an_h2_headline(page: FixturePage, section: str) -> None:
    """The headline in an `<h2>` (the page's `<h1>` names the section, or there is none): an editor's
    short `<h1>` in the text is still a sub-heading, not the headline (the date line was looked for
    after it and the page refused)."""
    text, charset = decode_with_charset(page.path.read_bytes())
    expected = page.expected()
    text = _headline_as_h2(text, expected["title"], section)
    end = _after_first_paragraph(text, expected["body"][0])
    content = text[:end] + f"\n<h1>{SUBHEADING}</h1>" + text[end:]
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    assert (record.title, record.published_at) == (expected["title"], expected["published_at"])
    assert record.body == [expected["body"][0], SUBHEADING, *expected["body"][1:]]
