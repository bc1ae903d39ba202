"""A harvest and workers on one database would ask the same hosts, each unaware of the other's
pacing: whichever starts second refuses in one line (exit 5, could not start). A stale lock (its
harvest gone) or an expired lease stops nobody."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.harvest.store import process
from pressharvest.harvest.store.sqlite import SQLiteStore

SITE_ARGS = ["--site", "admobninsk"]


def test_workers_refuse_beside_a_running_harvest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "db.sqlite3")
    with SQLiteStore(db) as store:
        store.acquire_lock("pressharvest harvest pid (this test)")  # held by a live process: this one
        assert main(["worker", "--db", db, *SITE_ARGS, "--until-idle"]) == 5
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "a harvest is running on this database" in err
        assert store.runs() == []  # no worker run began


def test_a_harvest_refuses_hosts_workers_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "db.sqlite3")
    with SQLiteStore(db) as store:
        assert store.acquire_host("admobninsk.ru", "pid 1", 60.0) is not None
        assert main(["harvest", "--db", db, *SITE_ARGS, "--out", str(tmp_path / "out"), "--quiet"]) == 5
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "workers are harvesting admobninsk.ru" in err
        assert store.runs() == [] and store.lock_holder() is None  # nothing begun, the lock let go


def test_a_stale_lock_and_an_expired_lease_stop_nobody(tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite3")
    SQLiteStore(db).close()  # the schema
    with sqlite3.connect(db) as raw:  # the lock of a harvest killed on this host: its pid runs no more
        raw.execute(
            "INSERT INTO run_lock (id, owner, pid, hostname, pid_start, acquired_at) VALUES (1, ?, ?, ?, NULL, ?)",
            ("pressharvest harvest pid (gone)", 999_999_999, process.hostname(), "2026-01-01T00:00:00+00:00"),
        )
    with SQLiteStore(db) as store:
        assert store.lock_holder() is not None
        store.refuse_workers_beside_a_harvest()
        assert store.acquire_host("admobninsk.ru", "pid 1", 0.0) is not None  # expires at once
        assert store.hosts_held_by_workers(["admobninsk.ru"]) == []
