"""The generic extractor on every reference article, with no site parser: body F1 ≥ 0.90.

Body F1 is the paragraph-multiset F1 of ../shared/tools/score_pages.py, averaged over the pages; the
number is measured here, not stored.
"""

from __future__ import annotations

from collections import Counter

from pressharvest.errors import PressHarvestError
from pressharvest.parse import Registry, parse_page
from pressharvest.sites.config import Site
from tests.conftest import fixture_pages

FAMILIES = {"admobninsk", "admoblkaluga", "gossite", "gosweb"}


def paragraph_f1(got: list[str], want: list[str]) -> float:
    g, w = Counter(got), Counter(want)
    hit = sum((g & w).values())
    p = hit / sum(g.values()) if g else (1.0 if not w else 0.0)
    r = hit / sum(w.values()) if w else (1.0 if not g else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def test_generic_body_f1_on_reference_pages() -> None:
    scores = []
    for page in fixture_pages():
        if page.family not in FAMILIES or page.kind != "article" or page.folder.name != page.family:
            continue
        real = Registry.load().sites.get(page.site)
        timezone = real.timezone if real is not None else "Europe/Moscow"
        site = Site(id=page.site, family="generic", base_url=real.base_url if real else page.url, timezone=timezone)
        try:
            body = parse_page(page.path.read_bytes(), site=page.site, url=page.url,
                              registry=Registry({page.site: site})).body  # fmt: skip
        except PressHarvestError:
            body = []
        scores.append(paragraph_f1(body, page.expected()["body"]))
    assert len(scores) >= 40
    assert sum(scores) / len(scores) >= 0.90
