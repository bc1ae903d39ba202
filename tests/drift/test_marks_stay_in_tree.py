"""The Kaluga template takes the page's headings out of its text container before trimming the
container's chrome around the headline and the date line. A heading taken out of the tree is detached
(selectolax 1.x keeps its memory until the page is dropped): a mark inside one must not be handed to
`trim_chrome`, which walks its ancestors and keeps the blocks holding it (a detached node has no
ancestors, so the records were the same, but the code relied on what a removed node answers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from selectolax.lexbor import LexborNode
from tests.conftest import fixture_pages

import pressharvest.sites.families.admoblkaluga as kaluga
from pressharvest import parse_page

PAGES = [page for page in fixture_pages() if page.folder.name.startswith("admoblkaluga") and page.kind == "article"]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page.folder.name}/{page.file}")
def test_no_mark_inside_a_removed_heading(page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    removed: set[int] = set()  # mem_ids of every node of the headings taken out
    marked: list[int] = []
    page_headings, trim_chrome = kaluga.page_headings, kaluga.trim_chrome

    def recording_headings(container: LexborNode) -> list[LexborNode]:
        headings = page_headings(container)
        for heading in headings:
            removed.update(node.mem_id for node in heading.traverse(include_text=False))
        return headings

    def recording_trim(container: LexborNode, *, marks: Iterable[LexborNode | None] = (), **kwargs: Any) -> None:
        marks = list(marks)
        marked.extend(mark.mem_id for mark in marks if mark is not None)
        trim_chrome(container, marks=marks, **kwargs)

    monkeypatch.setattr(kaluga, "page_headings", recording_headings)
    monkeypatch.setattr(kaluga, "trim_chrome", recording_trim)
    record = parse_page(page.path.read_bytes(), site=page.site, url=page.url)
    assert record.model_dump(mode="json")["body"] == page.expected()["body"]
    assert marked, "the page's headline or date line is a mark"
    assert not removed.intersection(marked)
