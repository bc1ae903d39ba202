"""A list page full of number links (a calendar's days, page numbers, scattered counters) is read in
time linear in the links: the Госвеб pager fallback asked every block about every number link (2,000
scattered day links took 30 s of CPU), and the next-page search counted the number links of the same
wide block again for each number (1,000 took 7 s)."""

from __future__ import annotations

import json
import random
import time

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest import parse_links
from pressharvest.sites.families.gosweb import _number_pager
from pressharvest.sites.landmarks import css, holds, text_of
from pressharvest.sites.list_pages import PAGER_MAX_NUMBERS
from tests.conftest import FIXTURES

PAGE_LIMIT = 5.0  # CPU seconds; the quadratic search needed minutes for these pages


def _list_page_without_pager() -> tuple[str, str, str]:
    index = json.loads((FIXTURES / "gosweb" / "index.json").read_text(encoding="utf-8"))
    page = next(page for page in index["pages"] if page["kind"] == "list")
    tree = LexborHTMLParser((FIXTURES / "gosweb" / page["file"]).read_bytes().decode("utf-8"))
    for pager in tree.css(".pagination, .pagination-ajax-container, nav"):
        pager.decompose()
    return tree.html or "", index["site"], page["url"]


def test_thousands_of_scattered_number_links_are_read_quickly() -> None:
    html, site, url = _list_page_without_pager()
    day = '<div><div><div><span><a href="/day/{}">{}</a></span></div></div></div>'
    days = "".join(day.format(i, i % 31 + 1) for i in range(3000))
    started = time.process_time()
    links = parse_links(html.replace("</body>", days + "</body>").encode(), site=site, url=url)
    assert time.process_time() - started < PAGE_LIMIT
    assert links.articles and links.next is None  # the scattered days are no pager


def _number_pager_by_pairs(tree: LexborHTMLParser) -> LexborNode | None:
    """`gosweb._number_pager` as it was written before it counted the links per element."""
    numbers = [anchor for anchor in css(tree, "a[href]") if text_of(anchor).isdigit()]
    if len(numbers) < 2:
        return None
    for number in numbers:
        block = number.parent
        for _ in range(3):
            if block is None or block.tag in ("body", "html"):
                break
            inside = sum(1 for anchor in numbers if holds(block, anchor))
            if inside >= 2:
                return block if inside <= PAGER_MAX_NUMBERS else None
            block = block.parent
    return None


def _random_numbers_page(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randrange(1, 40)):
        link = f'<a href="/p/{rng.randrange(99)}">{rng.choice([str(rng.randrange(1, 30)), "next", "x1"])}</a>'
        for _ in range(rng.randrange(0, 4)):
            link = f"<{rng.choice(['div', 'li', 'span', 'ul'])}>{link}"
        parts.append(link + rng.choice(["", "</div>", "</li></ul>", "</span></div></div>"]))
    return "<body>" + "".join(parts)


def test_counting_links_per_element_finds_the_block_the_pairwise_search_found() -> None:
    rng = random.Random(4)
    found = 0
    for _ in range(600):
        tree = LexborHTMLParser(_random_numbers_page(rng))
        expected = _number_pager_by_pairs(tree)
        got = _number_pager(tree)
        assert (got is None) == (expected is None)
        if got is not None and expected is not None:
            assert got.mem_id == expected.mem_id
            found += 1
    assert found > 100
