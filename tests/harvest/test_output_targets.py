"""Where an export or a run report cannot go: refused in one line, before anything is written (and,
for a harvest, before anything is fetched), never replacing what is there.

Before: `export --db X --out X` replaced the database with the export (exit 0); `--out /dev/stdout`
replaced the device node with a file; a harvest whose output folder could not be written ended, after
all its work, in a traceback, with its run left unfinished and no report."""

from __future__ import annotations

import io
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.demo.server import RunningSite
from pressharvest.errors import InputError
from pressharvest.export.atomic import atomic_writer, check_target
from pressharvest.harvest.store.factory import open_store
from tests.harvest.conftest import harvest_args


def _database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("create table t (x)")
    return path


def test_a_folder_a_pipe_and_a_database_are_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    database = _database(tmp_path / "store.sqlite3")
    wal = tmp_path / "store.sqlite3-wal"  # (written after the database: opening one removes a stray log)
    wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    for target, why in ((tmp_path, "folder"), (pipe, "not a regular file"), (database, "SQLite"), (wal, "SQLite")):
        with pytest.raises(InputError, match=why):
            check_target(target)
        with pytest.raises(InputError), atomic_writer(target) as stream:
            stream.write("x")
    assert _database(tmp_path / "other.sqlite3").read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3", "pipe", "store.sqlite3",
                                                          "store.sqlite3-wal"]  # no temp file left


def test_a_file_in_the_way_of_the_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot write"), atomic_writer(blocker / "out.jsonl") as stream:
        stream.write("x")


def test_an_ordinary_file_is_still_replaced(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    target.write_text("old\n", encoding="utf-8")
    check_target(target)
    with atomic_writer(target) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_export_onto_its_own_database_is_refused_and_the_database_kept(
    served: list[RunningSite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(harvest_args(served, tmp_path)) == 0
    db = tmp_path / "db.sqlite3"
    with open_store(db) as store:
        stored = store.record_count()
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--out", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and str(db) in err and "SQLite database" in err
    with open_store(db) as store:
        assert store.record_count() == stored


def test_a_harvest_refuses_an_unwritable_output_before_fetching(
    served: list[RunningSite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    args = harvest_args(served, tmp_path)
    args[args.index("--out") + 1] = str(blocker / "out")
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot write" in err and "Traceback" not in err
    assert not (tmp_path / "db.sqlite3").exists()  # refused before the store was opened


def test_a_harvest_whose_database_sits_where_the_export_goes_is_refused(
    served: list[RunningSite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    db = _database(out / "records.jsonl")
    args = harvest_args(served, tmp_path)
    args[args.index("--db") + 1] = str(db)
    assert main(args) == 1
    assert "SQLite database" in capsys.readouterr().err
    assert db.read_bytes().startswith(b"SQLite format 3")


def test_output_the_machine_refuses_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class FullDisk(io.StringIO):
        def flush(self) -> None:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert main(["schema"]) == 1
    assert capsys.readouterr().err.strip() == "pressharvest: No space left on device"
