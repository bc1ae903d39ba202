"""Harvest integration fixtures: the reference folders served as real sites on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pressharvest.demo.server import RunningSite, serve_folders
from tests.conftest import FIXTURES

FOLDERS = [FIXTURES / name for name in ("admobninsk", "admoblkaluga", "gossite", "gosweb")]


@pytest.fixture
def served() -> Iterator[list[RunningSite]]:
    with serve_folders(FOLDERS) as running:
        yield running


def sites_toml(served: list[RunningSite], path: Path) -> Path:
    """A user sites file that starts each site's walk at its first saved list page."""
    lines = []
    for running in served:
        lines.append(f'[sites.{running.site.site}]\nlist_url = "{running.site.first_list_url}"\nenabled = true\n')
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def harvest_args(served: list[RunningSite], tmp: Path, *extra: str) -> list[str]:
    args = ["harvest", "--sites", str(sites_toml(served, tmp / "sites.toml")), "--db", str(tmp / "db.sqlite3"),
            "--out", str(tmp / "out"), "--allow-loopback", "--delay", "0", "--quiet"]
    for running in served:
        args += ["--mirror", running.mirror, "--site", running.site.site]
    return args + list(extra)
