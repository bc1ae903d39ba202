from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from pressharvest.text.blocks import extract_blocks, image_source
from pressharvest.text.clean import clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\u00a0b", "a b"),
        ("2\u202f500", "2 500"),
        ("при\u00adмер", "пример"),
        ("текст\u200b текст", "текст текст"),
        ("\ufeffначало", "начало"),
        ("проше\u0308л", "прошёл"),  # decomposed ё composes under NFC
        ("  много   \n\t пробелов ", "много пробелов"),
        ("«Цитата» – текст — ещё „так“", "«Цитата» – текст — ещё „так“"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def _blocks(html: str) -> list[str]:
    tree = LexborHTMLParser(f"<div id=c>{html}</div>")
    node = tree.css_first("#c")
    assert node is not None
    return [block.text for block in extract_blocks(node) if block.text]


def test_paragraphs_lists_and_headings_are_blocks() -> None:
    html = "<h3>Итоги</h3><p>Первый.</p><ul><li>один</li><li>два</li></ul><p>Второй.</p>"
    assert _blocks(html) == ["Итоги", "Первый.", "один", "два", "Второй."]


def test_double_br_splits_and_single_br_is_a_space() -> None:
    html = "<div>Раз<br>два<br><br>три<br>&nbsp;<br>четыре<br /><br /><br />пять</div>"
    assert _blocks(html) == ["Раз два", "три", "четыре", "пять"]


def test_table_rows_join_cells() -> None:
    html = "<table><thead><tr><th>Служба</th><th>Телефон</th></tr></thead><tr><td>ЕДДС</td><td>112</td></tr></table>"
    assert _blocks(html) == ["Служба | Телефон", "ЕДДС | 112"]


def test_word_markup_and_comments_are_ignored() -> None:
    html = (
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
        "<p class=MsoNormal><span style='x'>Добры</span><span>нина</span><o:p></o:p></p>"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p><style>p{}</style><script>var a=1;</script>"
    )
    assert _blocks(html) == ["Добрынина"]


def test_image_caption_keeps_text_and_image() -> None:
    tree = LexborHTMLParser("<div id=c><p><img src='/a.jpg'><br><em>Подпись</em></p><p><img src='/b.jpg'></p></div>")
    node = tree.css_first("#c")
    assert node is not None
    blocks = extract_blocks(node)
    assert [(b.text, b.images) for b in blocks] == [("Подпись", ["/a.jpg"]), ("", ["/b.jpg"])]


def test_nested_template_paragraph_is_not_doubled() -> None:
    assert _blocks("<p><p>Один.</p><p>Два.</p></p>") == ["Один.", "Два."]


def test_links_keep_their_text() -> None:
    tree = LexborHTMLParser("<div id=c><p>См. <a href='/d.pdf'>Положение</a> (pdf, 1 Мб)</p></div>")
    node = tree.css_first("#c")
    assert node is not None
    (block,) = extract_blocks(node)
    assert block.text == "См. Положение (pdf, 1 Мб)"
    assert [(link.href, link.text) for link in block.links] == [("/d.pdf", "Положение")]


@pytest.mark.parametrize(
    ("img", "expected"),
    [
        ('<img src="/a.jpg" data-src="/b.jpg">', "/a.jpg"),  # a real picture stays, whatever else it carries
        ('<img src="data:image/gif;base64,R0lGOD" data-src="/b.jpg">', "/b.jpg"),
        ('<img src="/images/blank.gif" data-original=" /c.jpg ">', "/c.jpg"),
        ('<img src="/i/lazy-placeholder.png" data-lazy-src="/d.jpg">', "/d.jpg"),
        ('<img data-src="/e.jpg">', "/e.jpg"),
        ('<img src="/images/spacer.gif">', "/images/spacer.gif"),  # no address waiting: src as it is
        ('<img src="/pixel-art/contest.jpg" data-src="/f.jpg">', "/pixel-art/contest.jpg"),  # a folder, not a file
        ("<img>", ""),
        # responsive and lazy-responsive pictures: the largest file of the set
        ('<img srcset="/g-400.jpg 400w, /g-1600.jpg 1600w, /g-800.jpg 800w" sizes="100vw">', "/g-1600.jpg"),
        ('<img src="/i/placeholder.svg" data-srcset="/h.jpg 1x, /h@2x.jpg 2x">', "/h@2x.jpg"),
        ('<img srcset="/c/w_300,h_200/k.jpg 300w,/c/w_900,h_600/k.jpg 900w">', "/c/w_900,h_600/k.jpg"),
        ('<img srcset="/only.jpg">', "/only.jpg"),
        ('<img src="/real.jpg" srcset="/real-2x.jpg 2x">', "/real.jpg"),  # a real src stays
        # a spacer or a visit counter's pixel is no picture
        ('<img src="/images/spacer.gif" width="1" height="1">', ""),
        ('<img src="https://counter.yadro.ru/hit?t44.1;r" width="1" height="1" style="display:none">', ""),
        ('<img src="/p.gif" width="1px" height="0">', ""),
        ('<img src="/rule.png" width="1" height="300">', "/rule.png"),  # one side alone says nothing
    ],
)
def test_image_source_reads_the_picture_behind_a_lazy_loading_placeholder(img: str, expected: str) -> None:
    node = LexborHTMLParser(f"<p>{img}</p>").css_first("img")
    assert node is not None
    assert image_source(node) == expected
    assert extract_blocks(LexborHTMLParser(f"<div><p>x{img}</p></div>").css_first("div")).pop().images == (
        [expected] if expected else []
    )
