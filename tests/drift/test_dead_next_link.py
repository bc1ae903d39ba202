"""The last list page's pager keeps a dead "next" link (`javascript:void(0)`, `#`, `javascript:;`):
there is no next page, and the page's links are read as before; such a link used to fail the
record's validation (an uncaught error instead of a result)."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_links
from pressharvest.decode import decode_with_charset

LAST_PAGES = [page for page in fixture_pages() if page.kind == "list" and page.expected()["next"] is None]
DEAD = [
    '<a class="next" href="javascript:void(0)">»</a>',
    '<a href="javascript:;">Следующая</a>',
    '<a class="next disabled" href="#">Следующая →</a>',
    '<a rel="next" href="javascript:void(0)">›</a>',
]


def test_last_pages_of_every_family_are_covered() -> None:
    assert {page.folder.name for page in LAST_PAGES} >= {"admobninsk", "admoblkaluga", "gossite"}


@pytest.mark.parametrize("dead", DEAD)
@pytest.mark.parametrize("page", LAST_PAGES, ids=lambda page: page.test_id)
def test_a_dead_next_link_on_the_last_page_names_no_next_page(page: FixturePage, dead: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    pager = f'<div class="pager">{dead}</div>'
    content, count = re.subn(r"(</body>)", lambda match: pager + match.group(1), text, count=1)
    assert count == 1
    links = parse_links(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert links.next is None
    assert links.articles == expected["articles"]
