"""One slice at a time: its budget, the walk cursor it leaves, the busy host; the worker commands' edges."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.slice import SliceLimits, crawl_slice
from pressharvest.harvest.store.sqlite import SQLiteStore
from pressharvest.sites.config import load_sites
from tests.pg import PgCluster
from tests.scale.fleet import Fleet, serving


@pytest.fixture
def small_fleet() -> Iterator[Fleet]:
    with serving(Fleet(hosts=2, articles=12, delay=0.05, crawl_delay=0.1)) as running:
        yield running


def _options(fleet: Fleet, tmp: Path) -> HarvestOptions:
    """Harvest options for the fleet's second site (the first asks for a Crawl-delay)."""
    sites = load_sites(fleet.sites_toml(tmp / "sites.toml"))
    mirrors = {fleet.corpus.origin(h): fleet.url for h in range(fleet.hosts)}
    return HarvestOptions(sites=(sites[fleet.site_id(1)],), mirrors=mirrors, allow_loopback=True, progress=False)


def test_a_slice_keeps_its_budget_and_leaves_a_cursor(
    small_fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = _options(small_fleet, tmp_path)
    site = options.sites[0]
    limits = SliceLimits(max_pages=2, max_seconds=60, lease_ttl=30)
    with SQLiteStore(tmp_path / "store.sqlite3") as store:
        first = asyncio.run(crawl_slice(site, store, options, limits, run_id=store.begin_run([]), owner="test"))
        assert (first.status, first.requests) == ("more", 2)  # robots.txt and the first list page
        state = store.site_state(site.id)
        assert state is not None and state.walk_url is not None and state.walk_url.endswith("curPos=10")
        assert store.host_lease(site.host) is None  # released
        host = store.host_state(site.host)
        assert host is not None and host.next_allowed_at is not None
        results = [first]
        for _ in range(30):  # bounded: 12 articles and 2 list pages at 2 requests a slice
            if results[-1].status == "done":
                break
            results.append(asyncio.run(crawl_slice(site, store, options, limits, run_id=1, owner="test")))
        assert results[-1].status == "done"
        assert all(r.requests <= limits.max_pages for r in results)
        assert store.record_count(site.id) == 12
        state = store.site_state(site.id)
        assert state is not None and state.walk_url is None and state.discovered_at is not None
        assert state.slices == len(results)
        # Nothing due until the next rediscovery: a slice now sends nothing.
        idle = asyncio.run(crawl_slice(site, store, options, limits, run_id=1, owner="test"))
        assert (idle.status, idle.requests) == ("done", 0)
    assert main(["status", "--db", str(tmp_path / "store.sqlite3"), "--sites", str(tmp_path / "sites.toml"),
                 "--site", site.id]) == 0
    shown = capsys.readouterr().out
    assert "records: 12;" in shown and f"{site.id} ({site.host}): walk done, 0 pending" in shown


def test_a_leased_host_is_busy(small_fleet: Fleet, tmp_path: Path) -> None:
    options = _options(small_fleet, tmp_path)
    site = options.sites[0]
    with SQLiteStore(tmp_path / "store.sqlite3") as store:
        lease = store.acquire_host(site.host, "another worker", ttl=60)
        assert lease is not None
        result = asyncio.run(crawl_slice(site, store, options, SliceLimits(), run_id=store.begin_run([]), owner="me"))
        assert result.status == "busy" and result.requests == 0
        assert result.next_at == lease.expires_at
    assert small_fleet.by_host() == {}  # not one request


def test_worker_commands_refuse_what_they_cannot_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "store.sqlite3")
    assert main(["schedule", "--db", db, "--site", "admobninsk"]) == 1
    assert "schedule needs a postgresql://" in capsys.readouterr().err
    assert main(["worker", "--db", "postgresql://u@127.0.0.1:1/x", "--site", "admobninsk", "--until-idle"]) == 1
    assert "--until-idle is for the embedded mode" in capsys.readouterr().err
    assert main(["worker", "--db", "postgresql://u:pw@127.0.0.1:1/x", "--site", "admobninsk"]) == 5
    err = capsys.readouterr().err
    assert "database unreachable" in err and "pw" not in err
    assert main(["status", "--db", db, "--site", "admobninsk"]) == 1  # no such database


def test_status_and_schedule_on_postgresql(
    small_fleet: Fleet, tmp_path: Path, pg_cluster: PgCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    db = pg_cluster.create_database("status")
    args = ["--db", db, "--sites", str(small_fleet.sites_toml(tmp_path / "sites.toml"))]
    for h in range(small_fleet.hosts):
        args += ["--site", small_fleet.site_id(h)]
    assert main(["schedule", *args]) == 0
    assert "scheduled 2 site(s) of 2" in capsys.readouterr().out
    assert main(["schedule", *args]) == 0  # already queued: the queueing lock keeps one per host
    assert "scheduled 0 site(s) of 2" in capsys.readouterr().out
    assert main(["status", *args, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["queue"] == {"todo": 2}
    assert status["running"] == [] and status["records"] == 0
    assert [site["walk"] for site in status["sites"]] == ["due", "due"]
    assert main(["status", *args]) == 0
    assert "queue: 2 todo" in capsys.readouterr().out


def test_harvest_on_postgresql_stores_what_it_stores_on_sqlite(tmp_path: Path, pg_cluster: PgCluster) -> None:
    """The one-process `harvest` runs on either store: same records, and a rerun adds nothing."""
    from pressharvest.demo.server import serve_folders
    from pressharvest.harvest.store.factory import open_store
    from tests.harvest.conftest import FOLDERS, harvest_args

    db = pg_cluster.create_database("harvest")
    (tmp_path / "lite").mkdir()
    (tmp_path / "pg").mkdir()
    with serve_folders(FOLDERS) as served:
        lite = harvest_args(served, tmp_path / "lite")
        pg = harvest_args(served, tmp_path / "pg")
        pg[pg.index("--db") + 1] = db
        for args in (lite, pg, pg):
            assert main(args) == 0
    with open_store(tmp_path / "lite" / "db.sqlite3") as sqlite_store, open_store(db) as pg_store:
        lite_records = {r.id: r.content_dict() for r in sqlite_store.records()}
        pg_records = {r.id: r.content_dict() for r in pg_store.records()}
        assert lite_records and pg_records == lite_records
        assert all(len(pg_store.record_versions(rid)) == 1 for rid in pg_records)  # the rerun changed nothing
        assert pg_store.url_counts() == sqlite_store.url_counts()
