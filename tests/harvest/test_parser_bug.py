"""A bug raised while parsing one page (an exception that is not pressharvest's own) fails that page
only: the run goes on, every other page's record is stored and exported, the run ends with exit 3 and
its report names the failure, the traceback is logged, and the page is tried again in the next run.
Such a bug used to end the harvest at that page, and every rerun at the same page."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

import pressharvest.harvest.pages as pages
from pressharvest.cli import main
from pressharvest.demo.server import RunningSite
from pressharvest.harvest.store import open_store
from pressharvest.models import PressRelease
from tests.harvest.conftest import harvest_args

BROKEN = "news_119"  # the one page whose parse raises


def _records(path: Path) -> dict[str, Any]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def test_a_bug_on_one_page_fails_that_page_and_the_run_goes_on(
    served: list[RunningSite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    assert main(harvest_args(served, clean)) == 0
    everything = _records(clean / "out" / "records.jsonl")
    assert any(BROKEN in record["url"] for record in everything.values())

    real_parse = pages.parse_page

    def parse_with_a_bug(content: bytes, **kwargs: Any) -> PressRelease:
        if BROKEN in str(kwargs.get("url")):
            raise ValueError("a bug in a parser")
        return real_parse(content, **kwargs)

    monkeypatch.setattr(pages, "parse_page", parse_with_a_bug)
    with caplog.at_level(logging.ERROR, logger="pressharvest.harvest.pages"):
        assert main(harvest_args(served, tmp_path)) == 3
    got = _records(tmp_path / "out" / "records.jsonl")
    assert set(got) == {rid for rid, record in everything.items() if BROKEN not in record["url"]}
    assert any("a bug in a parser" in (record.exc_text or "") for record in caplog.records)
    report = json.loads((tmp_path / "out" / "reports" / "run-1.json").read_text(encoding="utf-8"))
    reasons = {reason for site in report["sites"] for reason in site["failures_by_reason"]}
    assert "internal error while parsing (ValueError)" in reasons
    with open_store(tmp_path / "db.sqlite3") as store:
        assert store.url_counts()["failed"] == 1  # not final: the next run tries it again

    monkeypatch.setattr(pages, "parse_page", real_parse)  # the bug fixed
    assert main(harvest_args(served, tmp_path)) == 0
    with open_store(tmp_path / "db.sqlite3") as store:
        assert {record.id for record in store.records()} == set(everything)
