"""The cheap checks `parse_page` makes before the expensive ones must never skip a case the expensive
check would catch: the huge-attribute prefilter against the regex it guards, on pages with long
values of every kind inserted at random."""

from __future__ import annotations

import random

import pytest

from pressharvest.decode import decode_page
from pressharvest.parse import _HUGE_ATTRIBUTE, MAX_ATTRIBUTE, _may_hold_huge_attribute, _without_huge_attributes
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
