"""Crash safety (issue 6, item 2): SIGKILL at random moments, a full disk during export, a corrupt
database. The 20-trial version is `bench/hardening.py`."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from pressharvest.cli import main
from pressharvest.errors import InputError
from pressharvest.export import atomic
from pressharvest.export.jsonl import write_jsonl
from pressharvest.harvest.store.factory import open_store
from tests.hardening.chaos import ChaosConfig, ChaosServer
from tests.hardening.harness import (
    chaos_options,
    converge,
    kill_trial,
    normalized_export,
    private_name_resolves_to_10,
)
from tests.hardening.sites import GeneratedSite, make_sites

SPEC: dict[str, Any] = {"count": 8, "articles": 12, "unservable": 0.0}
TRIALS = 2


@pytest.fixture(scope="module")
def sites() -> list[GeneratedSite]:
    return make_sites(count=SPEC["count"], articles=SPEC["articles"], unservable_share=SPEC["unservable"])


@pytest.fixture(scope="module")
def server(sites: list[GeneratedSite]) -> Iterator[ChaosServer]:
    with ChaosServer(sites, ChaosConfig(rate=0.1)) as running, private_name_resolves_to_10():
        yield running


def test_sigkill_at_random_moments_then_rerun_gives_the_same_export(
    sites: list[GeneratedSite], server: ChaosServer, tmp_path: Path
) -> None:
    server.reset(1000, rate=0.1)
    options = chaos_options(sites, server, tmp_path / "reference")
    reports = converge(options, server)
    reference = normalized_export(options.out / "records.jsonl")
    assert len(reference) > 50
    rng = random.Random(6)
    trials = []
    for n in range(TRIALS):
        server.reset(n)  # other faults at other moments in every trial
        # In the first half of an uninterrupted run's time: the child (a fresh process, no load from
        # this one) can finish sooner than the reference run did, and a kill after the end proves nothing.
        kill_after = rng.uniform(0.05, 0.5) * reports[0].duration_s
        spec: dict[str, Any] = {**SPEC, "mirrors": server.mirrors()}
        trials.append(kill_trial(sites, server, tmp_path / f"trial{n}", spec, kill_after, reference))
    assert all(trial.identical for trial in trials), trials
    assert any(trial.killed_running for trial in trials), trials


def test_disk_full_during_export_keeps_the_previous_export(
    sites: list[GeneratedSite], server: ChaosServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.reset(2000, rate=0.0)
    options = chaos_options(sites, server, tmp_path)
    converge(options, server)
    export = options.out / "records.jsonl"
    before = export.read_bytes()
    assert before.count(b"\n") > 50

    real_fdopen = os.fdopen

    class FullDisk:
        """A text stream over the temp file that fails like a full disk after 20 kB."""

        def __init__(self, stream: IO[str]) -> None:
            self.stream = stream
            self.written = 0

        def write(self, text: str) -> int:
            self.written += len(text)
            if self.written > 20_000:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return self.stream.write(text)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.stream, name)

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

    monkeypatch.setattr(f"{atomic.__name__}.os.fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    with open_store(options.db) as store, pytest.raises(InputError, match="No space left on device"):
        write_jsonl(store.records(), export)
    monkeypatch.undo()
    assert export.read_bytes() == before  # the previous export, intact
    assert sorted(p.name for p in export.parent.iterdir()) == ["records.jsonl", "reports"]  # no temp file left
    # and the command reports it as a bad-input error (exit 1), with the same guarantees
    monkeypatch.setattr(f"{atomic.__name__}.os.fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    assert main(["export", "--db", options.db, "--out", str(export)]) == 1
    monkeypatch.undo()
    assert export.read_bytes() == before


def _corrupt_middle(path: Path) -> None:
    """Overwrite pages in the middle of the file (its header stays valid)."""
    size = path.stat().st_size
    with path.open("r+b") as stream:
        for offset in range(4096 * 2, size - 4096, 4096 * 3):
            stream.seek(offset)
            stream.write(os.urandom(4096))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "pages"])
def test_corrupt_database_is_a_clear_error_with_a_working_recovery(
    sites: list[GeneratedSite], server: ChaosServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    server.reset(3000, rate=0.0)
    options = chaos_options(sites[:3], server, tmp_path)
    converge(options, server)
    db = Path(options.db)
    with sqlite3.connect(db) as conn:  # fold the WAL in, so the damage hits the data
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 1000)
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 3])
    else:
        _corrupt_middle(db)
    sites_file = tmp_path / "sites.toml"
    sites_file.write_text("\n".join(site.toml() for site in sites[:3]), encoding="utf-8")
    args = ["--db", str(db), "--out", str(tmp_path / "again"), "--sites", str(sites_file)]
    mirrors = [f"--mirror={origin}={url}" for origin, url in server.mirrors().items()]
    harvest = ["harvest", *args, *[f"--site={site.id}" for site in sites[:3]], *mirrors,
               "--allow-loopback", "--delay", "0", "--quiet", "--no-export"]
    capsys.readouterr()
    code = main(["export", "--db", str(db), "--out", str(tmp_path / "x.jsonl")])
    if code == 0:  # the damage missed every page `export` reads: the harvest must still notice it
        code = main(harvest)
    err = capsys.readouterr().err.strip()
    assert code == 5, err
    assert len(err.splitlines()) == 1 and str(db) in err
    assert "move it aside" in err or "database error" in err, err
    # Recovery as documented: move the file aside and run again.
    shutil.move(db, db.with_suffix(".corrupt"))
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert main(harvest) in (0, 3)
    with open_store(db) as store:
        assert store.record_count() > 10
    assert json.loads((tmp_path / "again" / "reports").iterdir().__next__().read_text())["run_id"] == 1
