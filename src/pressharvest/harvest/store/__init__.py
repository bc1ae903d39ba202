"""The state store: URL frontier, raw pages, records with versions, runs, host state, run lock.

`open_store(db)` picks the implementation from the `--db` value; `Store` (in `base.py`) is the interface
every implementation keeps.
"""

from __future__ import annotations

from pressharvest.harvest.store.base import (
    URL_STATUSES,
    CommitResult,
    HostState,
    LockInfo,
    PageOutcome,
    RawPage,
    RecordVersion,
    RunInfo,
    Store,
    UrlKind,
    UrlState,
    UrlStatus,
    content_hash,
)
from pressharvest.harvest.store.factory import open_store
from pressharvest.harvest.store.sqlite import SQLiteStore

__all__ = [
    "URL_STATUSES",
    "CommitResult",
    "HostState",
    "LockInfo",
    "PageOutcome",
    "RawPage",
    "RecordVersion",
    "RunInfo",
    "SQLiteStore",
    "Store",
    "UrlKind",
    "UrlState",
    "UrlStatus",
    "content_hash",
    "open_store",
]
