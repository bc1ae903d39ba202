"""The labelled republication set: the reference pages' expected records, edited copies and negatives.

Built deterministically (seeded) from `fixtures/<family>/*.expected.json` (the four reference
folders, drift variants left out — they are the same articles):

- every reference article is an origin; it gets two or three copies on fictional republishing sites
  ("republisher-1" … "republisher-4"), published 1–72 hours later, each with one kind of edit:
  `retitled` (new headline and attribution, body as is), `trimmed` (the first 55–75 % of the
  paragraphs), `reordered` (paragraphs shuffled), `attribution` ("Как сообщает пресс-служба …"
  prepended to the lead, a photo credit appended), `reworded` (typography changed « » → "", ё → е,
  one sentence dropped, about one word in twenty deleted, the last paragraph cut);
- boilerplate copies: ten origins get a copy that also carries the same two standard closing
  paragraphs (hotline, Госуслуги reminder) — copies of *different* origins then share ~40 shingles
  of boilerplate and must stay apart;
- negatives are every pair of records from different true groups: different articles of the same
  site and template, and same-topic pairs of different sites (two "Новогодняя ночь …" reports, two
  heating-restored reports in микрорайон Северный, two ФАП openings, two budgets, two "Учитель года").

Ground truth: two records are republications of each other iff they come from the same origin.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

from pressharvest.datasets.republication import Document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FOLDERS = ("admobninsk", "admoblkaluga", "gossite", "gosweb")
EDITS = ("retitled", "trimmed", "reordered", "attribution", "reworded")
BOILERPLATE = (
    "Напоминаем, что по всем вопросам жители могут обратиться на горячую линию администрации по телефону "
    "8 (800) 100-00-00 в рабочие дни с 9 до 18 часов, а также направить обращение через официальный сайт.",
    "Подать заявление можно в электронном виде через Единый портал государственных и муниципальных услуг "
    "или лично в многофункциональном центре предоставления государственных и муниципальных услуг.",
)
PRESS_SERVICES = (
    "пресс-служба Правительства Калужской области",
    "пресс-служба администрации района",
    "информационное агентство «Регион-Новости»",
    "пресс-служба губернатора",
)


@dataclass(frozen=True)
class Labelled:
    doc: Document
    truth: str  # the origin's id: same truth = republication of each other
    edit: str  # "origin" or one of EDITS (+ "+boilerplate")
    site: str
    title: str


def _origins() -> list[dict[str, Any]]:
    records = []
    for folder in FOLDERS:
        for path in sorted((FIXTURES / folder).glob("*.expected.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "body" in data:
                records.append(data)
    return records


def _reword(body: list[str], rng: random.Random) -> list[str]:
    out = []
    longest = max(range(len(body)), key=lambda i: len(body[i]))
    for i, paragraph in enumerate(body):
        text = paragraph.replace("«", '"').replace("»", '"').replace("ё", "е").replace("—", "-")
        if i == longest:
            sentences = re.split(r"(?<=[.!?])\s+", text)
            if len(sentences) > 1:
                del sentences[rng.randrange(len(sentences))]
            text = " ".join(sentences)
        words = text.split(" ")
        kept = [w for w in words if rng.random() > 0.05] or words
        out.append(" ".join(kept))
    return out[:-1] if len(out) > 2 else out


def _edit(kind: str, origin: dict[str, Any], rng: random.Random) -> tuple[str, list[str]]:
    body: list[str] = list(origin["body"])
    title: str = origin["title"]
    press = rng.choice(PRESS_SERVICES)
    if kind == "retitled":
        return f"{rng.choice(('Новости региона', 'Коротко', 'Важно'))}: {title.lower()}", body
    if kind == "trimmed":
        keep = max(2, round(len(body) * rng.uniform(0.55, 0.75)))
        return title, body[:keep]
    if kind == "reordered":
        shuffled = body[:]
        while len(shuffled) > 1 and shuffled == body:
            rng.shuffle(shuffled)
        return title, shuffled
    if kind == "attribution":
        lead = body[0]
        return title, [f"Как сообщает {press}, {lead[0].lower()}{lead[1:]}", *body[1:], f"Фото: {press}."]
    if kind == "reworded":
        return title.replace("«", '"').replace("»", '"'), _reword(body, rng)
    raise ValueError(kind)


def labelled_set(seed: int = 20260127) -> list[Labelled]:
    rng = random.Random(seed)
    items: list[Labelled] = []
    counters: dict[str, int] = {}
    edit_cycle = 0
    origins = _origins()
    boilerplate_for = {origin["id"] for origin in rng.sample(origins, 10)}
    for origin in origins:
        published = datetime.fromisoformat(origin["published_at"])
        items.append(Labelled(Document(origin["id"], published, origin["body"]), origin["id"], "origin",
                              origin["site"], origin["title"]))
        copies = rng.choice((2, 3))
        for n in range(copies):
            kind = EDITS[edit_cycle % len(EDITS)]
            edit_cycle += 1
            title, body = _edit(kind, origin, rng)
            if origin["id"] in boilerplate_for and n == 0:
                body = [*body, *BOILERPLATE]
                kind += "+boilerplate"
            site = f"republisher-{rng.randrange(1, 5)}"
            counters[site] = counters.get(site, 0) + 1
            doc_id = f"{site}:{counters[site]}"
            when = published + timedelta(hours=rng.randrange(1, 73))
            items.append(Labelled(Document(doc_id, when, body), origin["id"], kind, site, title))
    return items


def true_pairs(items: list[Labelled]) -> set[tuple[str, str]]:
    return {_pair(a.doc.id, b.doc.id) for a, b in combinations(items, 2) if a.truth == b.truth}


def predicted_pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    """`groups`: record id → group id (grouped records only)."""
    members: dict[str, list[str]] = {}
    for record_id, group in groups.items():
        members.setdefault(group, []).append(record_id)
    return {_pair(a, b) for ids in members.values() for a, b in combinations(ids, 2)}


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
