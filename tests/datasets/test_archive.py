"""Archive and re-parse: harvest → WARC → reparse into a fresh database → exactly the same records."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pressharvest.cli import main
from pressharvest.datasets.archive import ArchivedPage, read_warc, write_warc_pages
from pressharvest.errors import InputError
from pressharvest.harvest.store.factory import open_store
from pressharvest.models import PressRelease
from tests.datasets.conftest import copy_db


def _records(db: Path) -> list[dict[str, object]]:
    with open_store(db) as store:
        return [record.model_dump(mode="json") for record in store.records()]


def _raw(db: Path) -> list[tuple[object, ...]]:
    with open_store(db) as store:
        return [(p.url, p.site, p.sha256, p.headers, p.fetched_at, p.status) for p in store.raw_pages()]


@pytest.fixture(scope="module")
def warc(harvested: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "pages.warc.gz"
    assert main(["archive", "--format", "warc", "--db", str(harvested / "db.sqlite3"), "--out", str(path)]) == 0
    return path


def test_warc_is_a_standard_gzip_warc_of_every_raw_page(harvested: Path, warc: Path) -> None:
    assert warc.read_bytes()[:2] == b"\x1f\x8b"
    with open(warc, "rb") as stream:
        records = list((r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                       for r in ArchiveIterator(stream))
    assert records[0][0] == "warcinfo"
    responses = [r for r in records if r[0] == "response"]
    raw = _raw(harvested / "db.sqlite3")
    assert [url for _, url, _ in responses] == [row[0] for row in raw]
    with open_store(harvested / "db.sqlite3") as store:  # a generic reader gets the stored bytes as they are
        assert [body for _, _, body in responses] == [page.content for page in store.raw_pages()]
    pages = list(read_warc(warc))
    assert {page.kind for page in pages} == {"article", "list"}
    assert [(p.url, p.site, p.headers, p.fetched_at, p.status) for p in pages] == [
        (row[0], row[1], row[3], row[4], row[5]) for row in raw
    ]


def test_reparse_from_warc_into_a_fresh_database_reproduces_the_records(
    harvested: Path, warc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    args = ["reparse", "--from-warc", str(warc), "--db", str(fresh), "--sites", str(harvested / "sites.toml")]
    assert main(args) == 0
    out = capsys.readouterr().out
    want = _records(harvested / "db.sqlite3")
    assert f"{len(want)} new, 0 changed, 0 unchanged, 1 refused" in out
    assert _records(fresh) == want  # every field, provenance included
    assert _raw(fresh) == _raw(harvested / "db.sqlite3")
    with open_store(fresh) as store, open_store(harvested / "db.sqlite3") as original:
        assert store.url_counts()["refused"] == original.url_counts()["refused"] == 1
        for record in want:
            assert len(store.record_versions(str(record["id"]))) == 1
    # reparsing the same archive again changes nothing
    assert main(args) == 0
    assert f"0 new, 0 changed, {len(want)} unchanged" in capsys.readouterr().out
    assert _records(fresh) == want


def test_a_truncated_warc_is_one_line_naming_the_file(warc: Path, tmp_path: Path) -> None:
    """A WARC cut short (a copy that stopped) ends the read with an error, not a quiet exit 0 with the
    pages before the cut: the record it cuts is one whose length the file does not hold."""
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.read_bytes()[: warc.stat().st_size * 2 // 3])
    with pytest.raises(InputError, match="truncated"):
        list(read_warc(cut))
    whole = list(read_warc(warc))
    assert whole and all(page.content for page in whole)


def test_reparse_reports_changes_per_field_and_commits_new_versions(
    harvested: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = copy_db(harvested, tmp_path)
    with open_store(db) as store:  # as if an older parser had stored a wrong title and lost a quote
        page = next(p for p in store.raw_pages() if (s := store.url_state(p.url)) and s.record_id)
        state = store.url_state(page.url)
        assert state is not None and state.record_id
        current = store.get_record(state.record_id)
        assert current is not None and current.quotes
        data = current.model_dump(mode="json")
        data.update(title="Старый заголовок", quotes=data["quotes"][1:])
        data["provenance"]["parser"] = "old/0"
        store.commit_page(page.url, current.site, PressRelease.model_validate(data), page.sha256, run_id=None)
        assert len(store.record_versions(current.id)) == 2

    assert main(["reparse", "--db", str(db), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["outcomes"]["changed"] == 1 and report["outcomes"].get("new", 0) == 0
    assert report["fields_changed"] == {"title": 1, "quotes": 1, "provenance.parser": 1}
    assert report["examples"]["title"] == [{"id": current.id, "old": "Старый заголовок", "new": current.title}]
    with open_store(db) as store:  # a dry run writes nothing
        stored = store.get_record(current.id)
        assert stored is not None and stored.title == "Старый заголовок"

    assert main(["reparse", "--db", str(db), "--site", current.site]) == 0
    out = capsys.readouterr().out
    assert "1 changed" in out and "title: 1" in out and "Старый заголовок → " in out
    with open_store(db) as store:
        assert store.get_record(current.id) == current
        assert len(store.record_versions(current.id)) == 3  # a new version, because the content changed
        assert store.record_versions(current.id)[-1].parser == current.provenance.parser
    assert _records(db) == _records(harvested / "db.sqlite3")


def test_archive_of_one_site(harvested: Path, tmp_path: Path) -> None:
    path = tmp_path / "gosweb.warc.gz"
    assert main(["archive", "--db", str(harvested / "db.sqlite3"), "--site", "gosweb-demo", "--out", str(path)]) == 0
    pages = list(read_warc(path))
    assert pages and {page.site for page in pages} == {"gosweb-demo"}
    assert main(["reparse", "--from-warc", str(tmp_path / "absent.warc.gz"), "--db", str(tmp_path / "x.db")]) == 1


def test_headers_survive_the_archive_exactly(tmp_path: Path) -> None:
    """Decoded bodies keep their original encoding headers apart; non-ASCII values come back intact."""
    page = ArchivedPage(
        url="https://admobninsk.ru/news/2020/07/15/news_20318.html?x=%D0%B0", site="admobninsk", kind="article",
        content="<html><body>Привет</body></html>".encode(), status=200,
        headers={"content-type": "text/html; charset=utf-8", "content-encoding": "br", "content-length": "17",
                 "transfer-encoding": "chunked", "x-note": "Обнинск 100%", "x-ascii": "a%20b"},
        fetched_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    )
    path = tmp_path / "one.warc.gz"
    assert write_warc_pages(iter([page]), path) == 1
    assert list(read_warc(path)) == [page]
    with open(path, "rb") as stream:
        record = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
        assert record.content_stream().read() == page.content  # not mistaken for brotli or chunks
        assert record.http_headers.get_header("Content-Length") == str(len(page.content))
