"""Cheap checks taken before expensive ones must agree with them: the huge-attribute prefilter of
`parse_page` never hides a value the regex would empty, the bytes lexbor is handed instead of the
decoded text are that text in UTF-8 (and decoding once for both gives what decoding twice gave), the
root-down depth query finds what the per-element one finds, the visible-text walk with a stack reads
what the recursive one read, `text_reaches` answers what the length of `text_of` answers, the
canonical link is the page's first (else og:url), links holding a picture are the
ones the per-link query found, queries through the shared selector engine find what each page's own
engine finds, elements picked by `:lexbor-contains` include every one holding the word in a text
node of its own, text that `only_spacing_to_clean` accepts is cleaned by folding its whitespace
alone, and positions compared below a common ancestor order nodes as the whole-page count did."""

from __future__ import annotations

import random
import re
import threading

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.decode import choose_charset, decode_page, decode_with_charset
from pressharvest.parse import (
    _HUGE_ATTRIBUTE,
    MAX_ATTRIBUTE,
    _may_hold_huge_attribute,
    _utf8_source,
    _without_huge_attributes,
)
from pressharvest.sites.landmarks import (
    _RE_I_ONLY,
    LINK_WITH_PICTURE,
    RATING,
    RATING_WORD,
    UPDATED,
    UPDATED_WORD,
    _add_visible_texts,
    _find_text_in,
    _later_than,
    _paragraph_score,
    _plain_text,
    canonical_link,
    css,
    css_first,
    find_text,
    holding_text,
    href_of,
    spellings,
    text_of,
    text_reaches,
)
from pressharvest.text.blocks import SKIP_TAGS
from pressharvest.text.clean import clean_text, only_spacing_to_clean
from tests.conftest import fixture_pages


def _pages() -> list[str]:
    return [decode_page(page.path.read_bytes()) for page in fixture_pages() if page.kind == "article"][:20]


@pytest.mark.parametrize("seed", range(4))
def test_prefilter_never_hides_a_value_the_regex_would_empty(seed: int) -> None:
    rng = random.Random(seed)
    pages = _pages()
    for _ in range(150):
        page = rng.choice(pages)
        length = MAX_ATTRIBUTE + rng.choice([-2, -1, 0, 1, 2, 100, 20_000])
        quote = rng.choice(['"', "'", ""])
        filler = rng.choice(["x", "a b", ">", "'", '"', "я"])
        value = (filler * length)[:length]
        at = rng.randrange(len(page) + 1)
        text = page[:at] + "=" + rng.choice(["", " ", "\n"]) + quote + value + quote + page[at:]
        if rng.random() < 0.3:
            text = text[: rng.randrange(len(text))]
        if rng.random() < 0.3:
            text = "w" * rng.randrange(40_000) + text
        emptied = _HUGE_ATTRIBUTE.sub(r'=\1""', text)
        if emptied != text:
            assert _may_hold_huge_attribute(text)
        assert _without_huge_attributes(text) == (emptied if len(text) >= MAX_ATTRIBUTE else text)


def test_prefilter_lets_ordinary_pages_through() -> None:
    assert not any(_may_hold_huge_attribute(page) for page in _pages()[:5])


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Рейтинг  новости:\n 5", True),
        (" plain text ", True),
        ("рей\u00adтинг", False),  # a soft hyphen is removed
        ("a\u200bb", False),
        ("и\u0306", False),  # NFC composes й
        ("\u2000a", False),  # NFC maps U+2000 to U+2002
    ],
)
def test_text_accepted_as_plain_is_cleaned_by_folding_spaces(text: str, plain: bool) -> None:
    assert only_spacing_to_clean(text) is plain
    if plain:
        assert clean_text(text) == " ".join(text.split())


def test_plain_check_on_random_text() -> None:
    rng = random.Random(5)
    alphabet = "ab й\u0306\u0301e\n\t\u00a0\u00ad\u200b\u2000«»–ёЁ"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        if only_spacing_to_clean(text):
            assert clean_text(text) == " ".join(text.split())


def test_bytes_given_to_lexbor_are_the_decoded_text() -> None:
    pages = [page.path.read_bytes() for page in fixture_pages()]
    pages += [b"\xef\xbb\xbf<p>bom</p>", "<p>Привет</p>".encode("cp1251"), b"<p>\xff broken</p>"]
    pages.append("<p>\ufffd</p>".encode())
    used = 0
    for content in pages:
        text, charset = decode_with_charset(content)
        source = _utf8_source(content, text, charset)
        if source is not None:
            used += 1
            assert source == text.encode("utf-8")
    assert used > len(pages) // 2
    declared = choose_charset(b"<p>x</p>", {"Content-Type": "text/html; charset=windows-1251"})
    assert _utf8_source(b"<p>x</p>", "<p>x</p>", declared) is None


