"""Deep nesting is refused before lexbor builds the tree (its tree builder scans the stack of open
elements at many tags: N open elements cost N² per later tag). Found by the 10,000-page hostile run:
100,000 unclosed <span> before a few hundred more tags took lexbor 2-4 s; the first guard counted only
block elements such as <div>."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from pressharvest.decode import decode_page
from pressharvest.errors import ParseError
from pressharvest.parse import MAX_DEPTH, _too_deep_for_lexbor, parse_page
from pressharvest.sites.landmarks import text_of
from tests.conftest import FIXTURES, fixture_pages

SEED = (FIXTURES / "admobninsk" / "seed_news_20318.html").read_bytes()
URL = "https://admobninsk.ru/news/2020/07/15/news_20318.html"


def _with(inserted: str) -> bytes:
    at = SEED.index(b'<p style="text-align: justify;">14')
    return SEED[:at] + inserted.encode() + SEED[at:]


@pytest.mark.parametrize(
    "nesting",
    ["<span>" * 100_000 + "x", "<b>" * 20_000 + "x" + "</i>" * 300, "<div>" * 40_000 + "x" + "</div>" * 40_000,
     "<section><em>" * 3000 + "x"],
)
def test_deep_nesting_of_any_element_is_refused(nesting: str) -> None:
    page = _with(nesting)
    assert _too_deep_for_lexbor(page.decode(), page.count(b"<"))
    with pytest.raises(ParseError) as caught:
        parse_page(page, site="admobninsk", url=URL)
    assert caught.value.field == "body" and f"more than {MAX_DEPTH} levels" in str(caught.value)


@pytest.mark.parametrize(
    "sloppy",
    [
        "<ul>" + "<li><a href='/x'>item" * 3000 + "</ul>",  # unclosed items and links close themselves
        "<p>paragraph" * 6000,
        "<div><span><font>text</div>" * 3000,  # unclosed inline elements close with their parent
        "<script>" + "document.write('<div><span>');" * 3000 + "</script>",  # tags in scripts are text
        "<!--" + "<div>" * 6000 + "-->",
        "<div>" * 150 + "x" + "</div>" * 150 + "<br><img src='/i.jpg'>" * 3000,
    ],
)
def test_sloppy_but_shallow_markup_is_not_refused(sloppy: str) -> None:
    page = _with(sloppy)
    assert not _too_deep_for_lexbor(page.decode(), max(page.count(b"<"), 5000))


def test_no_fixture_page_is_too_deep_even_when_scanned() -> None:
    for page in fixture_pages():
        text = decode_page(page.path.read_bytes())
        assert not _too_deep_for_lexbor(text, max(text.count("<"), 5000)), page.path


@pytest.mark.parametrize("tag", ["div", "span", "section", "blockquote", "b", "font", "ul", "table", "article"])
@pytest.mark.parametrize("depth", [300, 2000])
@pytest.mark.parametrize("site", ["admobninsk", None])  # the family parser, and the generic extractor
def test_nesting_below_the_prescan_is_parsed_or_refused_with_one_error(tag: str, depth: int, site: str | None) -> None:
    # Pages of under 5,000 tags are not scanned before parsing: the walkers meet the nesting itself.
    # Every walk but the block walker is iterative; that one refuses more than MAX_DEPTH levels.
    page = _with(f"<{tag}>Текст абзаца. " * depth + "x" + f"</{tag}>" * depth)
    assert page.count(b"<") < 5000
    try:
        record = parse_page(page, site=site, url=URL)
    except ParseError as error:
        assert error.field == "body" and f"more than {MAX_DEPTH} levels" in str(error)
        assert error.url == URL and (site is None or error.site == site)
    else:
        assert "Текст абзаца." in " ".join(record.body) and record.title


def test_text_of_reads_a_node_nested_deeper_than_python_recurses() -> None:
    tree = LexborHTMLParser("<div>" + "<span>а " * 5000 + "</span>" * 5000 + "</div>")
    assert text_of(tree.css_first("div")) == " ".join(["а"] * 5000)


@pytest.mark.parametrize("site", ["admobninsk", None])
def test_deep_nesting_with_text_at_every_level_is_refused_after_parsing(site: str | None) -> None:
    # Under 5,000 tags, so not scanned before parsing; a redesigned page (its classes renamed) sends
    # the parser to the landmark searches, which read every level's text: 20-40 s before the tree
    # itself was measured again after parsing (found by a review of the third session's change).
    renamed = SEED.replace(b"news_", b"item-")
    at = renamed.index(b'<p style="text-align: justify;">14')
    page = renamed[:at] + ("<div>Текст абзаца x <span>Текст y " * 2000).encode() + renamed[at:]
    assert page.count(b"<") < 5000
    with pytest.raises(ParseError) as caught:
        parse_page(page, site=site, url=URL)
    assert caught.value.field == "body" and f"more than {MAX_DEPTH} levels" in str(caught.value)
