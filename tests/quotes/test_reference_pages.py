"""Quotes of every reference page's expected body must equal its expected quotes exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pressharvest.text.quotes import extract_quotes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _pages() -> list[Path]:
    pages = []
    for path in sorted(FIXTURES.glob("*/*.expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "body" in data:
            pages.append(path)
    return pages


def test_reference_pages_exist() -> None:
    assert len(_pages()) >= 40


@pytest.mark.parametrize("path", _pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reference_page_quotes(path: Path) -> None:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    got = [q.model_dump() for q in extract_quotes(data["body"])]
    assert got == data["quotes"]