def test_decoding_once_gives_what_decoding_twice_gave() -> None:
    pages = [page.path.read_bytes() for page in fixture_pages()]
    pages += [b"\xef\xbb\xbf<p>bom</p>", "<p>Привет</p>".encode("cp1251"), b"<p>\xff broken</p>", b"\xef\xbb\xbf\xff"]
    pages.append("<p>\ufffd</p>".encode())
    for headers in (None, {"Content-Type": "text/html; charset=utf-8"}, {"Content-Type": "text/html; charset=cp1251"}):
        for content in pages:
            charset = choose_charset(content, headers)
            general = content.decode("utf-8-sig" if charset.startswith("utf-8") else charset, errors="replace")
            text, chosen = decode_with_charset(content, headers)
            assert (text, chosen) == (general, charset)
            assert decode_page(content, headers) == general


_NESTING = [
    "div", "span", "section", "em", "blockquote", "font", "ul", "li", "b", "a", "p", "table", "tr", "td", "template",
    "svg", "g", "math", "mi", "foreignObject", "select", "object", "noscript", "textarea", "dl",
]  # fmt: skip


def _visible_texts_recursively(node: LexborNode, texts: list[str]) -> None:
    """`landmarks._add_visible_texts` as it was written before it walked with a stack."""
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            texts.append(child.text_content or "")
        elif tag == "br":
            texts.append(" ")
        elif not tag.startswith("-") and tag not in SKIP_TAGS:
            _visible_texts_recursively(child, texts)


def _random_nesting(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randrange(10, 120)):
        r = rng.random()
        if r < 0.6:
            parts.append(f"<{rng.choice(_NESTING)}>")
        elif r < 0.75:
            parts.append(f"</{rng.choice(_NESTING)}>")
        else:
            parts.append(rng.choice(["x", " y ", "<!-- c -->", "<br>", "<img>", "<script>s</script>", "<nav>t</nav>"]))
    return "".join(parts)


def test_visible_text_walk_with_a_stack_reads_what_the_recursive_walk_read() -> None:
    rng = random.Random(11)
    trees = [LexborHTMLParser(page) for page in _pages()[:6]]
    trees += [LexborHTMLParser(_random_nesting(rng)) for _ in range(400)]
    compared = 0
    for tree in trees:
        for node in tree.root.traverse() if tree.root is not None else ():
            expected: list[str] = []
            _visible_texts_recursively(node, expected)
            got: list[str] = []
            _add_visible_texts(node, got)
            assert got == expected
            compared += bool(expected)
    assert compared > 4000


def test_text_reaches_answers_what_the_length_of_text_of_answers() -> None:
    rng = random.Random(3)
    trees = [LexborHTMLParser(page) for page in _pages()[:8]]
    trees += [LexborHTMLParser(_random_nesting(rng).replace("x", "x" * rng.randrange(1, 80))) for _ in range(300)]
    trees.append(LexborHTMLParser("<div>" + "<p>  \u00ad  </p>" * 500 + "<p>word</p>" * 200 + "</div>"))
    asked = yes = 0
    for tree in trees:
        for node in tree.root.traverse() if tree.root is not None else ():
            length = len(text_of(node))
            for limit in (1, 40, 300, 301, length, length + 1):
                assert text_reaches(node, limit) == (length >= limit)
                asked += 1
                yes += length >= limit
    assert asked > 50_000 and 0.2 < yes / asked < 0.9


def _paragraph_score_by_walks(paragraph: LexborNode) -> int:
    """`landmarks._paragraph_score` as it was written before it read text in C."""
    text = text_of(paragraph)
    if not text:
        return 0
    links = sum(len(text_of(a)) for a in paragraph.traverse(include_text=False) if a.tag == "a")
    return max(0, len(text) - 2 * links)


def test_text_read_in_c_is_text_of_for_elements_without_hidden_markup() -> None:
    rng = random.Random(5)
    pages = _pages()[:8] + [
        _random_nesting(rng).replace("x", rng.choice(["x", "<a href=/>link</a>", " \u00ad ", "e\u0301", "\u00a0"]))
        for _ in range(400)
    ]
    compared = scored = 0
    for page in pages:
        tree = LexborHTMLParser(page)
        for node in tree.root.traverse() if tree.root is not None else ():
            if css_first(node, ", ".join(sorted(SKIP_TAGS))) is None:
                assert _plain_text(node) == text_of(node)
                compared += bool(text_of(node))
            assert _paragraph_score(node) == _paragraph_score_by_walks(node)
            scored += _paragraph_score(node) > 0
    assert compared > 1500 and scored > 1000


