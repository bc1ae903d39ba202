"""Page furniture a redesign prints inside the article's text box: a cookie notice or a print-only
header above the headline (the article's text starts after its headline), a fixed cookie banner after
the body's last paragraph (a short block marked as a consent notice that speaks of cookies, at any
depth; an editor's classed paragraph, list or group of paragraphs about cookies stays). None of it is body
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
    assert {page.folder.name for page in WITH_FIRST_PARAGRAPH} >= families


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


# An editor's blocks that speak of cookies and carry a class of the editor or the block editor: they
# are text, not a template's notice (no consent word in the class, no button, not one paragraph alone).
_SENTENCE = "Администрация напоминает, что сайт поселения теперь использует файлы cookie для обратной связи."
EDITOR_BLOCKS = {
    "mso-paragraph": (f'<p class="MsoNormal">{_SENTENCE}</p>', [_SENTENCE]),
    "justified-paragraph": (f'<p class="has-text-align-justify">{_SENTENCE}</p>', [_SENTENCE]),
    "classed-list": (f'<ul class="wp-block-list"><li class="item">{_SENTENCE}</li></ul>', [_SENTENCE]),
    "block-group": (
        '<div class="wp-block-group"><div class="wp-block-group__inner-container"><p>Обратите внимание!</p>'
        f"<p>{_SENTENCE}</p><p>Записаться можно и по телефону 2-14-05.</p></div></div>",
        ["Обратите внимание!", _SENTENCE, "Записаться можно и по телефону 2-14-05."],
    ),
    "cookie-link-in-paragraph": (
        '<p>Правила использования <a class="cookie-policy" href="/cookies/">файлов cookie</a> размещены на сайте.</p>',
        ["Правила использования файлов cookie размещены на сайте."],
    ),
    "classed-div-with-link": (
        f'<div class="text-block">{_SENTENCE} <a href="/privacy/">Подробнее о правилах</a></div>',
        [f"{_SENTENCE} Подробнее о правилах"],
    ),
}


def _first_paragraph_end(text: str, expected: dict[str, object]) -> int:
    """Where the `</p>` closing the body's first paragraph ends, else -1 (also where its last words
    are written twice, a description or a teaser repeating them, or a `<br>` run ends it)."""
    first = str(expected["body"][0])  # type: ignore[index]
    # (its last words as the markup writes them: a space may be `&nbsp;` there)
    tails = list(re.finditer(r"(?:\s|&nbsp;|&#160;)+".join(map(re.escape, first[-20:].split(" "))), text))
    if len(tails) != 1:
        return -1
    end = len(text) - len(text[tails[0].end() :].lstrip())
    return end + len("</p>") if text.startswith("</p>", end) else -1


WITH_FIRST_PARAGRAPH = [
    page
    for page in ARTICLES
    if _first_paragraph_end(decode_with_charset(page.path.read_bytes())[0], page.expected()) > 0
]


def _after_first_paragraph(page: FixturePage, insert: str) -> tuple[str, list[str]]:
    """The page with `insert` after the `</p>` of the body's first paragraph."""
    text = decode_with_charset(page.path.read_bytes())[0]
    end = _first_paragraph_end(text, page.expected())
    return text[:end] + insert + text[end:], [page.expected()["body"][0]]


@pytest.mark.parametrize("block", EDITOR_BLOCKS)
@pytest.mark.parametrize("page", WITH_FIRST_PARAGRAPH, ids=lambda page: page.test_id)
def test_an_editors_classed_block_about_cookies_stays(page: FixturePage, block: str) -> None:
    """A class alone (`MsoNormal`, `has-text-align-justify`, `wp-block-group`) makes no cookie notice."""
    insert, entries = EDITOR_BLOCKS[block]
    content, first = _after_first_paragraph(page, insert)
    record = _record(page, content)
    expected = page.expected()
    assert record["body"] == [*first, *entries, *expected["body"][1:]]
    assert record["reference"] == expected["reference"]
    assert record["source"] == expected["source"]


def test_a_notice_with_an_accept_control_and_a_plain_class_is_no_text() -> None:
    """A notice whose class names no consent is still one when it holds a «Принять» control."""
    page = WITH_FIRST_PARAGRAPH[0]
    notice = (
        '<div class="fixed-bottom"><span>Сайт использует файлы cookie.</span> <a href="#" class="btn">Принять</a></div>'
    )
    content, _ = _after_first_paragraph(page, notice)
    record = _record(page, content)
    assert {key: record[key] for key in FIELDS} == {key: page.expected()[key] for key in FIELDS}
