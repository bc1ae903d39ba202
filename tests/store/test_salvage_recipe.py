"""docs/harvest.md's recipe for salvaging a damaged SQLite store sets the schema version the store
writes: a dump carries the tables but not `PRAGMA user_version`, and a lower number would make the
store apply its migrations again to the salvaged tables ("duplicate column name")."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from pressharvest.harvest.store.schema import SCHEMA_VERSION
from pressharvest.harvest.store.sqlite import SQLiteStore

DOC = Path(__file__).resolve().parents[2] / "docs" / "harvest.md"


def _documented_version() -> int:
    found = re.findall(r"PRAGMA user_version = (\d+)", DOC.read_text(encoding="utf-8"))
    assert len(found) == 1, found
    return int(found[0])


def test_the_documented_version_is_the_schema_version() -> None:
    assert _documented_version() == SCHEMA_VERSION


def test_the_recipe_gives_a_store_that_opens(tmp_path: Path) -> None:
    damaged = tmp_path / "ph.sqlite3.corrupt"
    with SQLiteStore(str(damaged)) as store:
        store.finish_run(store.begin_run(["admobninsk"]), {"new": 1}, {})
    salvaged = tmp_path / "ph.sqlite3"
    source = sqlite3.connect(damaged)
    target = sqlite3.connect(salvaged)
    target.executescript("\n".join(source.iterdump()))  # what `sqlite3 … .dump | sqlite3 …` does
    target.execute(f"PRAGMA user_version = {_documented_version()}")
    target.commit()
    source.close()
    target.close()
    with SQLiteStore(str(salvaged)) as store:
        assert [run.sites for run in store.runs()] == [["admobninsk"]]