def test_lowering_finds_a_cyrillic_letter_where_ignorecase_does_and_nowhere_else() -> None:
    # `spellings` finds key words in `text.lower()`: over every code point, a character lowers to a
    # Cyrillic letter exactly when re.I matches it with that letter, but for the listed exceptions.
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    either = re.compile(f"[{letters}]", re.I)
    exceptions = set()
    for code in range(0x110000):
        char = chr(code)
        lowered = char.lower()
        if either.fullmatch(char) is None:
            assert lowered not in letters or len(lowered) != 1, hex(code)
            continue
        if lowered not in letters or len(lowered) != 1:
            exceptions.add(char)
            continue
        assert re.fullmatch(lowered, char, re.I), hex(code)  # the letter it lowers to is the one it matches
        for other in letters:
            assert (re.fullmatch(other, char, re.I) is not None) == (other == lowered), (hex(code), other)
    assert exceptions == set(_RE_I_ONLY)


def test_spellings_are_the_distinct_matches_of_the_key_word() -> None:
    rng = random.Random(8)
    pieces = ["Рейтинг", "рейтинг", "РЕЙТИНГ", "рЕйТиНг", "Рейт", "инг", "обновлено", "ОБНОВЛЕН", "Изменено",
              "изменен", "изменения", " ", "\n", "\u00ad", "\u0130", "\u1c84", "\u1c82", "о", "x", "ё", "Ё",
              "ß"]  # fmt: skip
    words = [RATING_WORD, UPDATED_WORD, re.compile("обновлен|изменен", re.I), re.compile("ёлка", re.I)]
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        for word in words:
            expected = {match.group() for match in word.finditer(text)}
            assert spellings(text, word) == expected, (text, word.pattern)
            found += bool(expected)
    assert found > 3000


def test_canonical_link_is_the_pages_first_or_og_url() -> None:
    rng = random.Random(5)
    spots = ["<head>", "</head>", "<body>", "<div>", "</div>", "</body>"]
    for _ in range(600):
        parts = ["<html>", "<head>", "<title>t</title>", "</head>", "<body>", "<div>", "<p>x</p>", "</div>", "</body>"]
        for _ in range(rng.randrange(3)):  # canonical links (some without href) and og:url metas put anywhere
            link = rng.choice(['<link rel="canonical" href="/a{}">', '<link rel="canonical">', '<meta content="/m{}">'])
            link = link.replace("<meta ", '<meta property="og:url" ')
            at = parts.index(rng.choice(spots)) + 1
            parts.insert(at, link.format(rng.randrange(100)))
        tree = LexborHTMLParser("".join(parts))
        first = tree.css_first('link[rel="canonical"]')
        if first is not None and first.attrs.get("href"):
            assert canonical_link(tree) == href_of(first)
        else:
            og = tree.css_first('meta[property="og:url"]')
            assert canonical_link(tree) == (og.attrs.get("content") if og is not None else None)


def test_links_holding_a_picture_are_those_the_per_link_query_finds() -> None:
    pages = [
        *_pages(),
        "<a href=x.jpg><span><img src=t.jpg></span></a><a href=y.jpg>no</a><img><a href=z.png><img></a>",
    ]
    for page in pages:
        tree = LexborHTMLParser(page)
        expected = [a.mem_id for a in tree.css("a[href]") if a.css_first("img") is not None]
        assert [a.mem_id for a in tree.css(LINK_WITH_PICTURE)] == expected
        # `attrs.get` reads one attribute where `attributes` builds the dict of all: the same values.
        for node in tree.css("a, img, meta, link"):
            for name in ("href", "src", "data-src", "content", "title"):
                assert node.attrs.get(name) == node.attributes.get(name)


_QUERIES = [
    "h1",
    "a[href]",
    'link[rel="canonical"]',
    "p, li",
    "div > p:first-child",
    "xyzzy",
    "body *:has(img)",
    "a[href]:has(img)",
]


def _same_nodes(got: object, expected: object) -> bool:
    if isinstance(got, list) and isinstance(expected, list):
        return [n.mem_id for n in got] == [n.mem_id for n in expected]
    if isinstance(got, LexborNode) and isinstance(expected, LexborNode):
        return got.mem_id == expected.mem_id
    return got is None and expected is None


def test_the_shared_selector_engine_finds_what_the_page_engine_finds() -> None:
    for page in _pages():
        tree = LexborHTMLParser(page)
        scopes: list[LexborHTMLParser | LexborNode] = [tree, *(node for node in tree.css("div")[:5])]
        for scope in scopes:
            for query in _QUERIES:
                assert _same_nodes(css(scope, query), scope.css(query))
                assert _same_nodes(css_first(scope, query), scope.css_first(query))


