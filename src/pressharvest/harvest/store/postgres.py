"""`PostgresStore`: the state store on a PostgreSQL server, shared by many workers (psycopg 3).

Same promises as `SQLiteStore` (the contract suite runs against both) plus what workers need
(`coordination.SliceStore`): host leases checked inside `commit_page`'s transaction, and per-host
politeness state every worker reads.

Transactions. The connection is in autocommit mode; every write is one explicit transaction at READ
COMMITTED. `commit_page` locks the record row (`SELECT … FOR UPDATE`) before deciding "new version or
not", so two workers committing the same id can never both write version n + 1; discovered URLs go in
with `ON CONFLICT DO NOTHING`, so rediscovery by several workers is harmless.

The queries are `sql.SQLStore`'s (written with `?` placeholders, which `_Qmark` turns into psycopg's
`%s`); this module adds the connection, the row locks and the statements PostgreSQL does better.

Connection loss (a database restart, a network cut) surfaces as `StoreError`; the next call opens a
new connection, so a long-lived worker recovers by itself once the server is back. Errors name the
server by its URL with any password removed.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg

from pressharvest.errors import StoreError
from pressharvest.harvest.store.base import HostLease, HostState, UrlKind
from pressharvest.harvest.store.pg_schema import SCHEMA, migrate
from pressharvest.harvest.store.sql import SQLStore

logger = logging.getLogger(__name__)

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")

Conn = psycopg.Connection[tuple[Any, ...]]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware one")
    return moment.astimezone(UTC)


def redact(url: str) -> str:
    """The URL without its password, fit for an error message or a log line."""
    return _PASSWORD.sub(r"\1***@", url)


@functools.cache
def _pyformat(sql: str) -> str:
    """A query written with `?` placeholders in psycopg's style (`%s`, a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Qmark:
    """A psycopg connection taking the `?` placeholders the shared queries are written with."""

    __slots__ = ("_conn",)

    def __init__(self, conn: Conn) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[tuple[Any, ...]]:
        return self._conn.execute(_pyformat(sql), parameters)


class PostgresStore(SQLStore):
    """The `Store` (and `SliceStore`) on PostgreSQL. Thread-safe (one connection behind a lock)."""

    _DRIVER_ERROR = psycopg.Error
    _FOR_UPDATE = " FOR UPDATE"
    _FOR_SHARE = " FOR SHARE"

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = 10.0,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        super().__init__(redact(url), clock)
        self.url = url
        self._connect_timeout = connect_timeout
        self._conn: Conn | None = None
        with self._mutex, self._errors():
            migrate(self._connection(), self.where)

    # --- plumbing ---------------------------------------------------------------------------------
    def _connection(self) -> Conn:
        if self._closed:
            raise StoreError("the store is closed", path=self.where)
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            if conn is not None:
                logger.warning("%s: connection lost; reconnecting", self.where)
                conn.close()
            self._conn = conn = psycopg.connect(
                self.url,
                autocommit=True,
                connect_timeout=max(1, int(self._connect_timeout)),
                options=f"-c search_path={SCHEMA},public -c timezone=UTC",
                application_name="pressharvest",
            )
        return conn

    def _translate(self, exc: psycopg.Error) -> StoreError:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"database unreachable or connection lost ({detail})", path=self.where)
        return StoreError(f"database error: {detail}", path=self.where)

    @contextmanager
    def _read(self) -> Iterator[_Qmark]:
        with self._mutex, self._errors():
            yield _Qmark(self._connection())

    @contextmanager
    def _write(self) -> Iterator[_Qmark]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        with self._mutex, self._errors():
            conn = self._connection()
            with conn.transaction():
                yield _Qmark(conn)

    # --- what SQLStore asks of the database -------------------------------------------------------
    def _store_time(self, moment: datetime) -> datetime:
        return _aware(moment)

    def _load_time(self, value: datetime) -> datetime:
        return value  # timestamptz: psycopg gives an aware datetime

    def _load_json(self, value: Any) -> Any:
        return value  # jsonb: psycopg decodes it

    def _show_time(self, value: datetime) -> str:
        return value.isoformat()

    def _unlock_hint(self) -> str:
        return f"`DELETE FROM {SCHEMA}.run_lock`"

    def _disconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def _release_on_close(self) -> None:
        if self._holds_lock:
            try:
                self.release_lock()
            except StoreError as exc:  # the server is gone: the lock row is for an operator now
                logger.warning("could not release the run lock: %s", exc)

    def _insert_new_urls(self, site: str, urls: list[str], kind: UrlKind, discovered_in_run: int | None) -> int:
        if not urls:
            return 0
        with self._write() as conn:
            # WITH ORDINALITY … ORDER BY: `seq` follows the order of discovery.
            cur = conn.execute(
                "INSERT INTO urls (url, site, kind, status, discovered_in_run, updated_at) "
                "SELECT u, ?, ?, 'new', ?, ? FROM unnest(?::text[]) WITH ORDINALITY AS t (u, n) "
                "ORDER BY n ON CONFLICT (url) DO NOTHING",
                (site, kind, discovered_in_run, self._clock(), urls),
            )
            return max(0, cur.rowcount)

    def known_urls(self, site: str, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        with self._read() as conn:
            rows = conn.execute("SELECT url FROM urls WHERE site = ? AND url = ANY(?)", (site, wanted)).fetchall()
        return {row[0] for row in rows}

    # --- for `status` -----------------------------------------------------------------------------
    def hosts(self) -> list[tuple[HostState, HostLease | None]]:
        """Every known host with its live lease, for `status`."""
        now = self._clock()
        with self._read() as conn:
            rows = conn.execute(
                "SELECT host, next_allowed_at, crawl_delay, backoff_until, lease_token, lease_owner, lease_until "
                "FROM hosts ORDER BY host"
            ).fetchall()
        return [
            (
                HostState(r[0], r[1], r[2], r[3]),
                HostLease(r[0], r[4], r[5], r[6]) if r[4] is not None and r[6] is not None and r[6] > now else None,
            )
            for r in rows
        ]
