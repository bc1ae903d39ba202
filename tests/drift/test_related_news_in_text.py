"""A theme's related-news block printed inside the text container right after the body's last
paragraph (before the reference block and the attribution line): a classed block of links under a
«Новости по теме» heading is never body text, whatever its class names. Built from every reference
article of the families."""

from __future__ import annotations

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

FIELDS = ("body", "reference", "source", "attachments")
RELATED = (
    '<div class="{name}"><h3>Новости по теме</h3><ul><li><a href="/news/9000001/">В городе открылся '
    'новый сквер</a></li><li><a href="/news/9000002/">Итоги недели</a></li></ul></div>'
)
# The theme's own class, and a class that names nothing (a redesign's hashed names): the heading says
# what the block is.
NAMES = ["related-news", "x7f3a2c"]


def _body_end(page: FixturePage) -> int:
    text = decode_with_charset(page.path.read_bytes())[0]
    last = page.expected()["body"][-1][-20:]
    at = text.rfind(last)
    end = text.find("</p>", at) if at >= 0 else -1
    return end + len("</p>") if end >= 0 and "<" not in text[at:end] else -1


ARTICLES = [
    page
    for page in fixture_pages()
    if page.kind == "article"
    and not page.folder.name.endswith("-drift")
    and "error" not in page.expected()
    and _body_end(page) > 0
]


def test_every_family_is_covered() -> None:
    assert {page.folder.name for page in ARTICLES} >= {"admobninsk", "admoblkaluga", "gossite", "gosweb", "wordpress"}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_a_related_news_block_after_the_body_is_no_text(page: FixturePage, name: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    end = _body_end(page)
    block = RELATED.format(name=name)
    record = parse_page((text[:end] + block + text[end:]).encode(charset), site=page.site, url=page.url)
    dumped = record.model_dump(mode="json")
    assert {key: dumped[key] for key in FIELDS} == {key: page.expected()[key] for key in FIELDS}
