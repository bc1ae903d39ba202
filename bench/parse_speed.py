"""Parse speed: pages per second of `parse_page` over every fixture article, one process, warm,
against `trafilatura.extract` on the same pages in the same run; and the share quote extraction adds.

Rates are CPU time of this process (`time.process_time`): the machines these run on are shared, and
wall time there measures the neighbours. Wall-clock rates are printed beside them, with the load.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/parse_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

from pressharvest.errors import ParseError
from pressharvest.parse import Registry, parse_page
from pressharvest.text.quotes import extract_quotes

ROOT = Path(__file__).resolve().parent.parent


def article_pages() -> list[tuple[bytes, str, str]]:
    pages = []
    for index_path in sorted((ROOT / "fixtures").glob("*/index.json")):
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for page in index["pages"]:
            if page.get("file") and page["kind"] == "article":
                pages.append(((index_path.parent / page["file"]).read_bytes(), index["site"], page["url"]))
    return pages


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the pages (default 20)")
    args = parser.parse_args()
    pages = article_pages()
    registry = Registry.load()
    bodies = []
    for content, site, url in pages:  # warm-up: imports, the morphological dictionary, caches
        with contextlib.suppress(ParseError):
            bodies.append(parse_page(content, site=site, url=url, registry=registry).body)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        for content, site, url in pages:
            with contextlib.suppress(ParseError):
                parse_page(content, site=site, url=url, registry=registry)
    ours_wall, ours = time.perf_counter() - wall, time.process_time() - cpu
    cpu = time.process_time()
    for _ in range(args.rounds):
        for body in bodies:
            extract_quotes(body)
    quotes = time.process_time() - cpu
    total = len(pages) * args.rounds
    ours_rate = rate(total, ours)
    without_quotes = rate(total, ours - quotes)
    print(f"pages: {len(pages)} fixture articles x {args.rounds} rounds, one process, warm, CPU time "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"pressharvest parse_page:        {ours_rate:8.0f} pages/s (wall clock {rate(total, ours_wall):.0f})")
    print(f"  without quote extraction:     {without_quotes:8.0f} pages/s (quotes add {quotes / (ours - quotes):.0%})")
    try:
        import trafilatura
    except ImportError:
        print("trafilatura not installed (pip install -e '.[bench]'): no ratio", file=sys.stderr)
        return 0
    texts = [content.decode("utf-8", "replace") for content, _, _ in pages]
    for text in texts:
        trafilatura.extract(text)
    rounds = max(1, args.rounds // 5)
    cpu = time.process_time()
    for _ in range(rounds):
        for text in texts:
            trafilatura.extract(text)
    theirs_rate = rate(len(texts) * rounds, time.process_time() - cpu)
    print(f"trafilatura.extract:            {theirs_rate:8.0f} pages/s")
    print(f"ratio: pressharvest is {ours_rate / theirs_rate:.1f}x trafilatura")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
