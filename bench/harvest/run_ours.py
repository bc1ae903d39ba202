"""Child process: one pressharvest harvest of the generated corpus; prints its figures as JSON."""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.run import harvest
from pressharvest.sites.config import Site

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harvest.corpus import Corpus


def main() -> None:
    hosts, per_host, port = (int(arg) for arg in sys.argv[1:4])
    corpus = Corpus(hosts, per_host, port)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sites = tuple(
        Site(id=corpus.site_id(h), family="admobninsk", base_url=corpus.origin(h),
             list_url=corpus.origin(h) + "/news/", delay=0.0)
        for h in range(hosts)
    )
    with tempfile.TemporaryDirectory() as tmp:
        options = HarvestOptions(
            sites=sites, db=str(Path(tmp) / "bench.sqlite3"), out=Path(tmp), max_list_pages=10_000,
            mirrors={corpus.origin(h): f"http://{corpus.address(h)}:{port}" for h in range(hosts)},
            allow_loopback=True, delay=0.0, concurrency=64, progress=False,
        )
        started = time.perf_counter()
        report = harvest(options)
        wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    total = report.totals()
    print(json.dumps({"records": total["new"], "failed": total["failed"], "wall": wall,
                      "peak_kb": peak, "baseline_kb": baseline}))


if __name__ == "__main__":
    main()
