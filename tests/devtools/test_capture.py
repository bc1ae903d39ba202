"""`pressharvest capture`: raw bytes as served, headers and charset in the index, kinds guessed,
draft expected records, nothing overwritten without --force, reference folders refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.demo.server import RunningSite
from tests.conftest import FIXTURES
from tests.devtools.conftest import ARTICLE, HOST, LIST, WORDPRESS, loopback

FEED = f"{HOST}/feed/"


def _capture(running: RunningSite, out: Path, *urls: str, force: bool = False) -> int:
    extra = ["--force"] if force else []
    return main(["capture", *urls, "--site", "wordpress-demo", "--out", str(out), *loopback(running), *extra])


def test_pages_are_saved_as_served_with_their_index(
    wordpress_site: RunningSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "captured"
    assert _capture(wordpress_site, out, LIST, ARTICLE, FEED) == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert (index["site"], index["family"], index["base_url"]) == ("wordpress-demo", "wordpress", HOST)
    entries = {entry["url"]: entry for entry in index["pages"]}
    assert [entries[url]["kind"] for url in (LIST, ARTICLE, FEED)] == ["list", "article", "rss"]
    article = entries[ARTICLE]
    assert article["file"] == "article_2025-04-19-vesennij-subbotnik.html"
    assert (out / article["file"]).read_bytes() == (WORDPRESS / article["file"]).read_bytes()
    assert article["charset"] == "utf-8" and article["status"] == 200
    assert article["headers"]["content-type"] == "text/html; charset=utf-8"
    assert article["fetched_at"].endswith("+00:00")
    assert all(entry["draft"] is True for entry in index["pages"])
    # The draft is what the family parser gives now (here: the checked record of the fixture).
    drafted = json.loads((out / article["expected"]).read_text(encoding="utf-8"))
    checked = json.loads((WORDPRESS / f"{article['file']}.expected.json").read_text(encoding="utf-8"))
    assert drafted == checked
    listed = json.loads((out / entries[LIST]["expected"]).read_text(encoding="utf-8"))
    assert len(listed["articles"]) == 3
    assert "saved" in capsys.readouterr().out


def test_existing_files_are_kept_without_force(
    wordpress_site: RunningSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "captured"
    assert _capture(wordpress_site, out, ARTICLE) == 0
    page = out / "article_2025-04-19-vesennij-subbotnik.html"
    page.write_bytes(b"edited by hand")
    assert _capture(wordpress_site, out, ARTICLE) == 1
    assert page.read_bytes() == b"edited by hand"
    assert "exists, kept (use --force)" in capsys.readouterr().out
    assert _capture(wordpress_site, out, ARTICLE, force=True) == 0
    assert page.read_bytes() == (WORDPRESS / page.name).read_bytes()
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert len(index["pages"]) == 1


def test_reference_folders_are_refused_before_fetching(
    wordpress_site: RunningSite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _capture(wordpress_site, FIXTURES / "gossite", ARTICLE) == 1
    assert "reference folder" in capsys.readouterr().err
    assert wordpress_site.requests == []


def test_a_failed_fetch_is_reported(wordpress_site: RunningSite, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert _capture(wordpress_site, tmp_path / "c", f"{HOST}/2025/01/01/no-such-post/", ARTICLE) == 1
    captured = capsys.readouterr()
    assert "404" in captured.err
    assert (tmp_path / "c" / "article_2025-04-19-vesennij-subbotnik.html").is_file()
