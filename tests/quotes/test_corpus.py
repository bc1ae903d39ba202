"""The labelled quote corpus: every entry's quotes must come out exactly (all fields)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pressharvest.text.quotes import extract_quotes

CORPUS = Path(__file__).with_name("corpus.jsonl")


def _entries() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_large_and_has_negatives() -> None:
    entries = _entries()
    assert len(entries) >= 150
    assert sum(1 for e in entries if not e["quotes"]) >= 40
    assert len({e["id"] for e in entries}) == len(entries), "ids must be unique"


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["id"])
def test_corpus_entry(entry: dict[str, Any]) -> None:
    got = [q.model_dump() for q in extract_quotes(entry["paragraphs"])]
    assert got == entry["quotes"]
