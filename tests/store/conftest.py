"""Fixtures for the store tests: a record factory and the stores the contract runs against.

`store_factory` is parametrized over the implementations. Issue 9 adds a PostgreSQL one: append
"postgresql" to `STORE_KINDS` and a branch in `_open` that creates a fresh database on the test cluster.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pressharvest.harvest.store import SQLiteStore, Store
from pressharvest.models import PressRelease

STORE_KINDS = ["sqlite"]

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


def _open(kind: str, folder: Path) -> Store:
    if kind == "sqlite":
        return SQLiteStore(folder / "store.sqlite3")
    raise AssertionError(f"no fixture for store kind {kind!r}")


@pytest.fixture(params=STORE_KINDS)
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Opens stores on one fresh database (each call a new connection, as another process would)."""
    opened: list[Store] = []

    def factory() -> Store:
        store = _open(request.param, tmp_path)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    return store_factory()
