"""Shared test helpers: the fixture folders and their index entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# `pg_cluster`: one real PostgreSQL per test session, for every test folder that needs one.
pytest_plugins = ["tests.pg"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@dataclass(frozen=True)
class FixturePage:
    folder: Path
    site: str
    family: str
    file: str
    url: str
    kind: str
    expected_file: str
    draft: bool

    @property
    def path(self) -> Path:
        return self.folder / self.file

    def expected(self) -> Any:
        return json.loads((self.folder / self.expected_file).read_text(encoding="utf-8"))

    @property
    def test_id(self) -> str:
        return f"{self.folder.name}/{self.file}"


def fixture_pages() -> list[FixturePage]:
    pages = []
    for index_path in sorted(FIXTURES.glob("*/index.json")):
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for page in index["pages"]:
            if not page.get("file") or page["kind"] == "article-missing":
                continue
            pages.append(
                FixturePage(
                    folder=index_path.parent,
                    site=index["site"],
                    family=index.get("family", ""),
                    file=page["file"],
                    url=page["url"],
                    kind=page["kind"],
                    expected_file=page.get("expected") or page["file"] + ".expected.json",
                    draft=bool(page.get("draft")),
                )
            )
    return pages
