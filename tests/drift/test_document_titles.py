"""A document link that holds only a file-type icon (or says «Скачать») is named by the caption
beside it, on every family's documents block; a link that names its document keeps its own text
(type and size notes included: RECORD.md takes the link text)."""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests.conftest import FIXTURES

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset
from pressharvest.sites.documents import document_title

ICON = '<img src="/images/icons/file.png" alt="" width="24" height="24">'

# (page, the link as printed, the same link holding an icon with its caption beside it, site, url)
CASES = [
    (
        "admoblkaluga/article-21926.html",
        '<span class="news-docs-item-name">Положение о региональном этапе Всероссийского конкурса «Учитель года '
        'России» в 2025 году</span></a>',
        f'{ICON}</a> <span class="doc-caption">Положение о региональном этапе Всероссийского конкурса «Учитель года '
        'России» в 2025 году</span>',
        "admoblkaluga-minobr",
        "https://minobr.admoblkaluga.ru/news/21926/",
    ),
    (
        "gossite-drift/article_4561-lazy-files.html",
        '">Положение о проведении гонки «Заречная лыжня»</a> (PDF, 120 Кб)',
        f'">{ICON}</a> <span>Положение о проведении гонки «Заречная лыжня»</span> (PDF, 120 Кб)',
        "gossite-demo",
        "http://gossite-demo.test/about/info/news/4561/",
    ),
    (
        "gosweb/novosti_101.html",
        'target="_blank">Инструкция для жителей по работе с новым сайтом</a></div>',
        f'target="_blank">{ICON}</a> <span>Инструкция для жителей по работе с новым сайтом</span></div>',
        "gosweb-demo",
        "https://zarechye-r00.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/novosti_101.html",
    ),
]


@pytest.mark.parametrize(("path", "link", "icon_link", "site", "url"), CASES, ids=[case[0] for case in CASES])
@pytest.mark.parametrize("label", ["icon", "Скачать"])
def test_icon_or_bare_link_is_named_by_its_caption(
    path: str, link: str, icon_link: str, site: str, url: str, label: str
) -> None:
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    assert link in text
    changed = icon_link if label == "icon" else icon_link.replace(ICON, "Скачать")
    record = parse_page(text.replace(link, changed, 1).encode(charset), site=site, url=url)
    expected = json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))
    assert [attachment.model_dump() for attachment in record.attachments] == expected["attachments"]
    assert record.body == expected["body"]


def _anchor_title(html: str) -> str:
    tree = LexborHTMLParser(f"<html><body>{html}</body></html>")
    anchor = tree.css_first("a.doc")
    assert anchor is not None
    return document_title(anchor)


def test_a_caption_is_a_documents_item_not_the_text_around_the_link() -> None:
    long_text = "<p>" + "Районное Собрание утвердило изменения в бюджет на 2021 год. " * 10 + "</p>"
    # A bare link after the text, in the element holding the text: no caption, the link's own words.
    bare = f'<div class="item"><div class="text">{long_text}</div><a class="doc" href="/p.pdf">Скачать</a></div>'
    assert _anchor_title(bare) == "Скачать"
    # A paragraph naming two documents: neither is its caption.
    two = '<p>Положение <a class="doc" href="/a.pdf">Скачать</a>, регламент <a href="/b.pdf">Скачать</a></p>'
    assert _anchor_title(two) == "Скачать"
    # An icon alone with a title attribute and no caption: the title.
    icon = '<div><a class="doc" href="/c.pdf" title="Приказ № 5"><img src="/i/pdf.svg"></a></div>'
    assert _anchor_title(icon) == "Приказ № 5"
    # A documents item: its caption.
    item = '<li><span>Приказ № 7</span> <a class="doc" href="/d.pdf">Скачать</a> (PDF, 1 Мб)</li>'
    assert _anchor_title(item) == "Приказ № 7"


def test_gosweb_icon_link_without_a_caption_is_not_named_by_the_block_heading() -> None:
    path = "gosweb/novosti_101.html"
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    link = 'target="_blank">Инструкция для жителей по работе с новым сайтом</a>'
    assert link in text
    for title, expected in (("", ""), (' title="Инструкция для жителей"', "Инструкция для жителей")):
        content = text.replace(link, f'target="_blank"{title}>{ICON}</a>', 1)
        record = parse_page(content.encode(charset), site="gosweb-demo", url=CASES[2][4])
        assert [attachment.title for attachment in record.attachments] == [expected]
