"""Whole harvests against the reference pages served on loopback: records, increments, exit codes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from pressharvest.cli import main
from pressharvest.demo.server import RunningSite
from pressharvest.harvest.store.factory import open_store
from pressharvest.parse import parse_page
from pressharvest.schema import shipped_schema
from pressharvest.urls import canonical_url
from tests.conftest import fixture_pages
from tests.harvest.conftest import FOLDERS, harvest_args


def _records(path: Path) -> dict[str, dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    return {str(r["id"]): r for r in records}


def _without_fetch_time(records: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    out = {}
    for key, stored in records.items():
        record = dict(stored)
        provenance = dict(record.pop("provenance"))  # type: ignore[call-overload]
        provenance.pop("fetched_at")
        out[key] = {**record, "provenance": provenance}
    return out


def _linked_articles() -> dict[str, tuple[Path, str, str]]:
    """Every saved article linked from a saved list page or feed: what a harvest must store."""
    from pressharvest.parse import parse_links

    linked: set[str] = set()
    served = {folder.name for folder in FOLDERS}
    pages = [page for page in fixture_pages() if page.folder.name in served]
    for page in pages:
        if page.kind in ("list", "rss"):
            linked.update(parse_links(page.path.read_bytes(), site=page.site, url=page.url).articles)
    return {
        page.url: (page.path, page.site, page.url)
        for page in pages
        if page.kind == "article" and canonical_url(page.url) in linked
    }


def test_harvest_stores_every_linked_article_exactly(
    served: list[RunningSite], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(harvest_args(served, tmp_path)) == 0
    summary = capsys.readouterr().out
    assert "run 1:" in summary
    got = _records(tmp_path / "out" / "records.jsonl")
    validator = jsonschema.Draft202012Validator(json.loads(shipped_schema(export=True)))
    for record in got.values():
        assert not list(validator.iter_errors(record)), record["id"]
    expected = {}
    for path, site, url in _linked_articles().values():
        record = parse_page(path.read_bytes(), site=site, url=url).model_dump(mode="json")
        expected[record["id"]] = record
    assert set(got) == set(expected)
    for record_id, record in got.items():
        want = expected[record_id]
        assert {k: v for k, v in record.items() if k not in ("provenance", "republication")} == {
            k: v for k, v in want.items() if k != "provenance"
        }
        assert record["provenance"]["fetched_at"] is not None  # type: ignore[index]
    with open_store(tmp_path / "db.sqlite3") as store:
        counts = store.url_counts()
        assert counts["gone"] > 0  # the article-missing pages answered 404
        assert counts["refused"] == 1  # the empty Госвеб page
        assert counts["failed"] == 0 and counts["final_failed"] == 0
        for site in {str(r["site"]) for r in got.values()}:
            assert store.pending_urls(site, 1000) == []


def test_second_run_fetches_only_list_pages(served: list[RunningSite], tmp_path: Path) -> None:
    assert main(harvest_args(served, tmp_path)) == 0
    before = {s.site.site: len(s.requests) for s in served}
    assert main(harvest_args(served, tmp_path)) == 0
    for running in served:
        second = running.requests[before[running.site.site]:]
        articles = [path for path in second if path != "/robots.txt" and path not in _list_targets(running)]
        assert articles == [], f"{running.site.site} refetched {articles}"
        assert len(second) <= 3


def _list_targets(running: RunningSite) -> set[str]:
    from urllib.parse import urlsplit

    return {
        target
        for target in running.site.pages
        if urlsplit("http://x" + target).path.endswith(("/news/", "/rss/", "/novosti-i-reportazhi/"))
    }


def test_lock_held_by_another_run_exits_5(served: list[RunningSite], tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite3")
    store.acquire_lock("another run")
    try:
        assert main(harvest_args(served, tmp_path)) == 5
    finally:
        store.close()


def test_export_filters_and_is_atomic(served: list[RunningSite], tmp_path: Path) -> None:
    assert main(harvest_args(served, tmp_path)) == 0
    out = tmp_path / "gosweb.jsonl"
    db = str(tmp_path / "db.sqlite3")
    assert main(["export", "--db", db, "--out", str(out), "--site", "gosweb-demo", "--since", "2026-01-01"]) == 0
    records = _records(out)
    assert records and all(r["site"] == "gosweb-demo" for r in records.values())
    assert all(str(r["published_at"]) >= "2026-01-01" for r in records.values())
    assert not list(tmp_path.glob(".gosweb.jsonl.*"))  # no temp file left behind
    assert main(["export", "--db", str(tmp_path / "absent.sqlite3"), "--out", str(out)]) == 1


def test_kill_and_resume_gives_the_same_records(served: list[RunningSite], tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    assert main(harvest_args(served, reference)) == 0
    want = _without_fetch_time(_records(reference / "out" / "records.jsonl"))

    killed = tmp_path / "killed"
    killed.mkdir()
    rng = random.Random(20260120)
    args = harvest_args(served, killed, "--delay", "0.02", "--no-export")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _ in range(3):
        process = subprocess.Popen([sys.executable, "-m", "pressharvest", *args], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8, 2.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert main(harvest_args(served, killed)) == 0
    got = _without_fetch_time(_records(killed / "out" / "records.jsonl"))
    assert got == want
