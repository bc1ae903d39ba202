"""A date line the page does not show, just before the headline (a hidden copy of a teaser's date,
`hidden` / `aria-hidden` / `display: none`): the publication date is the shown date line's. A page
that hides everything until a script shows it keeps its date (see test_headline_out_of_view)."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

_H1 = re.compile(r"<h1\b")
ARTICLES = [
    page
    for page in fixture_pages()
    if page.kind == "article"
    and "error" not in page.expected()
    and len(_H1.findall(decode_with_charset(page.path.read_bytes())[0])) == 1
]
HIDDEN_DATES = {
    "hidden": '<div class="teaser-date" hidden>1 января 2019 года 10:00</div>',
    "aria-hidden": '<span class="date" aria-hidden="true" style="display:none">01.01.2019 10:00</span>',
}


@pytest.mark.parametrize("date", HIDDEN_DATES)
@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_a_hidden_date_before_the_headline_is_not_the_publication_date(page: FixturePage, date: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    content = _H1.sub(lambda match: HIDDEN_DATES[date] + match.group(0), text, count=1)
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert record.published_at == expected["published_at"]
    assert record.title == expected["title"]


_TICKER = (
    '<div class="ticker" aria-hidden="true" style="display:none"><p>Глава города провёл приём граждан по личным '
    "вопросам. В городе стартовала акция «Чистый город»: жители вышли на субботник, чтобы убрать дворы и скверы "
    "после зимы, а также высадить деревья вдоль набережной.</p></div>"
)


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.test_id)
def test_a_hidden_ticker_after_the_headline_does_not_end_the_date_search(page: FixturePage) -> None:
    """The date line is looked for after the headline until the text begins (a long paragraph); a
    hidden ticker's paragraph there is no text of the page."""
    text, charset = decode_with_charset(page.path.read_bytes())
    content, count = re.subn(r"</h1>", lambda match: match.group(0) + _TICKER, text, count=1)
    assert count == 1
    record = parse_page(content.encode(charset), site=page.site, url=page.url)
    expected = page.expected()
    assert record.published_at == expected["published_at"]
    assert record.title == expected["title"]
