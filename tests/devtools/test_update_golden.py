"""`python -m pressharvest.devtools.update_golden`: regenerates owned fixtures with a diff, keeps draft
marks, refuses the copied reference folders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pressharvest.devtools.update_golden import main
from tests.conftest import FIXTURES, ROOT
from tests.devtools.conftest import WORDPRESS

EXPECTED = "article_2025-04-19-vesennij-subbotnik.html.expected.json"


def _copy(tmp: Path) -> Path:
    folder = tmp / "wordpress"
    shutil.copytree(WORDPRESS, folder)
    return folder


def test_changed_record_is_rewritten_with_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(tmp_path)
    path = folder / EXPECTED
    stale = json.loads(path.read_text(encoding="utf-8"))
    stale["title"] = "Старый заголовок"
    path.write_text(json.dumps(stale, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert main([str(folder), "--check"]) == 1
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "Старый заголовок"  # --check writes nothing
    capsys.readouterr()
    assert main([str(folder)]) == 0
    captured = capsys.readouterr()
    assert f"--- a/wordpress/{EXPECTED}" in captured.out
    assert '-  "title": "Старый заголовок",' in captured.out
    assert '+  "title": "В Сосновке прошёл весенний субботник",' in captured.out
    assert "1 expected file(s) updated" in captured.err
    assert path.read_bytes() == (WORDPRESS / EXPECTED).read_bytes()
    assert main([str(folder), "--check"]) == 0
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert not any(entry.get("draft") for entry in index["pages"])  # a checked record stays checked


def test_missing_expected_file_is_written_as_a_draft(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / EXPECTED).unlink()
    assert main([str(folder)]) == 0
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    entry = next(e for e in index["pages"] if e["expected"] == EXPECTED)
    assert entry["draft"] is True
    assert (folder / EXPECTED).read_bytes() == (WORDPRESS / EXPECTED).read_bytes()


def test_a_page_that_now_fails_becomes_an_error_entry(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    page = folder / "article_2025-04-19-vesennij-subbotnik.html"
    page.write_text(page.read_text(encoding="utf-8").replace('class="entry-title"', 'class="x"')
                    .replace("<h1", "<div").replace("</h1>", "</div>").replace("og:title", "x"), encoding="utf-8")
    assert main([str(folder)]) == 0
    assert json.loads((folder / EXPECTED).read_text(encoding="utf-8")) == {"error": "title"}
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert next(e for e in index["pages"] if e["expected"] == EXPECTED)["kind"] == "article-error"


@pytest.mark.parametrize("name", ["admobninsk", "admoblkaluga", "gossite", "gosweb"])
def test_reference_folders_are_refused(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in (FIXTURES / name).iterdir()}
    assert main([str(FIXTURES / name)]) == 1
    assert "reference folder" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in (FIXTURES / name).iterdir()} == before


def test_runs_as_a_module(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    done = subprocess.run([sys.executable, "-m", "pressharvest.devtools.update_golden", str(folder), "--check"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "0 expected file(s) differ" in done.stderr
