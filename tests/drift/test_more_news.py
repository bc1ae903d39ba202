"""What a redesign puts after the text is read as the template's blocks were: a block of teasers for
other news («Читайте также»: its heading, a date, a linked title and a lead paragraph) is not article
text, whatever its class (the body, the attribution line and the date stay the page's own), and an
empty paragraph before the attribution line does not hide it."""

from __future__ import annotations

import json
import re

import pytest
from tests.conftest import FIXTURES

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

TEASER = (
    '<div class="{cls}"><div class="{cls}__title">{heading}</div>'
    '<div class="{cls}__item"><div class="{cls}__date">12 ноября 2025 года 14:05</div>'
    '<h3 class="{cls}__name"><a href="/news/other-1.html">В городе открылся новый сквер у Дворца культуры</a></h3>'
    "<p>Благоустройство территории у Дворца культуры завершено: высажены 120 деревьев, установлены скамейки, "
    "фонари и детская площадка. Работы выполнены по программе «Формирование комфортной городской среды».</p>"
    "</div></div>"
)

# Redesigned pages whose text container is found by its landmarks, with their site and URL.
PAGES = [
    ("admoblkaluga-drift/article-21811-section-nogallery.html", "admoblkaluga-minobr",
     "https://minobr.admoblkaluga.ru/news/21811/"),
    ("gossite-drift/article_4612-dotted-wrapped.html", "gossite-demo", "http://gossite-demo.test/about/info/news/4612/"),
    ("admobninsk-drift/news_30468-hashed-labelled.html", "admobninsk",
     "https://admobninsk.ru/news/2024/05/23/news_30468.html"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "site", "url"), PAGES, ids=[page[0] for page in PAGES])
@pytest.mark.parametrize(("heading", "cls"), [("Читайте также", "more-news"), ("Другие новости", "x7f3a")])
def test_teasers_after_the_text_are_not_body(path: str, site: str, url: str, heading: str, cls: str) -> None:
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    expected = json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))
    last = expected["source"] or expected["body"][-1]
    at = text.find("</div>", text.find(last[-30:]))
    assert at > 0
    at += len("</div>")
    teaser = TEASER.format(cls=cls, heading=heading)
    record = parse_page((text[:at] + teaser + text[at:]).encode(charset), site=site, url=url)
    assert record.body == expected["body"]
    assert record.source == expected["source"]
    assert record.published_at == expected["published_at"]


def test_attribution_after_an_empty_paragraph_below_a_br_separated_text() -> None:
    """Obninsk, classes renamed, the editor's paragraphs in one `<div>` separated by `<br>&nbsp;<br>`,
    then `<p>&nbsp;</p>` and the attribution line: the empty paragraph does not hide the attribution."""
    path = "admobninsk-drift/news_123-no-rating-no-stamp.html"
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    start = text.index('<div class="article-text">') + len('<div class="article-text">')
    end = text.index("<p>&nbsp;</p>", start)
    paragraphs = re.findall(r"<p>(.*?)</p>", text[start:end], flags=re.S)
    assert len(paragraphs) >= 3
    div = '<div class="text-block">' + "<br>&nbsp;<br>\n".join(paragraphs) + "</div>\n"
    record = parse_page(
        (text[:start] + div + text[end:]).encode(charset), site="admobninsk",
        url="https://admobninsk.ru/news/2012/12/27/news_123.html",
    )  # fmt: skip
    expected = json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))
    assert record.source == expected["source"]
    assert record.body == expected["body"]


@pytest.mark.parametrize("where", ["after the first paragraph", "after the last paragraph"])
def test_an_editor_sentence_opening_like_a_teaser_heading_stays(where: str) -> None:
    """«Смотрите также видеорепортаж … <a>в группе</a>» written by the editor in a classed `<div>` is
    text, amid the paragraphs or after them: a teaser block's heading is short and stands alone."""
    path, site, url = PAGES[2]
    text, charset = decode_with_charset((FIXTURES / path).read_bytes())
    expected = json.loads((FIXTURES / (path + ".expected.json")).read_text(encoding="utf-8"))
    sentence = "Смотрите также видеорепортаж с открытия: его можно посмотреть в нашей группе ВКонтакте."
    div = (
        '<div class="text-center">Смотрите также видеорепортаж с открытия: его можно посмотреть '
        '<a href="https://vk.com/video-1_2">в нашей группе ВКонтакте</a>.</div>'
    )
    paragraph = expected["body"][0] if where == "after the first paragraph" else expected["body"][-1]
    at = text.find(paragraph[-25:])
    end = text.find("</p>", at) + len("</p>")
    assert at > 0 and end > at
    record = parse_page((text[:end] + div + text[end:]).encode(charset), site=site, url=url)
    assert sentence in record.body
