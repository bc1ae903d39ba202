"""Extraction never raises and stays in order on scrambled articles (cut paragraphs, unbalanced marks)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from pressharvest.text.quotes import extract_quotes

HERE = Path(__file__).resolve().parent


def _paragraphs() -> list[str]:
    out: list[str] = []
    for line in (HERE / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        out += json.loads(line)["paragraphs"]
    return out


def test_scrambled_articles_do_not_break_extraction() -> None:
    paragraphs = _paragraphs()
    rnd = random.Random(20250101)
    for _ in range(300):
        article = [rnd.choice(paragraphs) for _ in range(rnd.randint(1, 8))]
        j = rnd.randrange(len(article))
        cut = rnd.randrange(max(1, len(article[j]) // 2))
        article[j] = article[j][cut:].strip() or article[j]
        quotes = extract_quotes(article)
        assert [q.paragraph for q in quotes] == sorted(q.paragraph for q in quotes)
        assert all(0 <= q.paragraph < len(article) for q in quotes)
