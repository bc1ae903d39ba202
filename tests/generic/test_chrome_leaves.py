"""Chrome and hidden markup are leaves of the generic pass: their content is not walked, their text
counts against what holds them, and chrome that turns out to hold the article is walked afterwards
(its rows spliced in) exactly as a walk that opened it from the start."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites import generic_body
from pressharvest.sites.base import Page
from pressharvest.sites.config import Site
from pressharvest.sites.families.generic import GenericV1
from pressharvest.sites.generic_meta import find_title

PROSE = [
    "Администрация района провела совещание по подготовке к паводку, в нём участвовали главы поселений.",
    "На заседании обсудили состояние дамб, запасы песка и работу оперативных групп в каждом селе района.",
    "Глава района поручил до конца месяца проверить все гидротехнические сооружения и доложить об итогах.",
]
PAGE = Page(Site(id="example", family="generic", base_url="https://example.ru"), "https://example.ru/press/5/")
MENU = "".join(f'<li><a href="/section-{i}/">Раздел сайта номер {i}</a></li>' for i in range(12))


def _page(wrapper: str, inner: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    return f"""<html><head><title>Паводок | Район</title></head><body>
<nav class="menu"><ul>{MENU}</ul></nav>
<div class="{wrapper}"><h1>Паводок</h1><div class="{inner}">{paragraphs}
<figure><img src="/photo.jpg" width="800"><figcaption>Дамба у села Заречье</figcaption></figure></div>
<div class="share"><a href="https://vk.com/share">ВКонтакте</a></div></div>
<footer><ul>{MENU}</ul><p>© Администрация района, 2024. Все права защищены.</p></footer></body></html>"""


def _body(html: str) -> list[str]:
    return GenericV1().body_text(LexborHTMLParser(html))


def _scan(html: str) -> tuple[LexborNode | None, generic_body.Scan]:
    """The page's title node and the generic pass over its body."""
    tree = LexborHTMLParser(html)
    title, _ = find_title(tree)
    assert tree.body is not None
    return title, generic_body.scan(tree.body, title)


def test_chrome_is_not_walked_and_the_article_is_found() -> None:
    html = _page("article", "entry-content")
    _, found = _scan(html)
    walked = {node.tag for node in found.nodes}
    assert "li" not in walked  # the menus' items sit inside nav and footer
    assert _body(html) == PROSE


def test_a_caption_inside_the_text_keeps_its_picture() -> None:
    # A figcaption (chrome) holds no link: its text is not link text, so its figure is not a link list.
    raw = GenericV1().article(LexborHTMLParser(_page("article", "entry-content")), PAGE)
    assert any("/photo.jpg" in image for block in raw.blocks for image in block.images)


def test_article_inside_chrome_named_wrappers_is_walked_after_all() -> None:
    # Page builders name every wrapper "widget"; the article is then found inside nested chrome.
    assert _body(_page("elementor-widget", "elementor-widget-container")) == PROSE


def test_reopened_rows_equal_a_walk_that_opened_them_from_the_start() -> None:
    html = _page("elementor-widget", "elementor-widget-container")
    title, found = _scan(html)
    assert found.closed
    over = 3000  # tenths of a character: more than the menus hold, less than the article
    reopened = generic_body.reopen(found, title, over)
    assert reopened is not None
    fresh_tree = LexborHTMLParser(html)
    fresh_title, _ = find_title(fresh_tree)
    assert fresh_tree.body is not None
    rows = generic_body._Rows([fresh_tree.body], [-1], [0], [0], [False], [False])
    generic_body._walk(rows, 0, generic_body._path_ids(fresh_title), over)
    fresh = generic_body._figures(rows, fresh_title)
    assert [node.html for node in reopened.nodes] == [node.html for node in fresh.nodes]
    for name in ("parent", "end", "chrome", "hidden", "own_prose", "own_short", "own_links", "own_text",
                 "owners", "closed", "title"):  # fmt: skip
        assert getattr(reopened, name) == getattr(fresh, name), name
