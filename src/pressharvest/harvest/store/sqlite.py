"""`SQLiteStore`: the embedded state store, one SQLite file in WAL mode (stdlib `sqlite3`).

Crash safety. Every write is an explicit transaction (`BEGIN IMMEDIATE` … `COMMIT`, the connection in
autocommit mode so Python never opens one behind our back); `commit_page` writes the record, its
version row and the URL state in one of them. The journal is WAL with `synchronous=NORMAL`: a
transaction is committed once its frames are appended to the WAL file, which lives in the OS page
cache, so a SIGKILL of this process (or any crash of it) never loses or tears a committed transaction.
Only a power loss or kernel crash can roll back the last few transactions, never corrupt the file;
the harvest then re-fetches those URLs (they are still pending), so the promise "nothing lost, no
duplicates after a rerun" holds there too. FULL would add an fsync per page commit for nothing the
promise needs.

The queries are `sql.SQLStore`'s; this module opens the file, runs the transactions and translates
errors from sqlite3 into `StoreError` (one line, naming the file).

Recovering from a corrupt database (the error says so and names the file):
1. move the file aside (`mv DB DB.corrupt`, with its `-wal`/`-shm` files if present) and run again:
   a fresh store is created and the next harvest collects the sites anew (its raw pages and records
   are rebuilt from the sites; exports written earlier are separate files and stay valid);
2. optionally salvage what SQLite can still read into the new path before running again:
   `sqlite3 DB.corrupt .dump | sqlite3 DB && sqlite3 DB 'PRAGMA user_version = 2'` (`.dump` does not
   carry the schema version; 2 is `schema.SCHEMA_VERSION` today). Debian's sqlite3 3.40 `.recover`
   failed on a plain WAL test file here, so `.dump` is the documented route.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_random_exponential

from pressharvest.errors import StoreError
from pressharvest.harvest.store.base import UrlKind
from pressharvest.harvest.store.schema import migrate
from pressharvest.harvest.store.sql import SQLStore

_IN_BATCH = 500  # URLs per IN (...) list
# sqlite3 primary result codes (the low byte of the extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 5, 6, 11, 13, 26


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(moment: datetime) -> str:
    """One fixed UTC format, so stored times compare correctly as text."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware one")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    return isinstance(exc, sqlite3.OperationalError) and code in (_SQLITE_BUSY, _SQLITE_LOCKED)


def _switch_to_wal(conn: sqlite3.Connection, busy_timeout: float) -> object:
    """`PRAGMA journal_mode = WAL`, the resulting mode. The switch needs the file to itself and SQLite
    answers "database is locked" at once, without its busy handler, while another connection holds it:
    processes opening a fresh store together failed (9 of 200 races of 8 openers). Retried with
    jittered backoff within the busy timeout; a store already in WAL mode is left as it is."""
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return "wal"
    for attempt in Retrying(
        retry=retry_if_exception(_is_busy), stop=stop_after_delay(busy_timeout),
        wait=wait_random_exponential(multiplier=0.005, max=0.25), reraise=True,
    ):
        with attempt:
            return conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    raise AssertionError("unreachable: Retrying re-raises the last error")  # pragma: no cover


def _chunks(items: Sequence[str], size: int = _IN_BATCH) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SQLiteStore(SQLStore):
    """The `Store` on one SQLite file. Thread-safe (one connection behind a lock); one per process."""

    _DRIVER_ERROR = sqlite3.Error

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 30.0,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.path = str(path)
        super().__init__(self.path, clock)
        if Path(self.path).is_dir():
            raise StoreError("is a folder, not a database file; pass a file path to --db", path=self.path)
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder for the database: {exc.strerror or exc}", path=self.path
            ) from exc
        try:
            # Autocommit (isolation_level=None): transactions are ours, explicit. check_same_thread is
            # off so the pipeline may call us from a worker thread; self._mutex serialises the calls.
            self._conn = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        try:
            with self._errors():
                self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000):d}")
                # The first statement that reads the file: a non-database fails here.
                mode = _switch_to_wal(self._conn, busy_timeout)
                if str(mode).lower() != "wal" and self.path != ":memory:":  # in memory: no journal file
                    raise StoreError(f"cannot switch the database to WAL mode (got {mode!r})", path=self.path)
                self._conn.execute("PRAGMA synchronous = NORMAL")  # see the module docstring
                self._conn.execute("PRAGMA foreign_keys = ON")
                migrate(self._conn, self.path)
        except BaseException:
            self._conn.close()
            raise

    # --- plumbing ---------------------------------------------------------------------------------
    def _translate(self, exc: sqlite3.Error) -> StoreError:
        code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
        detail = str(exc)
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return StoreError(
                f"not a usable SQLite database ({detail}); move it aside (e.g. `mv {self.path} "
                f"{self.path}.corrupt`) and run again: a fresh store is created and the next harvest "
                "collects the sites anew",
                path=self.path,
            )
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return StoreError(f"database is busy: another process kept it locked too long ({detail})", path=self.path)
        if code == _SQLITE_FULL:
            return StoreError(f"disk full while writing the database ({detail})", path=self.path)
        return StoreError(f"database error: {detail}", path=self.path)

    def _check_open(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("the store is closed", path=self.path)
        return self._conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._mutex, self._errors():
            yield self._check_open()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. IMMEDIATE takes the write lock up front, so a concurrent writer
        waits (busy timeout) at BEGIN instead of failing mid-transaction on a lock upgrade."""
        with self._mutex, self._errors():
            conn = self._check_open()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # --- what SQLStore asks of the database -------------------------------------------------------
    def _store_time(self, moment: datetime) -> str:
        return _ts(moment)

    def _load_time(self, value: Any) -> datetime:
        return datetime.fromisoformat(value)

    def _load_json(self, value: Any) -> Any:
        return json.loads(value)

    def _show_time(self, value: Any) -> str:
        return str(value)

    def _unlock_hint(self) -> str:
        return f"`sqlite3 {self.path} 'DELETE FROM run_lock'`"

    def _disconnect(self) -> None:
        self._conn.close()

    def _insert_new_urls(self, site: str, urls: list[str], kind: UrlKind, discovered_in_run: int | None) -> int:
        now = _ts(self._clock())
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO urls (url, site, kind, status, discovered_in_run, updated_at) "
                "VALUES (?, ?, ?, 'new', ?, ?) ON CONFLICT (url) DO NOTHING",
                [(url, site, kind, discovered_in_run, now) for url in urls],
            )
            return conn.total_changes - before

    def known_urls(self, site: str, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        with self._read() as conn:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT url FROM urls WHERE site = ? AND url IN ({marks})", (site, *chunk)
                ).fetchall()
                found.update(row[0] for row in rows)
        return found
