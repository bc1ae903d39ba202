"""Scale-out benchmark: pages/s with 1, 2 and 4 queue workers on one PostgreSQL, politeness off then on.

Starts its own PostgreSQL (as the tests do: `initdb` + `pg_ctl` in a temporary folder, loopback port)
and the test fleet (`tests/scale/fleet.py`: 20 generated sites on one loopback port, Crawl-delay,
429 + Retry-After and slow pages). For each run: a fresh database, `pressharvest schedule`, N
`pressharvest worker` processes, the clock stopped when every article is stored. Also measured: the
commits per second the database sustains (`commit_page` from 1 and 4 threads, no network), the
embedded SQLite mode with one worker, and per host the least gap between two request starts the
server saw, next to the politeness bound sum over hosts of 1 / (delay + latency).

    .venv/bin/python bench/scale_out.py [--hosts 20] [--articles 30] [--out bench/results/scale_out.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pg import PgCluster, running_cluster  # noqa: E402
from tests.scale.fleet import Fleet, serving  # noqa: E402
from tests.store.conftest import build_record  # noqa: E402

from pressharvest.harvest.store.postgres import PostgresStore  # noqa: E402
from pressharvest.harvest.store.sqlite import SQLiteStore  # noqa: E402


def _args(fleet: Fleet, db: str, tmp: Path, delay: float) -> list[str]:
    args = ["--db", db, "--sites", str(fleet.sites_toml(tmp / "sites.toml")), "--allow-loopback",
            "--delay", str(delay), *fleet.mirror_args()]
    for h in range(fleet.hosts):
        args += ["--site", fleet.site_id(h)]
    return args


def _gaps(fleet: Fleet) -> dict[str, Any]:
    """Per host: the least gap between request starts, and the mean response time (latency)."""
    least, slack, latency = [], [], []
    grouped = fleet.by_host()
    for h in range(fleet.hosts):
        hits = grouped[fleet.host_name(h)]
        gaps = [b.start - a.start for a, b in itertools.pairwise(hits)]
        least.append(min(gaps))
        slack.append(min(gaps) - fleet.expected_gap(h))
        latency.append(sum(hit.end - hit.start for hit in hits) / len(hits))
    bound = sum(1 / (fleet.expected_gap(h) + latency[h]) for h in range(fleet.hosts))
    # Starts are paced from the end of the previous response: a host's requests take at least
    # (n - 1) * (delay + latency) however many workers there are. The largest such site is the floor.
    floor = max((len(grouped[fleet.host_name(h)]) - 1) * (fleet.expected_gap(h) + latency[h])
                for h in range(fleet.hosts))
    return {"min_gap_s": round(min(least), 4), "min_gap_minus_delay_s": round(min(slack), 4),
            "mean_latency_s": round(sum(latency) / len(latency), 4), "politeness_bound_req_s": round(bound, 1),
            "largest_site_floor_s": round(floor, 1)}


def queue_run(cluster: PgCluster, workers: int, *, hosts: int, articles: int, delay: float) -> dict[str, Any]:
    fleet = Fleet(hosts=hosts, articles=articles, delay=delay, crawl_delay=2 * delay)
    total = hosts * articles
    with tempfile.TemporaryDirectory() as folder, serving(fleet):
        tmp = Path(folder)
        db = cluster.create_database("bench")
        common = _args(fleet, db, tmp, delay)
        subprocess.run([sys.executable, "-m", "pressharvest", "schedule", *common], check=True, capture_output=True)
        started = time.monotonic()
        procs = [subprocess.Popen([sys.executable, "-m", "pressharvest", "worker", *common, "--slices", "32",
                                   "--heartbeat", "2", "--maintain-every", "5"],
                                  stdout=subprocess.DEVNULL, stderr=(tmp / f"w{i}.log").open("wb"))
                 for i in range(workers)]
        with PostgresStore(db) as store:
            while store.record_count() < total and time.monotonic() - started < 1800:
                time.sleep(0.2)
            elapsed = time.monotonic() - started
            stored = store.record_count()
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=300)
        requests = sum(len(hits) for hits in fleet.by_host().values())
    return {"mode": "queue", "workers": workers, "delay_s": delay, "pages": stored, "seconds": round(elapsed, 2),
            "pages_per_s": round(stored / elapsed, 1), "requests_per_s": round(requests / elapsed, 1), **_gaps(fleet)}


def embedded_run(*, hosts: int, articles: int, delay: float) -> dict[str, Any]:
    fleet = Fleet(hosts=hosts, articles=articles, delay=delay, crawl_delay=2 * delay)
    with tempfile.TemporaryDirectory() as folder, serving(fleet):
        tmp = Path(folder)
        db = str(tmp / "store.sqlite3")
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "pressharvest", "worker", *_args(fleet, db, tmp, delay),
                        "--until-idle", "--slices", "32"], check=True, capture_output=True)
        elapsed = time.monotonic() - started
        with SQLiteStore(db) as store:
            stored = store.record_count()
    return {"mode": "embedded (SQLite)", "workers": 1, "delay_s": delay, "pages": stored,
            "seconds": round(elapsed, 2), "pages_per_s": round(stored / elapsed, 1), **_gaps(fleet)}


def commit_rate(cluster: PgCluster, threads: int, per_thread: int = 400) -> dict[str, Any]:
    """`commit_page` (record upsert + version + URL state in one transaction) from `threads` connections."""
    db = cluster.create_database("commits")
    stores = [PostgresStore(db) for _ in range(threads)]
    records = [[build_record(t * per_thread + n) for n in range(per_thread)] for t in range(threads)]

    def work(store: PostgresStore, batch: list[Any]) -> None:
        for record in batch:
            store.commit_page(record.url, record.site, record, None, run_id=None)

    started = time.monotonic()
    pool = [threading.Thread(target=work, args=(s, b)) for s, b in zip(stores, records, strict=True)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    for store in stores:
        store.close()
    return {"threads": threads, "commits": threads * per_thread, "commits_per_s": round(threads * per_thread / elapsed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--articles", type=int, default=30, help="articles per host")
    parser.add_argument("--delay", type=float, default=0.25, help="the per-host delay of the 'on' runs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale_out.json")
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl-C, so the PostgreSQL cluster and the workers are stopped and removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results: dict[str, Any] = {"hosts": args.hosts, "articles_per_host": args.articles, "cpus": os.cpu_count(),
                               "runs": [], "commits": []}
    with running_cluster() as cluster:
        for threads in (1, 4):
            results["commits"].append(row := commit_rate(cluster, threads))
            print(row, flush=True)
        for delay in (0.0, args.delay):
            results["runs"].append(row := embedded_run(hosts=args.hosts, articles=args.articles, delay=delay))
            print(row, flush=True)
            for workers in (1, 2, 4):
                row = queue_run(cluster, workers, hosts=args.hosts, articles=args.articles, delay=delay)
                results["runs"].append(row)
                print(row, flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
