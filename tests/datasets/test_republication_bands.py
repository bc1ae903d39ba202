"""The log-structured band table answers exactly as one dict of every key would."""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np
import pytest

from pressharvest.datasets.republication import RepublicationIndex, _Bands, group_republications
from tests.datasets.labelled import labelled_set


def test_queries_match_a_plain_dict_through_many_flushes_and_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Bands, "_RECENT", 50)
    rng = random.Random(5)
    pool = [rng.getrandbits(64) for _ in range(400)] + [0, 2**64 - 1]  # shared keys, and the extremes
    bands = _Bands(42, 3)
    reference: defaultdict[int, set[int]] = defaultdict(set)
    for record in range(600):
        keys = [rng.choice(pool) if rng.random() < 0.3 else rng.getrandbits(64) for _ in range(8)]
        array = np.array(keys, dtype=np.uint64)
        expected = set().union(*(reference.get(key, set()) for key in keys))
        assert bands.query(array) == expected, record
        bands.insert(array, record)
        for key in keys:
            reference[key].add(record)
    assert len(bands._runs) > 1 and bands._recent  # both parts were in use
    assert all(np.all(keys[:-1] <= keys[1:]) for keys, _ in bands._runs)


def test_groups_and_counters_are_the_same_with_tiny_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [item.doc for item in labelled_set()]
    plain = RepublicationIndex()
    for doc in docs:
        plain.add(doc)
    assert not plain._bands._runs  # the whole labelled set fits in the dict
    monkeypatch.setattr(_Bands, "_RECENT", 42 * 3)
    tiny = RepublicationIndex()
    for doc in docs:
        tiny.add(doc)
    assert len(tiny._bands._runs) > 1
    assert tiny.groups() == plain.groups()
    assert (tiny.candidates, tiny.joined) == (plain.candidates, plain.joined)
    assert group_republications(docs) == plain.groups()
