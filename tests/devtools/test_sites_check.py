"""`pressharvest sites check`: field by field, from saved pages and over loopback; exit 0 or 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.demo.server import RunningSite, serve_folders
from tests.conftest import FIXTURES
from tests.devtools.conftest import LIST, WORDPRESS, loopback


def test_saved_pages_of_a_fitting_family(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "check", "wordpress-demo", "--from-dir", str(WORDPRESS)]) == 0
    out = capsys.readouterr().out
    assert f"list {LIST}" in out
    assert "ok    links         3 article link(s)" in out
    assert "ok    published_at  2025-04-19T11:20:00+03:00" in out
    assert "ok    reference     2 paragraph(s)" in out
    assert "ok    attachments   1" in out
    assert out.count("[wordpress/1]") == 3
    assert out.rstrip().endswith("result: the family fits (3 article(s) checked)")


def test_redesigned_pages_name_every_failing_field(capsys: pytest.CaptureFixture[str]) -> None:
    folder = FIXTURES / "gossite-drift"
    assert main(["sites", "check", "gossite-demo", "--from-dir", str(folder), "--articles", "20"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  published_at" in out
    assert "FAIL  body" in out
    assert "page(s) fail: body, published_at" in out


def test_fetched_over_loopback_as_json(wordpress_site: RunningSite, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sites", "check", "wordpress-demo", "--articles", "2", "--json", *loopback(wordpress_site)])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["fits"] is True
    kinds = [page["kind"] for page in report["pages"]]
    assert kinds == ["list", "article", "article"]
    assert report["pages"][0]["fields"]["next"]["value"] == "http://sosnovka-adm.test/category/novosti/page/2/"
    assert report["pages"][1]["fields"]["title"]["value"] == "В Сосновке прошёл весенний субботник"
    # Politely: robots.txt first, then the list page, then the two articles it links to.
    assert wordpress_site.requests == [
        "/robots.txt", "/category/novosti/", "/2025/04/19/vesennij-subbotnik/", "/2025/04/11/plan-remonta-dorog/",
    ]


def test_a_family_that_does_not_fit(
    wordpress_site: RunningSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text('[sites.wordpress-demo]\nfamily = "admoblkaluga"\n', encoding="utf-8")
    code = main(["sites", "check", "wordpress-demo", "--sites", str(sites), *loopback(wordpress_site)])
    assert code == 1
    out = capsys.readouterr().out
    assert "FAIL" in out
    assert "result:" in out and "fits" not in out.splitlines()[-1]


def test_unknown_site_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "check", "no-such-site", "--from-dir", str(WORDPRESS)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no-such-site" in err[0]


def test_an_article_gone_since_it_was_listed_is_skipped_not_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A listed article answering 404 says nothing of the family: the check skips it and judges the
    others (it used to end in 'page(s) fail: page', exit 1)."""
    folder = tmp_path / "wordpress"
    shutil.copytree(WORDPRESS, folder)
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    gone = "http://sosnovka-adm.test/2025/04/19/vesennij-subbotnik/"
    index["pages"] = [page for page in index["pages"] if page["url"] != gone]
    (folder / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    with serve_folders([folder]) as (running,):
        code = main(["sites", "check", "wordpress-demo", "--articles", "2", *loopback(running)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"article {gone}" in out and "skip  gone (http 404)" in out
    assert out.rstrip().endswith("result: the family fits (1 article(s) checked)")
