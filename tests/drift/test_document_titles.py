"""A document link that holds only a file-type icon (or says «Скачать») is named by the caption
beside it, on every family's documents block; a link that names its document keeps its own text
(type and size notes included: RECORD.md takes the link text)."""

from __future__ import annotations

import json

import pytest
from tests.conftest import FIXTURES

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

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
