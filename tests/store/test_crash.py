"""Crash safety and the run lock across real processes: SIGKILL a committing process, then rerun."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pressharvest.errors import StoreError
from pressharvest.harvest.store import SQLiteStore, content_hash

from .conftest import build_record

WORKER = Path(__file__).with_name("crash_worker.py")
PAGES = 200
REFUSED_EVERY = 17  # every 17th page is parsed but refused (no record)
DEADLINE = 60  # seconds: no subprocess of these tests may run longer


def _pages() -> list[dict[str, Any]]:
    pages = []
    for n in range(1, PAGES + 1):
        site = "demo" if n % 3 else "other"
        raw = f"<html><body>article {n} of {site}</body></html>"
        record = build_record(n, site=site, raw=raw.encode())
        pages.append(
            {
                "url": record.url,
                "site": site,
                "raw": raw,
                "record": None if n % REFUSED_EVERY == 0 else record.model_dump(mode="json"),
            }
        )
    return pages


@pytest.fixture
def pages_file(tmp_path: Path) -> Path:
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(_pages(), ensure_ascii=False), encoding="utf-8")
    return path


def _spawn(db: Path, pages_file: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(db), str(pages_file), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _lines(proc: subprocess.Popen[str]) -> Iterator[str]:
    assert proc.stdout is not None
    started = time.monotonic()
    for line in proc.stdout:
        assert time.monotonic() - started < DEADLINE, "worker too slow"
        yield line.rstrip("\n")


def _run_to_completion(db: Path, pages_file: Path) -> None:
    proc = _spawn(db, pages_file)
    out, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 0, err
    assert out.rstrip().endswith("finished")


def _check_no_half_states(db: Path) -> tuple[int, int]:
    """Every URL done has its record stored and every stored record has its URL done. Returns
    (records, refused)."""
    pages = _pages()
    done = refused = 0
    with SQLiteStore(db) as store:
        for page in pages:
            state = store.url_state(page["url"])
            if page["record"] is None:
                assert state is None or state.status in ("new", "refused")
                refused += state is not None and state.status == "refused"
                continue
            record_id = page["record"]["id"]
            record = store.get_record(record_id)
            versions = store.record_versions(record_id)
            if state is not None and state.status == "done":
                done += 1
                assert record is not None and record.model_dump(mode="json") == page["record"]
                assert state.record_id == record_id and state.content_hash == content_hash(record)
                assert len(versions) == 1
            else:
                assert state is None or state.status == "new"
                assert record is None and versions == []
        assert store.record_count() == done
    return done, refused


def _expected_records() -> list[dict[str, Any]]:
    return sorted((p["record"] for p in _pages() if p["record"] is not None), key=lambda r: r["id"])


def _check_complete(db: Path) -> None:
    done, refused = _check_no_half_states(db)
    expected = _expected_records()
    assert (done, refused) == (len(expected), PAGES // REFUSED_EVERY)
    with SQLiteStore(db) as store:
        assert [r.model_dump(mode="json") for r in store.records()] == expected  # no duplicates, no loss
        assert store.pending_urls("demo", PAGES) == [] and store.pending_urls("other", PAGES) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_sigkill_at_a_random_moment_then_rerun(tmp_path: Path, pages_file: Path, seed: int) -> None:
    db = tmp_path / "store.sqlite3"
    proc = _spawn(db, pages_file)
    stop_after = random.Random(seed).randrange(5, PAGES // 2)
    confirmed: list[str] = []
    for line in _lines(proc):
        if line.startswith("committed "):
            confirmed.append(line.split(" ", 1)[1])
            if len(confirmed) == stop_after:
                break
    # The worker keeps committing while we get here: the kill lands at an arbitrary point of the loop.
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=DEADLINE)
    assert proc.returncode == -signal.SIGKILL

    done, refused = _check_no_half_states(db)
    assert done + refused >= len(confirmed)  # what was reported committed survived the kill
    with SQLiteStore(db) as store:
        for url in confirmed:
            state = store.url_state(url)
            assert state is not None and state.status in ("done", "refused")
    _run_to_completion(db, pages_file)  # also takes over the dead worker's run lock
    _check_complete(db)


def test_sigkill_inside_the_commit_transaction(tmp_path: Path, pages_file: Path) -> None:
    """Killed after the record is written but before its URL is marked done, in the same transaction."""
    db = tmp_path / "store.sqlite3"
    proc = _spawn(db, pages_file, "--die-inside", "40")
    proc.communicate(timeout=DEADLINE)
    assert proc.returncode == -signal.SIGKILL
    done, _ = _check_no_half_states(db)
    assert done == 39  # the 40th record's transaction left nothing behind
    _run_to_completion(db, pages_file)
    _check_complete(db)


def test_an_uninterrupted_rerun_changes_nothing(tmp_path: Path, pages_file: Path) -> None:
    db = tmp_path / "store.sqlite3"
    _run_to_completion(db, pages_file)
    _run_to_completion(db, pages_file)
    _check_complete(db)
    with SQLiteStore(db) as store:
        runs = store.runs()
        assert len(runs) == 2 and all(r.finished_at is not None for r in runs)
        assert list(store.records(run_id=runs[1].run_id)) == []  # nothing new or changed


# --- the run lock across processes ----------------------------------------------------------------
_HOLDER = """
import sys
from pressharvest.harvest.store import SQLiteStore
store = SQLiteStore(sys.argv[1])
store.acquire_lock("live harvest")
print("locked", flush=True)
sys.stdin.read()
"""


def _state_of(pid: int) -> str:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "gone"
    return text[text.rfind(")") + 2 :].split()[0]


def test_a_live_holder_is_refused_and_a_killed_one_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with SQLiteStore(db) as store:
            with pytest.raises(StoreError, match=rf"locked by live harvest \(pid {holder.pid}, running\)") as caught:
                store.acquire_lock("second harvest")
            assert str(db) in str(caught.value) and "\n" not in str(caught.value)

            holder.send_signal(signal.SIGKILL)
            # Not reaped yet: a zombie, which `kill(pid, 0)` alone would report as alive.
            deadline = time.monotonic() + 10
            while _state_of(holder.pid) not in ("Z", "gone") and time.monotonic() < deadline:
                time.sleep(0.01)
            store.acquire_lock("second harvest")
            lock = store.lock_holder()
            assert lock is not None and (lock.owner, lock.pid) == ("second harvest", os.getpid())
    finally:
        holder.kill()
        holder.communicate(timeout=DEADLINE)
