"""What both stores do the same way, whatever the SQL dialect: argument checks, record loading,
raw-page decoding, the filters of `records()`, and the connection the shared queries (`sql.py`) run on."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from pydantic import ValidationError

from pressharvest.errors import StoreError
from pressharvest.harvest.store.base import PageOutcome
from pressharvest.models import PressRelease

# Records per query when streaming them: a batch is held as Python str, ~2x its UTF-8 size in Cyrillic.
# 500 rows cost a harvest 4-5 MB of peak RSS at export (reading 2,000 records: +9.5 MB, at 100 +3.8 MB),
# and 100 are as fast.
RECORD_BATCH = 100
# zlib level 1: on the reference pages it compresses 3.4x at ~60 MB/s, level 6 4.0x at ~33 MB/s. The raw
# archive is secondary to harvest speed (level 6 made put_raw the slowest step of a page), so speed wins.
ZLIB_LEVEL = 1


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """What the shared queries need of a connection: `execute` with `?` placeholders (sqlite3's own
    style; `PostgresStore` adapts psycopg's `%s`)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...


def check_commit(site: str, record: PressRelease | None, outcome: PageOutcome) -> None:
    """`commit_page`'s arguments, checked before any transaction: a caller's mistake is no crash."""
    if outcome == "done":
        if record is None:
            raise ValueError("outcome 'done' needs a record")
        if record.site != site:
            raise ValueError(f"record {record.id} belongs to site {record.site!r}, not {site!r}")
    elif outcome in ("refused", "gone"):
        if record is not None:
            raise ValueError(f"outcome {outcome!r} takes no record")
    else:
        raise ValueError(f"unknown outcome {outcome!r}")


def load_record(record_id: str, data: str, where: str) -> PressRelease:
    try:
        return PressRelease.model_validate_json(data)
    except ValidationError as exc:
        raise StoreError(
            f"stored record {record_id} no longer validates ({exc.error_count()} errors); "
            "rebuild it with `pressharvest reparse`",
            path=where,
        ) from exc


def unpack(sha: str, codec: str, data: bytes, where: str) -> bytes:
    if codec != "zlib":
        raise StoreError(f"raw page {sha} has an unknown codec {codec!r}", path=where)
    try:
        return zlib.decompress(data)
    except zlib.error as exc:
        raise StoreError(f"raw page {sha} is damaged ({exc})", path=where) from exc


def day(value: date) -> str:
    """The calendar day of a bound; a datetime counts as its own date (no zone conversion)."""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def record_filters(
    site: str | None, since: date | None, until: date | None, run_id: int | None
) -> tuple[list[str], list[Any]]:
    """The WHERE terms (after the keyset term `id > ?`) and parameters of `records()`."""
    where = ["id > ?"]
    params: list[Any] = []
    if site is not None:
        where.append("site = ?")
        params.append(site)
    if since is not None:
        where.append("published_day >= ?")
        params.append(day(since))
    if until is not None:
        where.append("published_day <= ?")
        params.append(day(until))
    if run_id is not None:
        where.append("id IN (SELECT record_id FROM record_versions WHERE run_id = ?)")
        params.append(run_id)
    return where, params
