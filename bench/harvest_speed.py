"""Harvest speed: end-to-end pages per second and peak RSS of a whole harvest (discover, fetch, parse,
store, export) against a loopback corpus on many hosts, side by side with a minimal Scrapy spider doing
the same fetch + parse + JSONL in the same run. Politeness delays are off for both; robots.txt is obeyed
and each host gets one connection at a time, for both.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/harvest_speed.py [--hosts 20] [--per-host 100]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harvest.corpus import Corpus, serve_forever

HERE = Path(__file__).resolve().parent


def run(script: str, corpus: Corpus) -> dict[str, float]:
    args = [sys.executable, str(HERE / "harvest" / script), str(corpus.hosts), str(corpus.articles_per_host),
            str(corpus.port)]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=1800)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--per-host", type=int, default=100)
    parser.add_argument("--port", type=int, default=18731)
    args = parser.parse_args()
    corpus = Corpus(args.hosts, args.per_host, args.port)
    server = multiprocessing.Process(target=serve_forever, args=(corpus,), daemon=True)
    server.start()
    time.sleep(1.0)
    try:
        ours = run("run_ours.py", corpus)
        try:
            theirs = run("run_scrapy.py", corpus)
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            print(f"scrapy run failed ({exc}); install the bench extra", file=sys.stderr)
            theirs = None
    finally:
        server.terminate()
    pages = corpus.total
    print(f"corpus: {corpus.hosts} hosts x {corpus.articles_per_host} articles = {pages} articles "
          f"(+ list pages and robots.txt), loopback, delays off, 1 connection per host")
    rows = [("pressharvest", ours)] + ([("scrapy", theirs)] if theirs else [])
    print(f"{'tool':14} {'records':>8} {'pages/s':>9} {'peak RSS MB':>12} {'growth MB':>10}")
    for name, figures in rows:
        rate = figures["records"] / figures["wall"]
        peak = figures["peak_kb"] / 1024
        growth = (figures["peak_kb"] - figures["baseline_kb"]) / 1024
        print(f"{name:14} {int(figures['records']):8d} {rate:9.1f} {peak:12.1f} {growth:10.1f}")
    if theirs:
        speed = (ours["records"] / ours["wall"]) / (theirs["records"] / theirs["wall"])
        memory = ours["peak_kb"] / theirs["peak_kb"]
        print(f"ratio: pressharvest {speed:.2f}x Scrapy's pages/s at {memory:.2f}x its peak RSS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
