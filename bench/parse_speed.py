"""Parse speed: pages per second of `parse_page` over every fixture article, one process, warm,
against `trafilatura.extract` on the same pages in the same run; and the share quote extraction adds.

Rates are CPU time of this process (`time.process_time`): the machines these run on are shared, and
wall time there measures the neighbours. The two tools' rounds alternate, as many of each; each round
is timed alone and the best round is reported (as `timeit` does: the least disturbed run), with the
median round beside it, for both tools alike;
wall-clock rates and the load are printed too. The rate is given for all the fixture articles, and
apart for the sites' own pages (the common case of a harvest) and for the drift variants written to
test redesigns, which take the slower fallback paths.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/parse_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

from pressharvest.errors import ParseError
from pressharvest.parse import Registry, parse_page
from pressharvest.text.quotes import extract_quotes

ROOT = Path(__file__).resolve().parent.parent


def article_pages(*, drift: bool | None = None) -> list[tuple[bytes, str, str]]:
    """Every fixture article; with `drift`, only the drift variants (True) or the sites' own pages."""
    pages = []
    for index_path in sorted((ROOT / "fixtures").glob("*/index.json")):
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for page in index["pages"]:
            if page.get("file") and page["kind"] == "article" and drift in (None, bool(page.get("drift"))):
                pages.append(((index_path.parent / page["file"]).read_bytes(), index["site"], page["url"]))
    return pages


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def _trafilatura() -> Callable[[str], object] | None:
    try:
        import trafilatura
    except ImportError:
        print("trafilatura not installed (pip install -e '.[bench]'): no ratio", file=sys.stderr)
        return None
    extract: Callable[[str], object] = trafilatura.extract
    return extract


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the pages (default 20)")
    args = parser.parse_args()
    own, variants = article_pages(drift=False), article_pages(drift=True)
    pages = own + variants
    registry = Registry.load()
    bodies = []
    for content, site, url in pages:  # warm-up: imports, the morphological dictionary, caches
        with contextlib.suppress(ParseError):
            bodies.append(parse_page(content, site=site, url=url, registry=registry).body)
    extract = _trafilatura()
    texts = [content.decode("utf-8", "replace") for content, _, _ in pages]
    if extract is not None:
        for text in texts:  # its warm-up
            extract(text)
    ours, ours_wall, quotes, theirs = [], [], [], []
    by_kind: dict[str, list[float]] = {"own": [], "variants": []}
    # Rounds of the two tools alternate, as many of each, so that both meet the same neighbours on
    # this shared machine; each round is timed alone: see `best` below.
    for _ in range(args.rounds):
        wall = time.perf_counter()
        for kind, subset in (("own", own), ("variants", variants)):
            cpu = time.process_time()
            for content, site, url in subset:
                with contextlib.suppress(ParseError):
                    parse_page(content, site=site, url=url, registry=registry)
            by_kind[kind].append(time.process_time() - cpu)
        ours.append(by_kind["own"][-1] + by_kind["variants"][-1])
        ours_wall.append(time.perf_counter() - wall)
        cpu = time.process_time()
        for body in bodies:
            extract_quotes(body)
        quotes.append(time.process_time() - cpu)
        if extract is not None:
            cpu = time.process_time()
            for text in texts:
                extract(text)
            theirs.append(time.process_time() - cpu)
    n = len(pages)
    print(f"pages: {n} fixture articles x {args.rounds} rounds, one process, warm, CPU time "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); best round, median round in ()")
    ours_best, quotes_best = min(ours), min(quotes)
    print(f"pressharvest parse_page:        {rate(n, ours_best):8.0f} pages/s ({rate(n, median(ours)):.0f}; "
          f"wall clock {rate(n, median(ours_wall)):.0f})")
    print(f"  without quote extraction:     {rate(n, ours_best - quotes_best):8.0f} pages/s "
          f"({rate(n, median(ours) - median(quotes)):.0f}; quotes add {quotes_best / (ours_best - quotes_best):.0%})")
    # The drift variants take the fallback paths a redesign forces (landmark searches, the richest
    # text container): they are the slow end, the sites' own pages the common case of a harvest.
    for kind, subset, label in (("own", own, "the sites' own pages"), ("variants", variants, "drift variants")):
        print(f"  {len(subset):3d} {label + ':':24s}{rate(len(subset), min(by_kind[kind])):8.0f} pages/s "
              f"({rate(len(subset), median(by_kind[kind])):.0f})")
    if not theirs:
        return 0
    print(f"trafilatura.extract:            {rate(n, min(theirs)):8.0f} pages/s ({rate(n, median(theirs)):.0f})")
    print(f"ratio: pressharvest is {min(theirs) / ours_best:.1f}x trafilatura "
          f"({median(theirs) / median(ours):.1f}x by median rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
