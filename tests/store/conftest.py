"""Fixtures for the store tests: a record factory and the stores the contract runs against.

`store_factory` is parametrized over the implementations: SQLite on a temporary file, PostgreSQL on
a fresh database of the session's real cluster (`tests/pg.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.pg import PgCluster

from pressharvest.harvest.store import Store, open_store
from pressharvest.models import PressRelease

STORE_KINDS = ["sqlite", "postgresql"]

RecordFactory = Callable[..., PressRelease]
StoreFactory = Callable[[], Store]


def build_record(
    n: int = 1,
    *,
    site: str = "demo",
    body: list[str] | None = None,
    published_at: str = "2020-07-15T07:29:00+03:00",
    raw: bytes | None = None,
    fetched_at: str | None = "2020-07-15T08:00:00Z",
    **fields: Any,
) -> PressRelease:
    """A valid record number `n` of `site`; `fields` override any other field."""
    raw = raw if raw is not None else f"<html>page {site} {n}</html>".encode()
    data: dict[str, Any] = {
        "id": f"{site}:{n}",
        "site": site,
        "url": f"https://{site}.example.ru/news/news_{n}.html",
        "title": f"Новость номер {n}",
        "published_at": published_at,
        "updated_at": None,
        "body": body if body is not None else [f"Первый абзац новости {n}.", "Второй абзац «в кавычках» — ё."],
        "quotes": [],
        "reference": [],
        "source": "Пресс-служба администрации",
        "rating": None,
        "images": [],
        "attachments": [],
        "language": "ru",
        "provenance": {
            "fetched_at": fetched_at,
            "content_sha256": hashlib.sha256(raw).hexdigest(),
            "parser": "x/1",
            "tool_version": "0.1.0",
        },
    }
    data.update(fields)
    return PressRelease.model_validate(data)


@pytest.fixture
def make_record() -> RecordFactory:
    return build_record


@pytest.fixture(params=STORE_KINDS)
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Opens stores on one fresh database (each call a new connection, as another process would)."""
    opened: list[Store] = []
    if request.param == "sqlite":
        target = str(tmp_path / "store.sqlite3")
    elif request.param == "postgresql":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        target = cluster.create_database("contract")
    else:
        raise AssertionError(f"no fixture for store kind {request.param!r}")

    def factory() -> Store:
        store = open_store(target)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    return store_factory()
