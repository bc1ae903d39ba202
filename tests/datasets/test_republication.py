"""Republication groups: precision/recall on the labelled set, origins, and the grouping rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from pressharvest.datasets.republication import (
    MIN_SHINGLES,
    Document,
    RepublicationIndex,
    group_republications,
    shingles,
)
from tests.datasets.labelled import EDITS, labelled_set, predicted_pairs, true_pairs

T0 = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
TEXT = [
    "Губернатор области провёл совещание с главами муниципальных районов, посвящённое подготовке к весеннему "
    "половодью и защите населённых пунктов от подтопления.",
    "По словам министра природных ресурсов, в этом году запасы воды в снеге превышают средние многолетние значения "
    "на двадцать процентов, поэтому работы начнутся раньше обычного.",
    "В районах создадут запасы песка, щебня и мешков, проверят готовность насосной техники и гидротехнических "
    "сооружений, а также обновят схемы оповещения жителей.",
    "Жителей просят заранее убрать имущество из подвалов и следить за сообщениями единой дежурно-диспетчерской службы.",
]


def test_labelled_set_precision_and_recall_at_least_095() -> None:
    items = labelled_set()
    assert len({i.truth for i in items}) >= 40 and {i.edit.split("+")[0] for i in items} >= {"origin", *EDITS}
    groups = group_republications(item.doc for item in items)
    truth = true_pairs(items)
    predicted = predicted_pairs({key: value.group for key, value in groups.items()})
    hits = predicted & truth
    precision, recall = len(hits) / len(predicted), len(hits) / len(truth)
    assert precision >= 0.95, precision
    assert recall >= 0.95, recall
    # every origin that got grouped is recognised as its group's origin (copies are published later)
    for item in items:
        rep = groups.get(item.doc.id)
        if rep is not None and item.edit == "origin":
            assert rep.is_origin and rep.origin == item.doc.id


def test_origin_is_the_earliest_then_the_smallest_id() -> None:
    docs = [
        Document("b:2", T0 + timedelta(hours=3), TEXT),
        Document("a:1", T0 + timedelta(hours=1), TEXT[:3]),
        Document("c:3", T0 + timedelta(hours=1), list(reversed(TEXT))),
    ]
    groups = group_republications(docs)
    assert {rep.origin for rep in groups.values()} == {"a:1"}
    assert [key for key, rep in groups.items() if rep.is_origin] == ["a:1"]
    assert len({rep.group for rep in groups.values()}) == 1
    # the same instant written in another offset counts as the same moment
    moscow = datetime.fromisoformat("2025-01-10T12:00:00+03:00")
    assert group_republications([Document("z:9", moscow, TEXT), Document("y:8", T0 + timedelta(hours=1), TEXT)])[
        "z:9"].is_origin


def test_different_articles_and_short_bodies_stay_alone() -> None:
    other = [
        "Администрация района подвела итоги конкурса детского рисунка, в котором приняли участие более двухсот "
        "школьников из двенадцати сёл.",
        "Победителей наградят дипломами и памятными подарками на торжественной церемонии в районном доме культуры.",
    ]
    short = ["Уважаемые жители! Приём граждан переносится."]
    docs = [Document("a:1", T0, TEXT), Document("b:2", T0, other), Document("c:3", T0, short),
            Document("d:4", T0 + timedelta(days=1), short)]
    assert len(shingles(short)) < MIN_SHINGLES
    assert group_republications(docs) == {}


def test_shingles_ignore_typography_and_paragraph_order() -> None:
    retyped = [p.replace("ё", "е").replace(",", "") for p in reversed(TEXT)]
    assert np.array_equal(shingles(TEXT), shingles(retyped))
    # but never cross a paragraph break: joining two paragraphs adds shingles
    joined = [TEXT[0] + " " + TEXT[1], *TEXT[2:]]
    assert len(np.setdiff1d(shingles(joined), shingles(TEXT))) == 2


def test_many_identical_copies_make_one_group_cheaply() -> None:
    index = RepublicationIndex()
    for n in range(300):
        index.add(Document(f"s{n % 7}:{n}", T0 + timedelta(minutes=n), TEXT))
    groups = index.groups()
    assert len(groups) == 300 and {rep.origin for rep in groups.values()} == {"s0:0"}
    assert index.candidates < 400  # joined by their identical signature, not compared pairwise
