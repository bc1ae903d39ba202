"""A fixtures folder's index.json that is not what the tools wrote is one line naming the file and
the key, for `sites check --from-dir`, `new-family --from DIR` and `demo --fixtures` alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pressharvest.cli import main

PAGE = {"file": "a.html", "url": "http://gossite-demo.test/news/1", "kind": "article"}
GOOD = {"site": "gossite-demo", "base_url": "http://gossite-demo.test", "pages": [PAGE]}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("{not json", "not JSON"),
        ("[1, 2, 3]", "must be a JSON object"),
        (json.dumps({"pages": []}), "key 'site' is missing"),
        (json.dumps({**GOOD, "base_url": 3}), "key 'base_url' must be a string"),
        (json.dumps({**GOOD, "pages": {}}), "key 'pages' must be a list"),
        (json.dumps({**GOOD, "pages": ["a.html"]}), "pages[0] must be an object"),
        (json.dumps({**GOOD, "pages": [{"file": "a.html", "kind": "article"}]}), "key 'pages[0].url' is missing"),
        (json.dumps({**GOOD, "pages": [{**PAGE, "file": "../../etc/passwd"}]}), "key 'pages[0].file'"),
        (json.dumps({**GOOD, "pages": [{**PAGE, "fetched_at": "yesterday"}]}), "key 'pages[0].fetched_at'"),
        (json.dumps({**GOOD, "pages": [{**PAGE, "headers": "text/html"}]}), "key 'pages[0].headers'"),
    ],
)
@pytest.mark.parametrize("command", ["check", "new-family", "demo"])
def test_a_bad_index_is_one_line_naming_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     content: str, named: str, command: str) -> None:
    folder = tmp_path / ("gossite" if command == "demo" else "saved")
    folder.mkdir()
    (folder / "index.json").write_text(content, encoding="utf-8")
    (folder / "a.html").write_text("<html><h1>x</h1></html>", encoding="utf-8")
    argv = {
        "check": ["sites", "check", "gossite-demo", "--from-dir", str(folder)],
        "new-family": ["new-family", "trial", "--from", str(folder), "--fixtures", str(tmp_path / "fx"),
                       "--module-dir", str(tmp_path / "families")],
        "demo": ["demo", "--fixtures", str(tmp_path), "--out", str(tmp_path / "out")],
    }[command]
    if command == "demo":  # the other demo folders are read first: give them the same index
        for name in ("admobninsk", "admoblkaluga", "gosweb"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "index.json").write_text(content, encoding="utf-8")
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "index.json" in err and named in err
