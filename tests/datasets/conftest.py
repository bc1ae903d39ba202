"""One harvest of the reference folders (served on loopback) shared by the dataset tests of a module."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.demo.server import serve_folders
from tests.harvest.conftest import FOLDERS, harvest_args


@pytest.fixture(scope="module")
def harvested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The folder of a finished harvest: `db.sqlite3`, `sites.toml`, `out/records.jsonl`. Read-only:
    a test that writes copies the database first (`copy_db`)."""
    tmp = tmp_path_factory.mktemp("harvest")
    with serve_folders(FOLDERS) as served:
        assert main(harvest_args(served, tmp)) == 0
    yield tmp


def copy_db(harvested: Path, target: Path) -> Path:
    path = target / "db.sqlite3"
    for suffix in ("", "-wal"):
        source = harvested / f"db.sqlite3{suffix}"
        if source.is_file():
            shutil.copyfile(source, target / f"db.sqlite3{suffix}")
    return path
