"""What only the SQLite store promises: file handling, pragmas, schema versioning, errors, lock details."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pressharvest.errors import StoreError
from pressharvest.harvest.store import SQLiteStore, open_store
from pressharvest.harvest.store.schema import SCHEMA_VERSION

from .conftest import RecordFactory

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_creates_the_parent_folder_and_sets_the_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.sqlite3"
    with SQLiteStore(path) as store:
        assert path.exists()
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_in_memory_store_works(make_record: RecordFactory) -> None:
    with SQLiteStore(":memory:") as store:
        record = make_record(1)
        store.commit_page(record.url, "demo", record, None, run_id=None)
        assert list(store.records()) == [record]


def test_reopening_keeps_the_data(tmp_path: Path, make_record: RecordFactory) -> None:
    path = tmp_path / "store.sqlite3"
    record = make_record(1)
    with SQLiteStore(path) as store:
        store.commit_page(record.url, "demo", record, None, run_id=None)
    with SQLiteStore(path) as store:
        assert store.get_record(record.id) == record


def test_raw_pages_are_stored_compressed(tmp_path: Path) -> None:
    content = ("<p>Пресс-служба администрации города</p>\n" * 2000).encode()
    with SQLiteStore(tmp_path / "store.sqlite3") as store:
        sha = store.put_raw("https://demo.example.ru/a", content, {}, T0, 200)
        codec, size, stored = store._conn.execute(
            "SELECT codec, size, length(data) FROM blobs WHERE sha256 = ?", (sha,)
        ).fetchone()
        store.put_raw("https://demo.example.ru/b", content, {}, T0, 200)
        blobs = store._conn.execute("SELECT count(*) FROM blobs").fetchone()[0]
    assert (codec, size) == ("zlib", len(content))
    assert stored < len(content) / 20
    assert blobs == 1  # content-addressed: one blob for both URLs


def test_records_are_stored_as_readable_utf8_json(tmp_path: Path, make_record: RecordFactory) -> None:
    record = make_record(1)
    with SQLiteStore(tmp_path / "store.sqlite3") as store:
        store.commit_page(record.url, "demo", record, None, run_id=None)
        data = store._conn.execute("SELECT data FROM records").fetchone()[0]
    assert "Первый абзац" in data and "\\u" not in data


def test_an_exception_inside_commit_page_rolls_everything_back(
    tmp_path: Path, make_record: RecordFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure comes after the record and its version are written, before the URL is marked done."""
    store = SQLiteStore(tmp_path / "store.sqlite3")
    original = make_record(1)
    store.commit_page(original.url, "demo", original, None, run_id=None)
    fresh = make_record(2)
    store.add_urls("demo", [fresh.url])

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed mid-transaction")

    monkeypatch.setattr(SQLiteStore, "_mark_done", boom)
    with pytest.raises(RuntimeError):
        store.commit_page(fresh.url, "demo", fresh, None, run_id=None)
    with pytest.raises(RuntimeError):
        store.commit_page(original.url, "demo", make_record(1, body=["Другой текст."]), None, run_id=None)
    monkeypatch.undo()

    assert store.get_record(fresh.id) is None and store.record_versions(fresh.id) == []
    state = store.url_state(fresh.url)
    assert state is not None and (state.status, state.attempts) == ("new", 0)
    assert store.get_record(original.id) == original  # the changed version never happened
    assert len(store.record_versions(original.id)) == 1
    assert not store._conn.in_transaction
    # and the store is still usable
    store.commit_page(fresh.url, "demo", fresh, None, run_id=None)
    assert store.record_count() == 2
    store.close()


