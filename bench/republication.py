"""Republication groups: precision and recall on the labelled set, and grouping time for 25k–100k records.

The labelled set (tests/datasets/labelled.py) is the reference pages' expected records, edited
copies of them on fictional republishing sites (retitled, trimmed, paragraphs reordered, different
attribution, reworded, shared boilerplate) and every pair of different articles as negatives.
P/R are over pairs: a pair is predicted when both records land in one group.

The timing corpus is generated: bodies of 4–10 paragraphs of 15–45 words drawn from a Zipf-like
vocabulary of 40,000 words (so unrelated bodies share common words and some 3-word phrases, as news
of one region do), one record in ten an edited copy of an earlier one. Run:

    .venv/bin/python bench/republication.py            # P/R + 25k, 50k, 100k
    .venv/bin/python bench/republication.py --sizes 1000  # quick
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.datasets.labelled import labelled_set, predicted_pairs, true_pairs  # noqa: E402

from pressharvest.datasets.republication import Document, RepublicationIndex  # noqa: E402

_SYLLABLES = [c + v for c in "бвгдзклмнпрстфхцчшщ" for v in "аеиоуыяю"]


def quality() -> tuple[float, float]:
    items = labelled_set()
    index = RepublicationIndex()
    for item in items:
        index.add(item.doc)
    groups = index.groups()
    truth = true_pairs(items)
    predicted = predicted_pairs({key: value.group for key, value in groups.items()})
    hits = predicted & truth
    precision = len(hits) / len(predicted) if predicted else 1.0
    recall = len(hits) / len(truth)
    kinds = {item.doc.id: item.edit for item in items}
    print(f"labelled set: {len(items)} records ({sum(i.edit == 'origin' for i in items)} origins), "
          f"{len(truth)} true pairs, {len(items) * (len(items) - 1) // 2 - len(truth)} negative pairs")
    print(f"  precision {precision:.3f}  recall {recall:.3f}  ({len(hits)} of {len(predicted)} predicted pairs right; "
          f"{index.candidates} candidate pairs checked)")
    by_kind: Counter[str] = Counter()
    missed_kind: Counter[str] = Counter()
    for a, b in truth:
        for key in (a, b):
            by_kind[kinds[key]] += 1
            if (a, b) not in predicted:
                missed_kind[kinds[key]] += 1
    for kind, total in sorted(by_kind.items()):
        print(f"  recall involving {kind:24s} {1 - missed_kind[kind] / total:.3f}  ({total} pair ends)")
    wrong = sorted(predicted - truth)
    for a, b in wrong[:5]:
        print(f"  false pair: {a} ~ {b}")
    return precision, recall


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 5))))
    return sorted(words)


def generated(count: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 40_000)
    weights = np.array([1 / (rank + 10) for rank in range(len(vocab))])
    cumulative = np.cumsum(weights / weights.sum())
    nprng = np.random.default_rng(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    docs: list[Document] = []
    for n in range(count):
        when = start + timedelta(minutes=17 * n)
        if docs and rng.random() < 0.1:  # an edited copy of an earlier record
            body = list(rng.choice(docs).body)
            if rng.random() < 0.5:
                body = body[: max(2, len(body) * 2 // 3)]
            else:
                rng.shuffle(body)
            docs.append(Document(f"copy:{n}", when, body))
            continue
        paragraphs = []
        for _ in range(rng.randint(4, 10)):
            picks = np.searchsorted(cumulative, nprng.random(rng.randint(15, 45)))
            paragraphs.append(" ".join(vocab[min(i, len(vocab) - 1)] for i in picks).capitalize() + ".")
        docs.append(Document(f"site{n % 20}:{n}", when, paragraphs))
    return docs


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timing(sizes: list[int]) -> None:
    largest = generated(max(sizes))
    print(f"\ngrouping generated records (corpus built; peak RSS so far {rss_mb():.0f} MB)")
    rates = []
    for size in sizes:
        docs = largest[:size]
        started, cpu = time.perf_counter(), time.process_time()
        index = RepublicationIndex()
        for doc in docs:
            index.add(doc)
        groups = index.groups()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        rates.append(cpu / size * 1e6)
        print(f"  {size:7,d} records: {elapsed:6.1f} s wall, {cpu:6.1f} s CPU ({rates[-1]:.0f} µs CPU/record; "
              f"{index.candidates:,d} candidate pairs checked, {len(groups):,d} records grouped; "
              f"peak RSS {rss_mb():.0f} MB)")
    if len(rates) > 1:
        print(f"  CPU time per record, largest / smallest size: {rates[-1] / rates[0]:.2f} (1.00 = linear)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[25_000, 50_000, 100_000])
    args = parser.parse_args()
    quality()
    if args.sizes:
        timing(args.sizes)


if __name__ == "__main__":
    main()
