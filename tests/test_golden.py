"""The golden test: every saved page in fixtures/ gives exactly its expected record or link list.

Reference folders (copied from shared/sites) and the project's own folders (drift variants, new
families) are all walked; a page whose expected record is still a draft fails until a human has
checked it and removed `"draft": true` from its index entry.
"""

from __future__ import annotations

import json

import pytest

from pressharvest.errors import ParseError
from pressharvest.parse import parse_links, parse_page
from tests.conftest import FIXTURES, FixturePage, fixture_pages

PAGES = fixture_pages()


@pytest.mark.parametrize("page", PAGES, ids=[p.test_id for p in PAGES])
def test_page_matches_expected(page: FixturePage) -> None:
    assert not page.draft, f"{page.test_id}: expected record is a draft; check it and drop 'draft'"
    content = page.path.read_bytes()
    expected = page.expected()
    if page.kind in ("list", "rss"):
        got = parse_links(content, site=page.site, url=page.url).model_dump(mode="json")
        assert got == expected
    elif page.kind == "article-error":
        with pytest.raises(ParseError) as caught:
            parse_page(content, site=page.site, url=page.url)
        assert caught.value.field == expected["error"]
        assert "\n" not in str(caught.value)
    else:
        record = parse_page(content, site=page.site, url=page.url).model_dump(mode="json")
        provenance = record.pop("provenance")
        assert provenance["parser"].split("/")[0] in (page.family, page.family.removesuffix("-drift"))
        for field in expected:
            assert record[field] == expected[field], f"{page.test_id}: field {field!r} differs"
        assert set(record) == set(expected)


def test_every_family_has_fixtures() -> None:
    from pressharvest.sites.registry import all_families

    covered = {page.family.removesuffix("-drift") for page in PAGES}
    missing = set(all_families()) - covered - {"generic"}
    assert not missing, f"families without fixtures: {sorted(missing)}"


def test_fixture_indexes_are_complete() -> None:
    for index_path in FIXTURES.glob("*/index.json"):
        index = json.loads(index_path.read_text(encoding="utf-8"))
        assert index["pages"], f"{index_path} lists no pages"
        for page in index["pages"]:
            if page.get("file"):
                assert (index_path.parent / page["file"]).is_file(), page["file"]
                expected = page.get("expected") or page["file"] + ".expected.json"
                text = (index_path.parent / expected).read_text(encoding="utf-8")
                assert json.loads(text), f"{expected} is empty"
