"""Quote quality: precision and recall of (kind, speaker, text), and speaker_role exactness.

Measured over the labelled corpus (tests/quotes/corpus.jsonl) and over the bodies of the reference
pages' expected records (fixtures/<family>/*.expected.json). Run:

    .venv/bin/python bench/quote_quality.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pressharvest.text.quotes import extract_quotes

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("direct", "indirect")


def _corpus() -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    path = ROOT / "tests" / "quotes" / "corpus.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["id"], row["paragraphs"], row["quotes"]) for row in rows]


def _pages() -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    out = []
    for path in sorted((ROOT / "fixtures").glob("*/*.expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "body" in data:
            out.append((f"{path.parent.name}/{path.name}", data["body"], data["quotes"]))
    return out


def _key(q: dict[str, Any]) -> tuple[str, str | None, str]:
    return q["kind"], q["speaker"], q["text"]


class Score:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()
        self.role_ok = 0
        self.role_all = 0
        self.imperfect: list[str] = []

    def add(self, name: str, expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> None:
        exp = Counter(_key(q) for q in expected)
        found = Counter(_key(q) for q in got)
        for kind in KINDS:
            e = Counter({k: n for k, n in exp.items() if k[0] == kind})
            g = Counter({k: n for k, n in found.items() if k[0] == kind})
            self.tp[kind] += sum((e & g).values())
            self.fp[kind] += sum((g - e).values())
            self.fn[kind] += sum((e - g).values())
        roles = {_key(q): q["speaker_role"] for q in got}
        for q in expected:
            if _key(q) in roles:
                self.role_all += 1
                self.role_ok += roles[_key(q)] == q["speaker_role"]
        if expected != got:
            self.imperfect.append(name)

    @staticmethod
    def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
        return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)

    def lines(self) -> Iterable[str]:
        for kind in (*KINDS, "overall"):
            kinds = KINDS if kind == "overall" else (kind,)
            tp = sum(self.tp[k] for k in kinds)
            fp = sum(self.fp[k] for k in kinds)
            fn = sum(self.fn[k] for k in kinds)
            p, r = self._pr(tp, fp, fn)
            yield f"  {kind:<9} precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})"
        exact = self.role_ok / self.role_all if self.role_all else 1.0
        yield f"  speaker_role exact {exact:.3f} ({self.role_ok}/{self.role_all} matched quotes)"
        yield f"  records not reproduced exactly (all fields): {len(self.imperfect)}"
        for name in self.imperfect:
            yield f"    - {name}"


def _measure(title: str, items: list[tuple[str, list[str], list[dict[str, Any]]]]) -> None:
    score = Score()
    started = time.perf_counter()
    for name, paragraphs, expected in items:
        got = [q.model_dump() for q in extract_quotes(paragraphs)]
        score.add(name, expected, got)
    elapsed = time.perf_counter() - started
    print(f"{title}: {len(items)} items, {sum(len(e) for _, _, e in items)} expected quotes")
    for line in score.lines():
        print(line)
    print(f"  time: {elapsed * 1000 / max(1, len(items)):.2f} ms per item (first pass, caches cold)")


def _speed(items: list[tuple[str, list[str], list[dict[str, Any]]]], rounds: int = 20) -> None:
    started = time.perf_counter()
    for _ in range(rounds):
        for _name, paragraphs, _expected in items:
            extract_quotes(paragraphs)
    per = (time.perf_counter() - started) / (rounds * len(items))
    print(f"speed, warm word caches: {per * 1000:.3f} ms per article ({1 / per:.0f} articles/s)")


def main() -> int:
    corpus, pages = _corpus(), _pages()
    _measure("corpus (tests/quotes/corpus.jsonl)", corpus)
    _measure("reference pages (fixtures/*/*.expected.json bodies)", pages)
    _speed(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
