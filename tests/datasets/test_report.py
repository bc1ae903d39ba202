"""The dataset report: one self-contained HTML page whose embedded plots are real PNG images."""

from __future__ import annotations

import base64
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.datasets.report import SECTIONS, write_report
from pressharvest.harvest.store.factory import open_store


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.sections: list[str | None] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag not in ("meta", "img", "br", "link"):
            self.open.append(tag)
        if tag == "img":
            self.images.append(values)
        if tag == "section":
            self.sections.append(values.get("id"))
        for key in ("href", "src"):
            if values.get(key) and not str(values[key]).startswith("data:"):
                self.links.append(str(values[key]))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _check_page(path: Path) -> _Page:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    page = _Page()
    page.feed(text)
    page.close()
    assert page.open == []  # every element closed, in order
    assert page.links == []  # self-contained: no external script, style, image or link
    assert page.tags.count("h1") == 1 and "script" not in page.tags
    assert page.sections == ["card", *(key for key, *_ in SECTIONS)]
    assert len(page.images) == len(SECTIONS)
    for image in page.images:
        src = str(image["src"])
        assert src.startswith("data:image/png;base64,") and image["alt"]
        width, height = _png_size(base64.b64decode(src.split(",", 1)[1], validate=True))
        assert width == 1000 and 150 <= height <= 2000
    return page


@pytest.fixture(scope="module")
def report(harvested: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--db", str(harvested / "db.sqlite3"), "--out", str(path)]) == 0
    return path


def test_report_is_one_self_contained_page_with_real_plots(harvested: Path, report: Path) -> None:
    page = _check_page(report)
    text = " ".join(page.text)
    with open_store(harvested / "db.sqlite3") as store:
        records = store.record_count()
    assert f"{records} press releases from 4 site(s)" in text
    for site in ("admobninsk", "admoblkaluga-minobr", "gossite-demo", "gosweb-demo"):
        assert site in text
    card = re.sub(r"\s+", " ", text)
    assert "record schema version 1" in card and "tool version (records) 0.1.0" in card
    assert "period (local publication dates) 2012-12-26 — 2026-01-20" in card


def test_report_of_an_empty_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty.sqlite3") as store:
        stats = write_report(store, tmp_path / "report.html", "empty.sqlite3")
    assert stats.records == 0
    _check_page(tmp_path / "report.html")


def test_report_needs_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", str(tmp_path / "absent.sqlite3"), "--out", str(tmp_path / "r.html")]) == 1
    assert "absent.sqlite3" in capsys.readouterr().err
