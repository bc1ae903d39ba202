"""Page furniture a redesign prints inside the article's text box: a cookie notice or a print-only
header above the headline (the article's text starts after its headline), a fixed cookie banner after
the body's last paragraph (a classed block that speaks of cookies, at any depth). None of it is body
text, and the reference block and attribution line after it are still read. Built from every fixture
article whose headline and paragraphs are written as they read."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

FIELDS = ("title", "published_at", "body", "reference", "source", "images", "attachments")


def _headline_at(text: str, title: str) -> int:
    """Where the headline's element opens (an <h1>/<h2> whose whole text is the title), else -1."""
    match = re.search(r"<(h[12])\b[^>]*>\s*" + re.escape(title) + r"\s*</\1>", text)
    return match.start() if match else -1


def _last_paragraph_end(text: str, expected: dict[str, object]) -> int:
    """Where the `</p>` of the body's last paragraph ends (before the reference and the attribution)."""
    last = str(expected["body"][-1])[-20:]  # type: ignore[index]
    at = text.rfind(last)
    end = text.find("</p>", at) if at >= 0 else -1
    return end + len("</p>") if end >= 0 else -1


ARTICLES = [page for page in fixture_pages() if page.kind == "article" and "error" not in page.expected()]
WITH_HEADLINE = [
    page
    for page in ARTICLES
    if _headline_at(decode_with_charset(page.path.read_bytes())[0], page.expected()["title"]) > 0
]
WITH_LAST_PARAGRAPH = [
    page
    for page in ARTICLES
    if _last_paragraph_end(decode_with_charset(page.path.read_bytes())[0], page.expected()) > 0
]
ABOVE = {
    "cookie-notice": (
        '<div class="cookie-notice" role="dialog"><p>Мы используем файлы cookie, чтобы сайт работал лучше. '
        'Продолжая пользоваться сайтом, вы соглашаетесь с <a href="/privacy/">политикой обработки персональных '
        'данных</a>.</p><button type="button">Принять</button></div>'
    ),
    "print-header": (
        '<div class="print-header visible-print">Официальный сайт администрации · Распечатано 27.11.2026</div>'
    ),
}
COOKIE_BANNER = (
    '<div class="cookies" style="position:fixed;bottom:0"><p>Сайт использует cookie и сервис Яндекс.Метрика '
    '(политика от 01.09.2023). <a href="/cookies/">Подробнее</a></p><button>Понятно</button></div>'
)


def _record(page: FixturePage, content: str) -> dict[str, object]:
    charset = decode_with_charset(page.path.read_bytes())[1]
    return parse_page(content.encode(charset), site=page.site, url=page.url).model_dump(mode="json")


def test_every_family_is_covered() -> None:
    families = {"admobninsk", "admoblkaluga", "gossite", "gosweb", "wordpress"}
    assert {page.folder.name for page in WITH_HEADLINE} >= families
    assert {page.folder.name for page in WITH_LAST_PARAGRAPH} >= families


@pytest.mark.parametrize("block", ABOVE)
@pytest.mark.parametrize("page", WITH_HEADLINE, ids=lambda page: page.test_id)
def test_a_block_above_the_headline_is_no_body_text(page: FixturePage, block: str) -> None:
    text = decode_with_charset(page.path.read_bytes())[0]
    at = _headline_at(text, page.expected()["title"])
    record = _record(page, text[:at] + ABOVE[block] + text[at:])
    assert {key: record[key] for key in FIELDS} == {key: page.expected()[key] for key in FIELDS}


@pytest.mark.parametrize("page", WITH_LAST_PARAGRAPH, ids=lambda page: page.test_id)
def test_a_cookie_banner_after_the_text_is_no_body_text(page: FixturePage) -> None:
    text = decode_with_charset(page.path.read_bytes())[0]
    end = _last_paragraph_end(text, page.expected())
    record = _record(page, text[:end] + COOKIE_BANNER + text[end:])
    assert {key: record[key] for key in FIELDS} == {key: page.expected()[key] for key in FIELDS}


def test_an_editors_paragraph_about_cookies_stays() -> None:
    """Only a classed block (a template's) is taken for a notice: the editor's `<p>` stays text."""
    page = WITH_LAST_PARAGRAPH[0]
    text = decode_with_charset(page.path.read_bytes())[0]
    expected = page.expected()
    first = expected["body"][0]
    at = text.find(first[-20:])
    end = text.find("</p>", at) + len("</p>")
    sentence = "Сайт администрации больше не использует файлы cookie сторонних сервисов."
    record = _record(page, text[:end] + f"<p>{sentence}</p>" + text[end:])
    assert record["body"] == [first, sentence, *expected["body"][1:]]