def test_each_thread_queries_with_its_own_engine() -> None:
    pages = _pages()[:4]
    expected = [[n.mem_id for n in LexborHTMLParser(page).css("a[href]")] for page in pages]
    failures: list[int] = []

    def run(k: int) -> None:
        for _ in range(20):
            tree = LexborHTMLParser(pages[k])
            if [n.mem_id for n in css(tree, "a[href]")] != [n.mem_id for n in tree.css("a[href]")]:
                failures.append(k)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(pages))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert all(expected)


_TEXT_TAGS = ["div", "p", "span", "b", "a", "li", "ul", "td", "table", "tr", "script", "style", "template", "noscript",
              "textarea", "title", "svg", "i", "h1"]  # fmt: skip
_TEXTS = ["Рейтинг", "рейтинг", "РЕЙТИНГ", "x", "Рей", "тинг", " ", "\n", "<!--c-->", "&nbsp;", "Рейтинг новости: 5",
          "обновлено 12.03.2024", "Изменено: 1 мая 2024 г.", "изменен", "Рейтинг новости: <b>-3</b>"]  # fmt: skip


def _random_pages(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randrange(5, 40)):
            r = rng.random()
            if r < 0.35:
                parts.append(f"<{rng.choice(_TEXT_TAGS)}>")
            elif r < 0.55:
                parts.append(f"</{rng.choice(_TEXT_TAGS)}>")
            else:
                parts.append(rng.choice(_TEXTS))
        pages.append("<body>" + "".join(parts))
    return pages


def test_lexbor_contains_picks_every_element_holding_the_word_in_order() -> None:
    holding_any = 0
    for page in _random_pages(21, 1500):
        body = LexborHTMLParser(page).body
        assert body is not None
        for word in ("Рейтинг", "рейтинг", "РЕЙТИНГ", "изменен"):
            expected = [
                node.mem_id
                for node in body.traverse(include_text=False)
                if any(word in (c.text_content or "") for c in node.iter(include_text=True) if c.tag == "-text")
            ]
            picked = [node.mem_id for node in holding_text(body, [word]) or []]
            assert set(expected) <= set(picked)
            assert [m for m in picked if m in set(expected)] == expected
            holding_any += bool(expected)
    assert holding_any > 500


def test_find_text_with_picked_elements_finds_what_the_walk_finds() -> None:
    pages = [*_pages(), *_random_pages(22, 1500)]
    pages += [
        page.path.read_bytes().decode("utf-8", "replace") for page in fixture_pages() if page.site == "admobninsk"
    ]
    for page in pages:
        for pattern, needs, trigger in (
            (RATING, RATING_WORD, re.compile(r"Рейтинг\s+новости", re.I)),
            (UPDATED, UPDATED_WORD, None),
        ):
            body = LexborHTMLParser(page).body
            assert body is not None
            whole = body.text(separator=" ")
            plain = only_spacing_to_clean(whole)
            general = _find_text_in(body.traverse(include_text=False), pattern, (), trigger, needs if plain else None)
            if not needs.search(whole if plain else clean_text(whole)):
                general = None
            found = find_text(body, pattern, trigger=trigger, needs=needs)
            assert (found and (found.group(0), found.string)) == (general and (general.group(0), general.string))


def _elements_in_document_order(tree: LexborHTMLParser) -> list[LexborNode]:
    return [node for node in tree.root.traverse(include_text=False) if not (node.tag or "-").startswith("-")]


def test_later_than_is_document_order() -> None:
    rng = random.Random(3)
    for page in fixture_pages()[::3]:
        nodes = _elements_in_document_order(LexborHTMLParser(decode_page(page.path.read_bytes())))
        order = {node.mem_id: index for index, node in enumerate(nodes)}
        sizes: dict[int, int] = {}
        for _ in range(40):
            a, b = rng.choice(nodes), rng.choice(nodes)
            assert _later_than(a, b, sizes) == (order[a.mem_id] > order[b.mem_id])


def test_an_element_after_a_title_with_many_earlier_siblings_is_later() -> None:
    # Each earlier sibling was counted twice (its subtree already holds it): the title's ten
    # siblings put it after the next block, which then did not count as after the title.
    tree = LexborHTMLParser('<div>' + '<i></i>' * 10 + '<h1 id="t">T</h1></div><div id="next"><!-- x --></div>')
    title, following = tree.css_first("#t"), tree.css_first("#next")
    assert title is not None and following is not None
    assert _later_than(following, title, {}) and not _later_than(title, following, {})
