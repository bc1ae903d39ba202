"""An `<h1>` the page does not show as its headline comes before the article's: a hidden copy of a
teaser (`hidden`, `aria-hidden`, `display: none`: a mobile menu's, a ticker's) or a sidebar widget's
heading in an `<aside>`, each with a date of its own. Every article page keeps its title, date and
body: such an `<h1>` is never the headline, and the date and text are looked for by the real one."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset
from pressharvest.sites.headlines import out_of_view

ARTICLES = [page for page in fixture_pages() if page.kind == "article" and "error" not in page.expected()]
_TEASER = "<h1>Глава города провёл приём граждан по личным вопросам</h1><div>1 января 2019 года 10:00</div>"
DECOYS = {
    "hidden": f'<div class="mobile-news" hidden>{_TEASER}</div>',
    "aria-hidden": f'<div class="ticker" aria-hidden="true" style="display: none">{_TEASER}</div>',
    "aside": f'<aside class="top-widget">{_TEASER}</aside>',
}


@pytest.mark.parametrize("decoy", DECOYS)
@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_a_hidden_or_sidebar_h1_first_is_not_the_headline(page: FixturePage, decoy: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    content, count = re.subn(r"(<body\b[^>]*>)", lambda match: match.group(1) + DECOYS[decoy], text, count=1)
    assert count == 1
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert record.title == expected["title"]
    assert record.published_at == expected["published_at"]
    assert record.body == expected["body"]


@pytest.mark.parametrize(
    ("markup", "hidden"),
    [
        ("<main><h1>Заголовок</h1></main>", False),
        ('<main><h1>Заголовок <i class="icon" aria-hidden="true"></i></h1></main>', False),
        ('<div style="display: block"><h1>Заголовок</h1></div>', False),
        ('<div aria-hidden="false"><h1>Заголовок</h1></div>', False),
        ("<div hidden><h1>Заголовок</h1></div>", True),
        ('<div style="DISPLAY:NONE"><h1>Заголовок</h1></div>', True),
        ("<aside><div><h1>Заголовок</h1></div></aside>", True),
    ],
)
def test_out_of_view(markup: str, hidden: bool) -> None:
    heading = LexborHTMLParser(f"<html><body>{markup}</body></html>").css_first("h1")
    assert heading is not None
    assert out_of_view(heading) is hidden


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_a_page_hidden_whole_until_a_script_shows_it_keeps_its_headline(page: FixturePage) -> None:
    """A preloader template hides the whole page (`display: none` on a wrapper of everything): its
    `<h1>` is out of view like any other, and with no other heading it stays the headline."""
    text, charset = decode_with_charset(page.path.read_bytes())
    content = re.sub(r"(<body\b[^>]*>)", r'\1<div class="preload" style="display: none">', text, count=1)
    content = content.replace("</body>", "</div></body>", 1)
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert record.title == expected["title"]
    assert record.published_at == expected["published_at"]
    assert record.body == expected["body"]
