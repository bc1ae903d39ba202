"""Exports: harvest → export JSONL, Parquet and CSV → load each back (json, pyarrow, pandas, csv) → same records."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pressharvest.cli import main
from pressharvest.export.csv import LIST_SEPARATOR, RECORD_COLUMNS, quotes_path, rows_from_csv
from pressharvest.export.parquet import metadata, rows_from_parquet
from pressharvest.harvest.store.factory import open_store
from pressharvest.models import PressRelease
from tests.datasets.conftest import copy_db


def _republished_copies(db: Path) -> list[str]:
    """Add two republications of stored records on other sites: a retitled copy of an Obninsk release on
    the gosweb-demo site and a trimmed one on gossite-demo, a day later. Returns the origins' ids."""
    with open_store(db) as store:
        origin = next(r for r in store.records(site="admobninsk") if len(r.body) >= 6)
        second = next(r for r in store.records(site="admoblkaluga-minobr") if len(r.body) >= 6)
        copies = ((origin, "gosweb-demo", "retitled"), (second, "gossite-demo", "trim"))
        for n, (source, site, edit) in enumerate(copies):
            data = source.model_dump(mode="json")
            later = datetime.fromisoformat(source.published_at) + timedelta(days=1)
            body = data["body"] if edit == "retitled" else data["body"][:4]
            data.update(
                id=f"{site}:9{n}", site=site, url=f"https://{site}.test/news/9{n}.html",
                title="Перепечатка: " + source.title, published_at=later.isoformat(), body=body,
                quotes=[q for q in data["quotes"] if q["paragraph"] < len(body)], source="Пресс-служба региона",
            )
            record = PressRelease.model_validate(data)
            store.commit_page(record.url, site, record, None, run_id=None)
    return [origin.id, second.id]


@pytest.fixture(scope="module")
def exported(harvested: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("export")
    db = copy_db(harvested, tmp)
    origins = _republished_copies(db)
    paths = {fmt: tmp / f"records.{fmt}" for fmt in ("jsonl", "parquet", "csv")}
    for fmt, path in paths.items():
        assert main(["export", "--db", str(db), "--format", fmt, "--out", str(path)]) == 0
    with open_store(db) as store:
        stored = [r.model_dump(mode="json") for r in store.records()]
    return {"tmp": tmp, "db": db, "paths": paths, "stored": stored, "origins": origins}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_holds_every_stored_record_with_its_republication(exported: dict[str, Any]) -> None:
    rows = _jsonl(exported["paths"]["jsonl"])
    assert [{k: v for k, v in row.items() if k != "republication"} for row in rows] == exported["stored"]
    assert all(list(row)[-1] == "republication" for row in rows)
    grouped = {row["id"]: row["republication"] for row in rows if row["republication"]}
    assert len(grouped) == 4  # two origins, two copies
    for origin in exported["origins"]:
        assert grouped[origin]["is_origin"] is True and grouped[origin]["origin"] == origin
    copies = {key: value for key, value in grouped.items() if not value["is_origin"]}
    assert set(copies) == {"gosweb-demo:90", "gossite-demo:91"}
    assert {value["origin"] for value in copies.values()} == set(exported["origins"])
    assert grouped["gosweb-demo:90"]["group"] == grouped[exported["origins"][0]]["group"]
    assert grouped["gosweb-demo:90"]["group"] != grouped["gossite-demo:91"]["group"]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_round_trip_gives_the_same_records(exported: dict[str, Any], fmt: str) -> None:
    want = _jsonl(exported["paths"]["jsonl"])
    path = exported["paths"][fmt]
    got = list(rows_from_parquet(path) if fmt == "parquet" else rows_from_csv(path))
    assert got == want
    for row in got:  # and they are valid records again
        PressRelease.model_validate({k: v for k, v in row.items() if k != "republication"})


def test_parquet_schema_is_typed(exported: dict[str, Any]) -> None:
    schema = pq.read_schema(exported["paths"]["parquet"])
    utc = pa.timestamp("us", tz="UTC")
    assert schema.field("published_at").type == utc and not schema.field("published_at").nullable
    assert schema.field("updated_at").type == utc and schema.field("published_at_local").type == pa.string()
    quotes = schema.field("quotes").type
    assert pa.types.is_list(quotes) and pa.types.is_struct(quotes.value_type)
    assert quotes.value_type.field("paragraph").type == pa.int32()
    attachments = schema.field("attachments").type
    assert pa.types.is_list(attachments) and [f.name for f in attachments.value_type] == ["url", "title"]
    assert schema.field("provenance").type.field("fetched_at").type == utc
    assert [f.name for f in schema.field("republication").type] == ["group", "origin", "is_origin"]
    assert pa.types.is_list(schema.field("body").type)
    assert metadata(exported["paths"]["parquet"]) == {"pressharvest.schema_version": "1",
                                                      "pressharvest.tool_version": "0.1.0"}


def test_pandas_reads_parquet_and_csv(exported: dict[str, Any]) -> None:
    want = {row["id"]: row for row in _jsonl(exported["paths"]["jsonl"])}
    frame = pd.read_parquet(exported["paths"]["parquet"])
    assert list(frame["id"]) == list(want)
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    for _, row in frame.iterrows():
        record = want[row["id"]]
        local = datetime.fromisoformat(record["published_at"])
        assert row["published_at"].to_pydatetime() == local
        assert row["published_at_local"] == record["published_at"]
        assert list(row["body"]) == record["body"]
        assert [dict(q) for q in row["quotes"]] == record["quotes"]
        assert (row["republication"] is None) == (record["republication"] is None)

    table = pd.read_csv(exported["paths"]["csv"], dtype=str, keep_default_na=False)
    assert list(table.columns) == list(RECORD_COLUMNS)
    assert list(table["id"]) == list(want)
    for _, row in table.iterrows():
        record = want[row["id"]]
        assert row["body"].split(LIST_SEPARATOR) == record["body"]
        assert int(row["quote_count"]) == len(record["quotes"])
    quotes = pd.read_csv(quotes_path(exported["paths"]["csv"]), dtype=str, keep_default_na=False)
    assert len(quotes) == sum(len(r["quotes"]) for r in want.values())
    first = next(r for r in want.values() if r["quotes"])
    mine = quotes[quotes["record_id"] == first["id"]]
    assert list(mine["text"]) == [q["text"] for q in first["quotes"]]


def test_filters_and_no_temp_files(exported: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "gosweb.parquet"
    args = ["export", "--db", str(exported["db"]), "--format", "parquet", "--out", str(out),
            "--site", "gosweb-demo", "--since", "2026-01-01", "--until", "2026-01-15"]
    assert main(args) == 0
    rows = list(rows_from_parquet(out))
    assert rows and all(r["site"] == "gosweb-demo" and "2026-01-01" <= r["published_at"][:10] <= "2026-01-15"
                        for r in rows)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # an ordinary, readable file


def test_missing_pyarrow_is_one_line_naming_it(
    exported: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pressharvest.export.parquet as parquet

    monkeypatch.setattr(parquet, "pa", None)
    code = main(["export", "--db", str(exported["db"]), "--format", "parquet", "--out", str(tmp_path / "x.parquet")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "'pyarrow'" in err
    assert not (tmp_path / "x.parquet").exists()