# --- files that are not (good) stores -------------------------------------------------------------
def test_a_non_sqlite_file_is_a_store_error_naming_path_and_recovery(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is not a database, just some text that is long enough " * 100)
    with pytest.raises(StoreError) as caught:
        SQLiteStore(path)
    message = str(caught.value)
    assert str(path) in message
    assert "move it aside" in message and "run again" in message
    assert "\n" not in message


def test_a_corrupt_database_is_a_store_error(tmp_path: Path, make_record: RecordFactory) -> None:
    path = tmp_path / "store.sqlite3"
    with SQLiteStore(path) as store:
        for n in range(1, 50):
            store.commit_page(f"https://demo.example.ru/{n}", "demo", make_record(n), None, run_id=None)
    # Closing the last connection checkpoints the WAL into the file. Now damage the schema page.
    assert not Path(f"{path}-wal").exists()
    with path.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * 3000)
    with pytest.raises(StoreError, match="move it aside"):
        SQLiteStore(path)


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    path.touch()
    with SQLiteStore(path) as store:
        assert store.record_count() == 0


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"not a pressharvest store \(tables: invoices\)"):
        SQLiteStore(path)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this pressharvest understands"):
        SQLiteStore(path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        SQLiteStore(tmp_path)


def test_an_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder"):
        SQLiteStore(blocker / "sub" / "store.sqlite3")


# --- open_store -----------------------------------------------------------------------------------
def test_open_store_picks_the_implementation(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "x.sqlite3"))
    assert isinstance(store, SQLiteStore)
    store.close()
    # A PostgreSQL URL opens a PostgresStore: nothing listens on port 1, so it cannot start.
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:1/pressharvest: database unreachable"):
        open_store("postgresql://user:secret@127.0.0.1:1/pressharvest")
    with pytest.raises(StoreError, match="unsupported database URL scheme 'mysql'"):
        open_store("mysql://localhost/db")


# --- lock details ---------------------------------------------------------------------------------
def _plant_lock(path: Path, *, pid: int, hostname: str, pid_start: str | None) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO run_lock (id, owner, pid, hostname, pid_start, acquired_at) VALUES (1, 'old run', ?, ?, ?, ?)",
        (pid, hostname, pid_start, "2024-05-01T12:00:00.000000+00:00"),
    )
    conn.commit()
    conn.close()


def test_a_lock_of_a_dead_pid_is_taken_over(tmp_path: Path) -> None:
    from pressharvest.harvest.store import process

    path = tmp_path / "store.sqlite3"
    SQLiteStore(path).close()
    dead_pid = subprocess.Popen(["true"])
    dead_pid.wait()  # reaped: the pid is free
    _plant_lock(path, pid=dead_pid.pid, hostname=process.hostname(), pid_start=None)
    with SQLiteStore(path) as store:
        store.acquire_lock("new run")
        holder = store.lock_holder()
        assert holder is not None and (holder.owner, holder.pid) == ("new run", os.getpid())


def test_a_lock_of_a_reused_pid_is_taken_over(tmp_path: Path) -> None:
    """Our own pid, but a different start time: the process that took the lock is gone."""
    from pressharvest.harvest.store import process

    path = tmp_path / "store.sqlite3"
    SQLiteStore(path).close()
    _plant_lock(path, pid=os.getpid(), hostname=process.hostname(), pid_start="1")
    with SQLiteStore(path) as store:
        store.acquire_lock("new run")


def test_a_lock_from_another_host_is_refused_with_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    SQLiteStore(path).close()
    _plant_lock(path, pid=1, hostname="elsewhere.example", pid_start=None)
    with SQLiteStore(path) as store, pytest.raises(StoreError, match=r"on host elsewhere\.example") as caught:
        store.acquire_lock("new run")
    assert "DELETE FROM run_lock" in str(caught.value)


@pytest.mark.parametrize("race", range(25))
def test_many_connections_opening_a_fresh_file_at_once(tmp_path: Path, race: int) -> None:
    """Creation and migration race: every opener gets a working store, the schema is made once.
    (Threads, each with its own connection, race as separate processes would, without import time.)
    Repeated: the switch to WAL mode failed at once with "database is locked" in ~1 race of 20."""
    path = tmp_path / "fresh.sqlite3"
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def open_and_add(i: int) -> None:
        barrier.wait()
        try:
            with SQLiteStore(path) as store:
                store.add_urls("demo", [f"https://demo.example.ru/{i}"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_add, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with SQLiteStore(path) as store:
        assert store.url_counts("demo")["new"] == 8
