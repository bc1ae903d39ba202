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

Errors from sqlite3 are translated here into `StoreError` (one line, naming the file).

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

import hashlib
import json
import logging
import os
import secrets
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Self, cast

from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_random_exponential

from pressharvest.errors import LeaseLost, StoreError
from pressharvest.harvest.store import process
from pressharvest.harvest.store.base import (
    URL_STATUSES,
    CommitResult,
    HostLease,
    HostState,
    LockInfo,
    PageOutcome,
    RawPage,
    RecordVersion,
    RunInfo,
    UrlKind,
    UrlState,
    UrlStatus,
    content_hash,
)
from pressharvest.harvest.store.common import (
    RECORD_BATCH,
    ZLIB_LEVEL,
    check_commit,
    load_record,
    record_filters,
    unpack,
)
from pressharvest.harvest.store.coordination import SiteState
from pressharvest.harvest.store.schema import migrate
from pressharvest.models import PressRelease

logger = logging.getLogger(__name__)

_BATCH = 500  # rows per query when streaming raw pages, and URLs per IN (...) list
# sqlite3 primary result codes (the low byte of the extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 5, 6, 11, 13, 26


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(moment: datetime) -> str:
    """One fixed UTC format, so stored times compare correctly as text."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware one")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _ts_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else _ts(moment)


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _dt_or_none(text: str | None) -> datetime | None:
    return None if text is None else _dt(text)


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


def _chunks(items: Sequence[str], size: int = _BATCH) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SQLiteStore:
    """The `Store` on one SQLite file. Thread-safe (one connection behind a lock); one per process."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 30.0,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.path = str(path)
        self._clock = clock
        self._mutex = threading.RLock()
        self._holds_lock = False
        self._closed = False
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

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

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

    # --- runs -------------------------------------------------------------------------------------
    def begin_run(self, sites: Sequence[str]) -> int:
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO runs (sites, started_at) VALUES (?, ?)",
                (json.dumps(list(sites), ensure_ascii=False), _ts(self._clock())),
            )
            return int(cast(int, cur.lastrowid))

    def finish_run(self, run_id: int, counts: Mapping[str, int], report: Mapping[str, object]) -> None:
        counts_json = json.dumps(dict(counts), ensure_ascii=False, sort_keys=True)
        report_json = json.dumps(dict(report), ensure_ascii=False, sort_keys=True, default=str)
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE runs SET finished_at = ?, counts = ?, report = ? WHERE run_id = ?",
                (_ts(self._clock()), counts_json, report_json, run_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"no run {run_id}", path=self.path)

    def runs(self) -> list[RunInfo]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT run_id, sites, started_at, finished_at, counts, report FROM runs ORDER BY run_id"
            ).fetchall()
        return [
            RunInfo(
                run_id=row[0],
                sites=json.loads(row[1]),
                started_at=_dt(row[2]),
                finished_at=_dt_or_none(row[3]),
                counts=json.loads(row[4]),
                report=json.loads(row[5]),
            )
            for row in rows
        ]

    # --- URL frontier -----------------------------------------------------------------------------
    def add_urls(
        self,
        site: str,
        urls: Iterable[str],
        *,
        kind: UrlKind = "article",
        discovered_in_run: int | None = None,
    ) -> int:
        if kind not in ("article", "list"):
            raise ValueError(f"unknown URL kind {kind!r}")
        unique = list(dict.fromkeys(urls))
        now = _ts(self._clock())
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO urls (url, site, kind, status, discovered_in_run, updated_at) "
                "VALUES (?, ?, ?, 'new', ?, ?) ON CONFLICT (url) DO NOTHING",
                [(url, site, kind, discovered_in_run, now) for url in unique],
            )
            return conn.total_changes - before

    _URL_COLUMNS = (
        "url, site, kind, status, attempts, last_error, etag, last_modified, content_hash, record_id, "
        "raw_sha, next_attempt_at, discovered_in_run, updated_at"
    )

    def url_state(self, url: str) -> UrlState | None:
        with self._read() as conn:
            row = conn.execute(f"SELECT {self._URL_COLUMNS} FROM urls WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return UrlState(
            url=row[0],
            site=row[1],
            kind=row[2],
            status=row[3],
            attempts=row[4],
            last_error=row[5],
            etag=row[6],
            last_modified=row[7],
            content_hash=row[8],
            record_id=row[9],
            raw_sha=row[10],
            next_attempt_at=_dt_or_none(row[11]),
            discovered_in_run=row[12],
            updated_at=_dt(row[13]),
        )

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

    def pending_urls(
        self, site: str, limit: int, *, kind: UrlKind = "article", now: datetime | None = None
    ) -> list[str]:
        due = _ts(now or self._clock())
        with self._read() as conn:
            rows = conn.execute(
                "SELECT url FROM urls WHERE site = ? AND kind = ? AND (status = 'new' OR "
                "(status = 'failed' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))) "
                "ORDER BY seq LIMIT ?",
                (site, kind, due, limit),
            ).fetchall()
        return [row[0] for row in rows]

    def mark_failed(
        self, url: str, reason: str, *, final: bool, run_id: int | None, retry_at: datetime | None = None
    ) -> None:
        status: UrlStatus = "final_failed" if final else "failed"
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE urls SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                "last_run = ?, updated_at = ? WHERE url = ?",
                (status, reason, None if final else _ts_or_none(retry_at), run_id, _ts(self._clock()), url),
            )
            if cur.rowcount == 0:
                raise StoreError(f"cannot mark an unknown URL as failed (add it first): {url}", path=self.path)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE urls SET etag = ?, last_modified = ?, updated_at = ? WHERE url = ?",
                (etag, last_modified, _ts(self._clock()), url),
            )
            if cur.rowcount == 0:
                raise StoreError(f"cannot set validators of an unknown URL (add it first): {url}", path=self.path)

    def url_counts(self, site: str | None = None) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(URL_STATUSES, 0)
        with self._read() as conn:
            rows = conn.execute(
                "SELECT status, count(*) FROM urls WHERE ? IS NULL OR site = ? GROUP BY status", (site, site)
            ).fetchall()
        counts.update({row[0]: row[1] for row in rows})
        return counts

    # --- raw pages --------------------------------------------------------------------------------
    def put_raw(self, url: str, content: bytes, headers: Mapping[str, str], fetched_at: datetime, status: int) -> str:
        sha = hashlib.sha256(content).hexdigest()
        fetched = _ts(fetched_at)
        headers_json = json.dumps(dict(headers), ensure_ascii=False)
        with self._read() as conn:  # a page fetched again unchanged: no need to compress it again
            known = conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone() is not None
        # Compress outside the lock (zlib releases the GIL): CPU work other threads need not wait for.
        packed = b"" if known else zlib.compress(content, ZLIB_LEVEL)
        with self._write() as conn:
            if not known:  # blobs are never deleted, so `known` cannot have gone stale
                conn.execute(
                    "INSERT INTO blobs (sha256, size, codec, data) VALUES (?, ?, 'zlib', ?) "
                    "ON CONFLICT (sha256) DO NOTHING",
                    (sha, len(content), packed),
                )
            conn.execute(
                "INSERT INTO raw_pages (url, sha256, headers, fetched_at, status) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET sha256 = excluded.sha256, headers = excluded.headers, "
                "fetched_at = excluded.fetched_at, status = excluded.status",
                (url, sha, headers_json, fetched, status),
            )
        return sha

    def _unpack(self, sha: str, codec: str, data: bytes) -> bytes:
        return unpack(sha, codec, data, self.path)

    def get_raw(self, sha256: str) -> bytes | None:
        with self._read() as conn:
            row = conn.execute("SELECT codec, data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else self._unpack(sha256, row[0], row[1])

    def raw_pages(self, site: str | None = None) -> Iterator[RawPage]:
        # Keyset pagination: no cursor stays open across yields, so the caller may write meanwhile.
        last = ""
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    "SELECT r.url, u.site, r.sha256, r.headers, r.fetched_at, r.status, b.codec, b.data "
                    "FROM raw_pages r JOIN blobs b ON b.sha256 = r.sha256 LEFT JOIN urls u ON u.url = r.url "
                    "WHERE r.url > ? AND (? IS NULL OR u.site = ?) ORDER BY r.url LIMIT ?",
                    (last, site, site, _BATCH),
                ).fetchall()
            for row in rows:
                yield RawPage(
                    url=row[0],
                    site=row[1],
                    sha256=row[2],
                    content=self._unpack(row[2], row[6], row[7]),
                    headers=json.loads(row[3]),
                    fetched_at=_dt(row[4]),
                    status=row[5],
                )
            if len(rows) < _BATCH:
                return
            last = rows[-1][0]

    # --- records ----------------------------------------------------------------------------------
    def commit_page(
        self,
        url: str,
        site: str,
        record: PressRelease | None,
        raw_sha: str | None,
        *,
        run_id: int | None,
        outcome: PageOutcome = "done",
        reason: str | None = None,
        lease: HostLease | None = None,
    ) -> CommitResult:
        # Check the arguments before the transaction: a caller's mistake must not look like a crash.
        check_commit(site, record, outcome)
        now = _ts(self._clock())
        with self._write() as conn:
            if lease is not None:  # checked inside the page's transaction (BEGIN IMMEDIATE holds the file)
                self._check_lease(conn, lease, now)
            conn.execute(
                "INSERT INTO urls (url, site, kind, status, discovered_in_run, updated_at) "
                "VALUES (?, ?, 'article', 'new', ?, ?) ON CONFLICT (url) DO NOTHING",
                (url, site, run_id, now),
            )
            if record is None:
                conn.execute(
                    "UPDATE urls SET status = ?, attempts = attempts + 1, last_error = ?, raw_sha = ?, "
                    "next_attempt_at = NULL, last_run = ?, updated_at = ? WHERE url = ?",
                    (outcome, reason, raw_sha, run_id, now, url),
                )
                return CommitResult.REFUSED if outcome == "refused" else CommitResult.GONE
            result, digest = self._upsert_record(conn, record, raw_sha=raw_sha, run_id=run_id, now=now)
            self._mark_done(conn, url, record_id=record.id, digest=digest, raw_sha=raw_sha, run_id=run_id, now=now)
            return result

    def _upsert_record(
        self,
        conn: sqlite3.Connection,
        record: PressRelease,
        *,
        raw_sha: str | None,
        run_id: int | None,
        now: str,
    ) -> tuple[CommitResult, str]:
        digest = content_hash(record)
        data = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)
        row = conn.execute("SELECT content_hash, version FROM records WHERE id = ?", (record.id,)).fetchone()
        if row is not None and row[0] == digest:
            # Same content: no new version, but keep the latest provenance, so the stored record is
            # exactly what parsing the URL's latest raw page gives (reparse and archive rely on it).
            conn.execute("UPDATE records SET data = ?, url = ? WHERE id = ?", (data, record.url, record.id))
            return CommitResult.UNCHANGED, digest
        version = 1 if row is None else int(row[1]) + 1
        conn.execute(
            "INSERT INTO records (id, site, url, published_day, content_hash, version, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url, "
            "published_day = excluded.published_day, content_hash = excluded.content_hash, "
            "version = excluded.version, data = excluded.data",
            (record.id, record.site, record.url, record.published_at[:10], digest, version, data),
        )
        conn.execute(
            "INSERT INTO record_versions "
            "(record_id, version, content_hash, raw_sha, parser, run_id, committed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.id, version, digest, raw_sha, record.provenance.parser, run_id, now),
        )
        return (CommitResult.NEW if row is None else CommitResult.CHANGED), digest

    def _mark_done(
        self,
        conn: sqlite3.Connection,
        url: str,
        *,
        record_id: str,
        digest: str,
        raw_sha: str | None,
        run_id: int | None,
        now: str,
    ) -> None:
        conn.execute(
            "UPDATE urls SET status = 'done', attempts = attempts + 1, last_error = NULL, content_hash = ?, "
            "record_id = ?, raw_sha = ?, next_attempt_at = NULL, last_run = ?, updated_at = ? WHERE url = ?",
            (digest, record_id, raw_sha, run_id, now, url),
        )

    def _load(self, record_id: str, data: str) -> PressRelease:
        return load_record(record_id, data, self.path)

    def get_record(self, record_id: str) -> PressRelease | None:
        with self._read() as conn:
            row = conn.execute("SELECT data FROM records WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else self._load(record_id, row[0])

    def records(
        self,
        site: str | None = None,
        since: date | None = None,
        until: date | None = None,
        run_id: int | None = None,
    ) -> Iterator[PressRelease]:
        where, params = record_filters("?", site, since, until, run_id)
        query = f"SELECT id, data FROM records WHERE {' AND '.join(where)} ORDER BY id LIMIT {RECORD_BATCH:d}"
        last = ""
        while True:  # keyset pagination, as in raw_pages
            with self._read() as conn:
                rows = conn.execute(query, (last, *params)).fetchall()
            for row in rows:
                yield self._load(row[0], row[1])
            if len(rows) < RECORD_BATCH:
                return
            last = rows[-1][0]

    def record_count(self, site: str | None = None) -> int:
        with self._read() as conn:
            row = conn.execute("SELECT count(*) FROM records WHERE ? IS NULL OR site = ?", (site, site)).fetchone()
        return int(row[0])

    def record_versions(self, record_id: str) -> list[RecordVersion]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT version, content_hash, raw_sha, parser, run_id, committed_at FROM record_versions "
                "WHERE record_id = ? ORDER BY version",
                (record_id,),
            ).fetchall()
        return [
            RecordVersion(
                record_id=record_id,
                version=row[0],
                content_hash=row[1],
                raw_sha=row[2],
                parser=row[3],
                run_id=row[4],
                committed_at=_dt(row[5]),
            )
            for row in rows
        ]

    # --- hosts ------------------------------------------------------------------------------------
    def host_state(self, host: str) -> HostState | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT next_allowed_at, crawl_delay, backoff_until FROM hosts WHERE host = ?", (host,)
            ).fetchone()
        if row is None:
            return None
        return HostState(
            host=host,
            next_allowed_at=_dt_or_none(row[0]),
            crawl_delay=row[1],
            backoff_until=_dt_or_none(row[2]),
        )

    def set_host_state(
        self,
        host: str,
        next_allowed_at: datetime | None,
        crawl_delay: float | None,
        backoff_until: datetime | None,
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hosts (host, next_allowed_at, crawl_delay, backoff_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (host) DO UPDATE SET next_allowed_at = excluded.next_allowed_at, "
                "crawl_delay = excluded.crawl_delay, backoff_until = excluded.backoff_until",
                (host, _ts_or_none(next_allowed_at), crawl_delay, _ts_or_none(backoff_until)),
            )

    # --- host leases and site state (coordination.SliceStore) -------------------------------------
    def _check_lease(self, conn: sqlite3.Connection, lease: HostLease, now: str) -> None:
        row = conn.execute(
            "SELECT 1 FROM hosts WHERE host = ? AND lease_token = ? AND lease_until > ?", (lease.host, lease.token, now)
        ).fetchone()
        if row is None:
            raise LeaseLost(lease.host)

    def acquire_host(self, host: str, owner: str, ttl: float) -> HostLease | None:
        now = self._clock()
        token, until = secrets.token_hex(16), now + timedelta(seconds=ttl)
        with self._write() as conn:
            row = conn.execute(
                "INSERT INTO hosts (host, lease_token, lease_owner, lease_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (host) DO UPDATE SET lease_token = excluded.lease_token, "
                "lease_owner = excluded.lease_owner, lease_until = excluded.lease_until "
                "WHERE hosts.lease_until IS NULL OR hosts.lease_until <= ? RETURNING host",
                (host, token, owner, _ts(until), _ts(now)),
            ).fetchone()
        return None if row is None else HostLease(host, token, owner, until.astimezone(UTC))

    def renew_host(self, lease: HostLease, ttl: float, *, next_allowed_at: datetime | None = None) -> HostLease:
        now = self._clock()
        until = now + timedelta(seconds=ttl)
        with self._write() as conn:
            row = conn.execute(
                "UPDATE hosts SET lease_until = ?, next_allowed_at = CASE WHEN ? IS NULL THEN next_allowed_at "
                "WHEN next_allowed_at IS NULL OR next_allowed_at < ? THEN ? ELSE next_allowed_at END "
                "WHERE host = ? AND lease_token = ? AND lease_until > ? RETURNING host",
                (_ts(until), *([_ts_or_none(next_allowed_at)] * 3), lease.host, lease.token, _ts(now)),
            ).fetchone()
        if row is None:
            raise LeaseLost(lease.host)
        return HostLease(lease.host, lease.token, lease.owner, until.astimezone(UTC))

    def release_host(self, lease: HostLease) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE hosts SET lease_token = NULL, lease_owner = NULL, lease_until = NULL "
                "WHERE host = ? AND lease_token = ?",
                (lease.host, lease.token),
            )

    def host_lease(self, host: str) -> HostLease | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT lease_token, lease_owner, lease_until FROM hosts "
                "WHERE host = ? AND lease_token IS NOT NULL AND lease_until > ?",
                (host, _ts(self._clock())),
            ).fetchone()
        return None if row is None else HostLease(host, row[0], row[1], _dt(row[2]))

    def site_state(self, site: str) -> SiteState | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT walk_url, walk_pages, discovered_at, last_slice_at, slices, last_error "
                "FROM site_state WHERE site = ?",
                (site,),
            ).fetchone()
        if row is None:
            return None
        return SiteState(site, row[0], row[1], _dt_or_none(row[2]), _dt_or_none(row[3]), row[4], row[5])

    def set_site_state(
        self,
        site: str,
        *,
        walk_url: str | None,
        walk_pages: int,
        discovered_at: datetime | None,
        error: str | None,
        slice_done: bool = True,
    ) -> None:
        values = (site, walk_url, walk_pages, _ts_or_none(discovered_at), _ts(self._clock()), int(slice_done), error)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO site_state (site, walk_url, walk_pages, discovered_at, last_slice_at, slices, last_error) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site) DO UPDATE SET walk_url = excluded.walk_url, "
                "walk_pages = excluded.walk_pages, discovered_at = excluded.discovered_at, "
                "last_slice_at = excluded.last_slice_at, slices = site_state.slices + excluded.slices, "
                "last_error = excluded.last_error",
                values,
            )

    # --- run lock ---------------------------------------------------------------------------------
    def acquire_lock(self, owner: str) -> None:
        pid, host = os.getpid(), process.hostname()
        with self._write() as conn:
            row = conn.execute("SELECT owner, pid, hostname, pid_start, acquired_at FROM run_lock").fetchone()
            if row is not None:
                held_owner, held_pid, held_host, held_start, since = row
                if self._holds_lock and held_pid == pid and held_host == host:
                    return  # already ours
                if held_host != host:
                    raise StoreError(
                        f"database is locked by {held_owner} (pid {held_pid} on host {held_host}) "
                        f"since {since}; wait for it to finish (if that process is gone, clear the lock with "
                        f"`sqlite3 {self.path} 'DELETE FROM run_lock'`)",
                        path=self.path,
                    )
                if process.is_alive(held_pid, held_start):
                    raise StoreError(
                        f"database is locked by {held_owner} (pid {held_pid}, running) since {since}; "
                        "wait for it to finish",
                        path=self.path,
                    )
                logger.warning(
                    "taking over a stale lock of %s (pid %s on %s, no longer running)",
                    held_owner,
                    held_pid,
                    host,
                )
            conn.execute(
                "INSERT OR REPLACE INTO run_lock (id, owner, pid, hostname, pid_start, acquired_at) "
                "VALUES (1, ?, ?, ?, ?, ?)",
                (owner, pid, host, process.start_token(pid), _ts(self._clock())),
            )
        self._holds_lock = True

    def release_lock(self) -> None:
        if not self._holds_lock:
            return
        with self._write() as conn:
            conn.execute("DELETE FROM run_lock WHERE pid = ? AND hostname = ?", (os.getpid(), process.hostname()))
        self._holds_lock = False

    def lock_holder(self) -> LockInfo | None:
        with self._read() as conn:
            row = conn.execute("SELECT owner, pid, hostname, acquired_at FROM run_lock").fetchone()
        if row is None:
            return None
        return LockInfo(owner=row[0], pid=row[1], hostname=row[2], acquired_at=_dt(row[3]))

    # --- lifetime ---------------------------------------------------------------------------------
    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            try:
                self.release_lock()
            finally:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

