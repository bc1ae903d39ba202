"""Chaos: workers killed with SIGKILL and the database crashed mid-run, then the same promises checked.

Against the fleet (`fleet.py`: 20 hosts, Crawl-delay, 429 + Retry-After, slow pages), every run must
end with: the stored record ids equal to the served corpus, one version per record (no duplicate, no
spurious new version), no host ever serving two of our requests at once, no two request starts to a
host closer than its delay, and the Retry-After pause honoured. Nothing here measures speed.
"""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pressharvest.harvest.store.coordination import SliceStore
from pressharvest.harvest.store.postgres import PostgresStore
from pressharvest.harvest.store.sqlite import SQLiteStore
from pressharvest.parse import Registry, parse_page
from pressharvest.sites.config import load_sites
from tests.pg import PgCluster
from tests.scale.fleet import RETRY_AFTER, Fleet, serving

# Server-side timestamps of requests from another process: thread scheduling on a loaded machine.
TOLERANCE = 0.03
HOSTS = 20
ARTICLES = 8  # per host: one list page and a second one (PER_PAGE = 10 would fit them on one)


@pytest.fixture
def fleet() -> Iterator[Fleet]:
    with serving(Fleet(hosts=HOSTS, articles=ARTICLES, delay=0.15, crawl_delay=0.3)) as running:
        yield running


def _worker_args(fleet: Fleet, db: str, tmp: Path, *extra: str) -> list[str]:
    args = [sys.executable, "-m", "pressharvest", "worker", "--db", db, "--sites",
            str(fleet.sites_toml(tmp / "sites.toml")), "--allow-loopback", "--lease-ttl", "5", *fleet.mirror_args()]
    for h in range(fleet.hosts):
        args += ["--site", fleet.site_id(h)]
    return args + list(extra)


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)


def _expected_ids(fleet: Fleet, sites_toml: Path) -> set[str]:
    registry = Registry(load_sites(sites_toml))
    return {parse_page(page, site=site, url=url, registry=registry).id for site, url, page in fleet.article_pages()}


def _lease_holder_pid(store: SliceStore, fleet: Fleet, pids: set[int]) -> int | None:
    """The pid of one of `pids` that holds a host lease right now (is inside a slice)."""
    for h in range(fleet.hosts):
        lease = store.host_lease(fleet.host_name(h))
        if lease is not None and lease.owner.startswith("pid "):
            pid = int(lease.owner.split()[1])
            if pid in pids:
                return pid
    return None


def _kill_one_inside_a_slice(
    store: SliceStore, fleet: Fleet, workers: list[subprocess.Popen[bytes]]
) -> subprocess.Popen[bytes]:
    """SIGKILL a worker at a moment it holds a host lease (is inside a slice); returns it."""
    victim: int | None = None
    deadline = time.monotonic() + 30
    while victim is None and time.monotonic() < deadline:
        victim = _lease_holder_pid(store, fleet, {w.pid for w in workers})
        time.sleep(0.02)
    assert victim is not None, "no worker was inside a slice"
    [killed] = [w for w in workers if w.pid == victim]
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    return killed


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _check_promises(fleet: Fleet, store: SliceStore, expected: set[str]) -> None:
    ids = [record.id for record in store.records()]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected, f"missing {sorted(expected - set(ids))[:5]}, extra {sorted(set(ids) - expected)[:5]}"
    spurious = {rid: len(store.record_versions(rid)) for rid in ids if len(store.record_versions(rid)) != 1}
    assert spurious == {}, f"records with more than one version: {spurious}"
    hits = fleet.by_host()
    assert len(hits) == fleet.hosts
    for h in range(fleet.hosts):
        name = fleet.host_name(h)
        seen = hits[name]
        for before, after in itertools.pairwise(seen):
            assert after.start >= before.end, f"{name}: two requests at once ({before.path}, {after.path})"
            gap = after.start - before.start
            assert gap >= fleet.expected_gap(h) - TOLERANCE, f"{name}: {gap:.3f} s between starts before {after.path}"
            if before.status == 429:
                pause = after.start - before.end
                assert pause >= RETRY_AFTER - TOLERANCE, f"{name}: Retry-After ignored ({pause:.3f} s)"
        if fleet.throttles(h):
            assert [hit.status for hit in seen].count(429) == 1, f"{name}: the 429 was never served"


def test_embedded_workers_on_sqlite_survive_kill_9(fleet: Fleet, tmp_path: Path) -> None:
    db = str(tmp_path / "store.sqlite3")
    # Two requests per slice: a walk spans slices, so a resumed cursor is exercised too.
    args = _worker_args(fleet, db, tmp_path, "--slice-pages", "2", "--until-idle")
    expected = _expected_ids(fleet, tmp_path / "sites.toml")
    workers = [_start(args, tmp_path / f"worker-{i}.log") for i in range(2)]
    store: SliceStore = SQLiteStore(db)
    try:
        _wait_for(lambda: store.record_count() >= len(expected) // 4, 120, "a quarter of the records")
        killed = _kill_one_inside_a_slice(store, fleet, workers)
        assert store.record_count() < len(expected), "the kill came too late to test anything"
        [(index, survivor)] = [(i, w) for i, w in enumerate(workers) if w is not killed]
        assert survivor.wait(timeout=240) == 0, (tmp_path / f"worker-{index}.log").read_text()[-2000:]
        # The killed worker's sites: a rerun finishes them (its leases expire first).
        rerun = subprocess.run(args, check=False, capture_output=True, text=True, timeout=240)
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        _check_promises(fleet, store, expected)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        store.close()


def test_queue_workers_survive_sigkill_and_a_database_crash(
    fleet: Fleet, tmp_path: Path, pg_cluster: PgCluster
) -> None:
    db = pg_cluster.create_database("chaos")
    common = _worker_args(fleet, db, tmp_path, "--slice-pages", "4")
    args = [*common, "--heartbeat", "1", "--stalled-after", "4", "--maintain-every", "2", "--slices", "6"]
    expected = _expected_ids(fleet, tmp_path / "sites.toml")
    schedule = [*common[:3], "schedule", *common[4:]]
    done = subprocess.run(schedule, check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and f"scheduled {HOSTS} site(s)" in done.stdout, done.stderr[-2000:]
    workers = [_start(args, tmp_path / f"worker-{i}.log") for i in range(4)]
    store = PostgresStore(db)
    try:
        _wait_for(lambda: store.record_count() >= len(expected) // 5, 120, "a fifth of the records")
        killed = _kill_one_inside_a_slice(store, fleet, workers)
        before_crash = _count(store)
        pg_cluster.restart_immediate()
        assert before_crash < len(expected), "the crash came too late to test anything"
        _wait_for(lambda: _count(store) >= len(expected), 180, "every record after the kill and the crash")
        running = [(i, w) for i, w in enumerate(workers) if w is not killed]
        for _, worker in running:
            worker.send_signal(signal.SIGTERM)
        for i, worker in running:
            log = tmp_path / f"worker-{i}.log"
            assert worker.wait(timeout=120) == 0, f"worker {i} after SIGTERM: {log.read_text()[-2000:]}"
        _check_promises(fleet, store, expected)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        store.close()


def _count(store: PostgresStore) -> int:
    """Records so far; 0 while the database is restarting (the store reconnects on the next call)."""
    from pressharvest.errors import StoreError

    try:
        return store.record_count()
    except StoreError:
        return 0
