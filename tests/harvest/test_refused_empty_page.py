"""A Госвеб news item with only a title and pictures is refused (ParseError naming `body`): the harvest
stores no record for it, keeps the URL as `refused` with its reason, counts it under its own reason in
the run report, raises no drift alarm and still exits 0."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.demo.server import RunningSite, serve_folders
from pressharvest.harvest.store.factory import open_store
from tests.conftest import FIXTURES
from tests.harvest.conftest import harvest_args

EMPTY = "https://zarechye-r00.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/novosti_138.html"


@pytest.fixture
def gosweb() -> Iterator[RunningSite]:
    with serve_folders([FIXTURES / "gosweb"]) as running:
        yield running[0]


def test_the_reference_set_has_this_refused_page() -> None:
    index = json.loads((FIXTURES / "gosweb" / "index.json").read_text(encoding="utf-8"))
    errors = [page for page in index["pages"] if page["kind"] == "article-error"]
    assert [page["url"] for page in errors] == [EMPTY]
    assert json.loads((FIXTURES / "gosweb" / errors[0]["expected"]).read_text(encoding="utf-8")) == {"error": "body"}


def test_empty_page_is_counted_under_its_own_reason(gosweb: RunningSite, tmp_path: Path) -> None:
    code = main([*harvest_args([gosweb], tmp_path), "--site", "gosweb-demo"])
    assert code == 0  # a refused page is a final outcome, not a failure
    assert "/dlya-zhiteley/novosti-i-reportazhi/novosti_138.html" in gosweb.requests

    report = json.loads(sorted((tmp_path / "out" / "reports").glob("run-*.json"))[-1].read_text(encoding="utf-8"))
    site = next(s for s in report["sites"] if s["site"] == "gosweb-demo")
    assert (site["refused"], site["new"], site["failed"]) == (1, 10, 0)
    assert site["failures_by_reason"] == {"parse error: field body": 1}
    assert site["drift"] == [] and not site["drift_alarm"]  # an empty page is not a parser failing

    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text("utf-8").splitlines()]
    assert EMPTY not in {r["url"] for r in records}
    assert len(records) == 10

    with open_store(tmp_path / "db.sqlite3") as store:
        state = store.url_state(EMPTY)
        assert state is not None
        assert state.status == "refused"
        assert state.record_id is None
        assert state.last_error is not None and "'body'" in state.last_error and EMPTY in state.last_error
        assert state.raw_sha is not None  # the raw page is kept: a better parser can re-read it
