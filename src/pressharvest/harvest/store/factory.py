"""`open_store`: from the `--db` value (a file path or a database URL) to a `Store`."""

from __future__ import annotations

import os
import re

from pressharvest.errors import StoreError
from pressharvest.harvest.store.base import Store
from pressharvest.harvest.store.sqlite import SQLiteStore

_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_store(db: str | os.PathLike[str]) -> Store:
    """A path opens (or creates) an SQLite store; a `postgresql://` URL a PostgreSQL one (issue 9)."""
    text = os.fspath(db)
    match = _URL_SCHEME.match(text)
    if match is None:
        return SQLiteStore(text)
    scheme = match.group(1).lower()
    if scheme in ("postgresql", "postgres"):
        raise StoreError("PostgreSQL store not available yet; pass a file path to --db for SQLite")
    raise StoreError(f"unsupported database URL scheme {scheme!r}: pass a file path or a postgresql:// URL")
