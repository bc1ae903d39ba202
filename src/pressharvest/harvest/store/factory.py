"""`open_store`: from the `--db` value (a file path or a database URL) to a `Store`."""

from __future__ import annotations

import os
import re

from pressharvest.errors import StoreError
from pressharvest.harvest.store.base import Store
from pressharvest.harvest.store.sqlite import SQLiteStore

_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_postgres_url(db: str | os.PathLike[str]) -> bool:
    match = _URL_SCHEME.match(os.fspath(db))
    return match is not None and match.group(1).lower() in ("postgresql", "postgres")


def open_store(db: str | os.PathLike[str]) -> Store:
    """A path opens (or creates) an SQLite store; a `postgresql://` URL a PostgreSQL one."""
    text = os.fspath(db)
    match = _URL_SCHEME.match(text)
    if match is None:
        return SQLiteStore(text)
    if is_postgres_url(text):
        try:  # psycopg is the optional `postgres` extra: the embedded mode does not need it
            from pressharvest.harvest.store.postgres import PostgresStore
        except ImportError as exc:
            hint = "pip install 'pressharvest[postgres]'"
            raise StoreError(f"PostgreSQL support is not installed ({exc}); {hint}") from exc
        return PostgresStore(text)
    scheme = match.group(1).lower()
    raise StoreError(f"unsupported database URL scheme {scheme!r}: pass a file path or a postgresql:// URL")
