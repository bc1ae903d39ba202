"""`SQLStore`: the `Store` (and `SliceStore`) written once, in SQL that SQLite and PostgreSQL both run.

`SQLiteStore` and `PostgresStore` subclass it and supply only what differs between the two databases:

- the connection: `_read()` and `_write()` (one transaction) yield a `common.Connection` whose
  `execute` takes `?` placeholders (PostgreSQL's rewrites them to `%s`), with the database's errors
  translated into `StoreError`;
- how values travel: `_store_time()` turns an aware datetime into a parameter, `_load_time()` and
  `_load_json()` turn a column back (SQLite keeps ISO 8601 text and JSON text, PostgreSQL
  `timestamptz` and `jsonb`, which psycopg decodes itself);
- row locks: `_FOR_UPDATE` / `_FOR_SHARE` are PostgreSQL's clauses, empty for SQLite, whose write
  transaction (`BEGIN IMMEDIATE`) holds the whole file;
- the statements that really differ: inserting many URLs (`_insert_new_urls`), `known_urls`, and how
  an operator clears a stale run lock (`_unlock_hint`).

Where the dialects' shorthands differ, the queries use a form both accept: `CAST(? AS TEXT) IS NULL`
(PostgreSQL cannot type a bare NULL parameter), `INSERT … ON CONFLICT … DO UPDATE` and `RETURNING`
(SQLite ≥ 3.35), and no `GREATEST` (SQLite's `max` is NULL when an argument is).
"""

from __future__ import annotations

import abc
import hashlib
import json
import logging
import os
import secrets
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, ClassVar, Self

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
    Connection,
    check_commit,
    load_record,
    record_filters,
    unpack,
)
from pressharvest.harvest.store.coordination import SiteState
from pressharvest.models import PressRelease

logger = logging.getLogger(__name__)

_RAW_BATCH = 500  # rows per query when streaming raw pages
_URL_COLUMNS = (
    "url, site, kind, status, attempts, last_error, etag, last_modified, content_hash, record_id, "
    "raw_sha, next_attempt_at, discovered_in_run, updated_at"
)


class SQLStore(abc.ABC):
    """The `Store` and `SliceStore` methods over one connection behind a lock (thread-safe)."""

    _DRIVER_ERROR: ClassVar[type[Exception]]  # the base class of the driver's errors
    _FOR_UPDATE: ClassVar[str] = ""  # appended to a SELECT whose rows the transaction will change
    _FOR_SHARE: ClassVar[str] = ""  # appended to a SELECT whose rows must not change until it ends

    def __init__(self, where: str, clock: Callable[[], datetime]) -> None:
        self.where = where  # the database as errors name it
        self._clock = clock
        self._mutex = threading.RLock()
        self._holds_lock = False
        self._closed = False

    # --- what each database supplies --------------------------------------------------------------
    @abc.abstractmethod
    def _translate(self, exc: Any) -> StoreError:
        """One of the driver's errors as a one-line `StoreError` naming the database."""

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._DRIVER_ERROR as exc:
            raise self._translate(exc) from exc

    @abc.abstractmethod
    def _read(self) -> AbstractContextManager[Connection]:
        """The connection, for reading, with the mutex held."""

    @abc.abstractmethod
    def _write(self) -> AbstractContextManager[Connection]:
        """One write transaction: committed when the block ends, rolled back on any exception."""

    @abc.abstractmethod
    def _store_time(self, moment: datetime) -> object:
        """An aware datetime as a parameter (a naive one is a `ValueError`)."""

    @abc.abstractmethod
    def _load_time(self, value: Any) -> datetime:
        """A time column as an aware datetime."""

    @abc.abstractmethod
    def _load_json(self, value: Any) -> Any:
        """A JSON column (sites, counts, report, headers) as Python data."""

    @abc.abstractmethod
    def _show_time(self, value: Any) -> str:
        """A time column as error messages show it."""

    @abc.abstractmethod
    def _unlock_hint(self) -> str:
        """How an operator clears a run lock whose holder is gone."""

    @abc.abstractmethod
    def _insert_new_urls(self, site: str, urls: list[str], kind: UrlKind, discovered_in_run: int | None) -> int:
        """`add_urls` once checked and deduplicated: insert the unknown ones, return how many."""

    @abc.abstractmethod
    def known_urls(self, site: str, urls: Iterable[str]) -> set[str]: ...

    @abc.abstractmethod
    def _disconnect(self) -> None:
        """Close the connection (the store is marked closed already)."""

    def _one(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """The first row a read-only query gives, or None."""
        with self._read() as conn:
            return conn.execute(sql, parameters).fetchone()

    def _all(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        """Every row a read-only query gives."""
        with self._read() as conn:
            return conn.execute(sql, parameters).fetchall()

    def _store_time_or_none(self, moment: datetime | None) -> object:
        return None if moment is None else self._store_time(moment)

    def _load_time_or_none(self, value: Any) -> datetime | None:
        return None if value is None else self._load_time(value)

    # --- runs -------------------------------------------------------------------------------------
    def begin_run(self, sites: Sequence[str]) -> int:
        with self._write() as conn:
            row = conn.execute(
                "INSERT INTO runs (sites, started_at) VALUES (?, ?) RETURNING run_id",
                (json.dumps(list(sites), ensure_ascii=False), self._store_time(self._clock())),
            ).fetchone()
        return int(row[0])

    def finish_run(self, run_id: int, counts: Mapping[str, int], report: Mapping[str, object]) -> None:
        counts_json = json.dumps(dict(counts), ensure_ascii=False, sort_keys=True)
        report_json = json.dumps(dict(report), ensure_ascii=False, sort_keys=True, default=str)
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE runs SET finished_at = ?, counts = ?, report = ? WHERE run_id = ?",
                (self._store_time(self._clock()), counts_json, report_json, run_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"no run {run_id}", path=self.where)

    def runs(self) -> list[RunInfo]:
        rows = self._all("SELECT run_id, sites, started_at, finished_at, counts, report FROM runs ORDER BY run_id")
        return [
            RunInfo(
                run_id=row[0],
                sites=self._load_json(row[1]),
                started_at=self._load_time(row[2]),
                finished_at=self._load_time_or_none(row[3]),
                counts=self._load_json(row[4]),
                report=self._load_json(row[5]),
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
        return self._insert_new_urls(site, list(dict.fromkeys(urls)), kind, discovered_in_run)

    def url_state(self, url: str) -> UrlState | None:
        row = self._one(f"SELECT {_URL_COLUMNS} FROM urls WHERE url = ?", (url,))
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
            next_attempt_at=self._load_time_or_none(row[11]),
            discovered_in_run=row[12],
            updated_at=self._load_time(row[13]),
        )

    def pending_urls(
        self, site: str, limit: int, *, kind: UrlKind = "article", now: datetime | None = None
    ) -> list[str]:
        due = self._store_time(now or self._clock())
        rows = self._all(
            "SELECT url FROM urls WHERE site = ? AND kind = ? AND (status = 'new' OR "
            "(status = 'failed' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))) "
            "ORDER BY seq LIMIT ?",
            (site, kind, due, limit),
        )
        return [row[0] for row in rows]

    def mark_failed(
        self, url: str, reason: str, *, final: bool, run_id: int | None, retry_at: datetime | None = None
    ) -> None:
        status: UrlStatus = "final_failed" if final else "failed"
        retry = None if final else self._store_time_or_none(retry_at)
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE urls SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                "last_run = ?, updated_at = ? WHERE url = ?",
                (status, reason, retry, run_id, self._store_time(self._clock()), url),
            )
            if cur.rowcount == 0:
                raise StoreError(f"cannot mark an unknown URL as failed (add it first): {url}", path=self.where)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE urls SET etag = ?, last_modified = ?, updated_at = ? WHERE url = ?",
                (etag, last_modified, self._store_time(self._clock()), url),
            )
            if cur.rowcount == 0:
                raise StoreError(f"cannot set validators of an unknown URL (add it first): {url}", path=self.where)

    def url_counts(self, site: str | None = None) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(URL_STATUSES, 0)
        rows = self._all(
            "SELECT status, count(*) FROM urls WHERE CAST(? AS TEXT) IS NULL OR site = ? GROUP BY status",
            (site, site),
        )
        counts.update({row[0]: int(row[1]) for row in rows})
        return counts

    # --- raw pages --------------------------------------------------------------------------------
    def put_raw(self, url: str, content: bytes, headers: Mapping[str, str], fetched_at: datetime, status: int) -> str:
        sha = hashlib.sha256(content).hexdigest()
        fetched = self._store_time(fetched_at)
        headers_json = json.dumps(dict(headers), ensure_ascii=False)
        # A page fetched again unchanged: no need to compress it again.
        known = self._one("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)) is not None
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

    def get_raw(self, sha256: str) -> bytes | None:
        row = self._one("SELECT codec, data FROM blobs WHERE sha256 = ?", (sha256,))
        return None if row is None else unpack(sha256, row[0], bytes(row[1]), self.where)

    def raw_pages(self, site: str | None = None) -> Iterator[RawPage]:
        # Keyset pagination: no cursor stays open across yields, so the caller may write meanwhile.
        last = ""
        while True:
            rows = self._all(
                "SELECT r.url, u.site, r.sha256, r.headers, r.fetched_at, r.status, b.codec, b.data "
                "FROM raw_pages r JOIN blobs b ON b.sha256 = r.sha256 LEFT JOIN urls u ON u.url = r.url "
                "WHERE r.url > ? AND (CAST(? AS TEXT) IS NULL OR u.site = ?) ORDER BY r.url LIMIT ?",
                (last, site, site, _RAW_BATCH),
            )
            for row in rows:
                yield RawPage(
                    url=row[0],
                    site=row[1],
                    sha256=row[2],
                    content=unpack(row[2], row[6], bytes(row[7]), self.where),
                    headers=self._load_json(row[3]),
                    fetched_at=self._load_time(row[4]),
                    status=row[5],
                )
            if len(rows) < _RAW_BATCH:
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
        now = self._store_time(self._clock())
        with self._write() as conn:
            if lease is not None:  # checked inside the page's transaction
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

    def _check_lease(self, conn: Connection, lease: HostLease, now: object) -> None:
        # PostgreSQL's FOR SHARE: the lease cannot be taken over until this page's transaction ends.
        row = conn.execute(
            f"SELECT 1 FROM hosts WHERE host = ? AND lease_token = ? AND lease_until > ?{self._FOR_SHARE}",
            (lease.host, lease.token, now),
        ).fetchone()
        if row is None:
            raise LeaseLost(lease.host)

    def _upsert_record(
        self, conn: Connection, record: PressRelease, *, raw_sha: str | None, run_id: int | None, now: object
    ) -> tuple[CommitResult, str]:
        digest = content_hash(record)
        data = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)
        # PostgreSQL's FOR UPDATE: two workers committing the same id cannot both write version n + 1.
        select = f"SELECT content_hash, version FROM records WHERE id = ?{self._FOR_UPDATE}"
        row = conn.execute(select, (record.id,)).fetchone()
        if row is None:
            inserted = conn.execute(
                "INSERT INTO records (id, site, url, published_day, content_hash, version, data) "
                "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                (record.id, record.site, record.url, record.published_at[:10], digest, data),
            ).fetchone()
            if inserted is not None:
                self._add_version(conn, record, 1, digest, raw_sha=raw_sha, run_id=run_id, now=now)
                return CommitResult.NEW, digest
            # Another worker inserted this id since our SELECT (PostgreSQL): decide against its row.
            row = conn.execute(select, (record.id,)).fetchone()
            assert row is not None
        if row[0] == digest:
            # Same content: no new version, but keep the latest provenance, so the stored record is
            # exactly what parsing the URL's latest raw page gives (reparse and archive rely on it).
            conn.execute("UPDATE records SET data = ?, url = ? WHERE id = ?", (data, record.url, record.id))
            return CommitResult.UNCHANGED, digest
        version = int(row[1]) + 1
        conn.execute(
            "UPDATE records SET url = ?, published_day = ?, content_hash = ?, version = ?, data = ? WHERE id = ?",
            (record.url, record.published_at[:10], digest, version, data, record.id),
        )
        self._add_version(conn, record, version, digest, raw_sha=raw_sha, run_id=run_id, now=now)
        return CommitResult.CHANGED, digest

    @staticmethod
    def _add_version(
        conn: Connection,
        record: PressRelease,
        version: int,
        digest: str,
        *,
        raw_sha: str | None,
        run_id: int | None,
        now: object,
    ) -> None:
        conn.execute(
            "INSERT INTO record_versions (record_id, version, content_hash, raw_sha, parser, run_id, committed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.id, version, digest, raw_sha, record.provenance.parser, run_id, now),
        )

    def _mark_done(
        self,
        conn: Connection,
        url: str,
        *,
        record_id: str,
        digest: str,
        raw_sha: str | None,
        run_id: int | None,
        now: object,
    ) -> None:
        conn.execute(
            "UPDATE urls SET status = 'done', attempts = attempts + 1, last_error = NULL, content_hash = ?, "
            "record_id = ?, raw_sha = ?, next_attempt_at = NULL, last_run = ?, updated_at = ? WHERE url = ?",
            (digest, record_id, raw_sha, run_id, now, url),
        )

    def get_record(self, record_id: str) -> PressRelease | None:
        row = self._one("SELECT data FROM records WHERE id = ?", (record_id,))
        return None if row is None else load_record(record_id, row[0], self.where)

    def records(
        self,
        site: str | None = None,
        since: date | None = None,
        until: date | None = None,
        run_id: int | None = None,
    ) -> Iterator[PressRelease]:
        where, params = record_filters(site, since, until, run_id)
        query = f"SELECT id, data FROM records WHERE {' AND '.join(where)} ORDER BY id LIMIT {RECORD_BATCH:d}"
        last = ""
        while True:  # keyset pagination, as in raw_pages
            rows = self._all(query, (last, *params))
            for row in rows:
                yield load_record(row[0], row[1], self.where)
            if len(rows) < RECORD_BATCH:
                return
            last = rows[-1][0]

    def record_count(self, site: str | None = None) -> int:
        row = self._one("SELECT count(*) FROM records WHERE CAST(? AS TEXT) IS NULL OR site = ?", (site, site))
        return int(row[0])

    def record_versions(self, record_id: str) -> list[RecordVersion]:
        rows = self._all(
            "SELECT version, content_hash, raw_sha, parser, run_id, committed_at FROM record_versions "
            "WHERE record_id = ? ORDER BY version",
            (record_id,),
        )
        return [
            RecordVersion(
                record_id=record_id,
                version=row[0],
                content_hash=row[1],
                raw_sha=row[2],
                parser=row[3],
                run_id=row[4],
                committed_at=self._load_time(row[5]),
            )
            for row in rows
        ]

    # --- hosts ------------------------------------------------------------------------------------
    def host_state(self, host: str) -> HostState | None:
        row = self._one("SELECT next_allowed_at, crawl_delay, backoff_until FROM hosts WHERE host = ?", (host,))
        if row is None:
            return None
        return HostState(
            host=host,
            next_allowed_at=self._load_time_or_none(row[0]),
            crawl_delay=row[1],
            backoff_until=self._load_time_or_none(row[2]),
        )

    def set_host_state(
        self,
        host: str,
        next_allowed_at: datetime | None,
        crawl_delay: float | None,
        backoff_until: datetime | None,
    ) -> None:
        values = (host, self._store_time_or_none(next_allowed_at), crawl_delay, self._store_time_or_none(backoff_until))
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hosts (host, next_allowed_at, crawl_delay, backoff_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (host) DO UPDATE SET next_allowed_at = excluded.next_allowed_at, "
                "crawl_delay = excluded.crawl_delay, backoff_until = excluded.backoff_until",
                values,
            )

    # --- host leases and site state (coordination.SliceStore) -------------------------------------
    def acquire_host(self, host: str, owner: str, ttl: float) -> HostLease | None:
        now = self._clock()
        token, until = secrets.token_hex(16), now + timedelta(seconds=ttl)
        with self._write() as conn:
            row = conn.execute(
                "INSERT INTO hosts (host, lease_token, lease_owner, lease_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (host) DO UPDATE SET lease_token = excluded.lease_token, "
                "lease_owner = excluded.lease_owner, lease_until = excluded.lease_until "
                "WHERE hosts.lease_until IS NULL OR hosts.lease_until <= ? RETURNING host",
                (host, token, owner, self._store_time(until), self._store_time(now)),
            ).fetchone()
        return None if row is None else HostLease(host, token, owner, until.astimezone(UTC))

    def renew_host(self, lease: HostLease, ttl: float, *, next_allowed_at: datetime | None = None) -> HostLease:
        now = self._clock()
        until = now + timedelta(seconds=ttl)
        later = self._store_time_or_none(next_allowed_at)
        with self._write() as conn:
            # next_allowed_at becomes the later of the two; a NULL `later` leaves it as it is.
            row = conn.execute(
                "UPDATE hosts SET lease_until = ?, next_allowed_at = CASE WHEN next_allowed_at IS NULL "
                "OR next_allowed_at < ? THEN COALESCE(?, next_allowed_at) ELSE next_allowed_at END "
                "WHERE host = ? AND lease_token = ? AND lease_until > ? RETURNING host",
                (self._store_time(until), later, later, lease.host, lease.token, self._store_time(now)),
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
        row = self._one(
            "SELECT lease_token, lease_owner, lease_until FROM hosts "
            "WHERE host = ? AND lease_token IS NOT NULL AND lease_until > ?",
            (host, self._store_time(self._clock())),
        )
        return None if row is None else HostLease(host, row[0], row[1], self._load_time(row[2]))

    def site_state(self, site: str) -> SiteState | None:
        row = self._one(
            "SELECT walk_url, walk_pages, discovered_at, last_slice_at, slices, last_error "
            "FROM site_state WHERE site = ?",
            (site,),
        )
        if row is None:
            return None
        return SiteState(
            site, row[0], row[1], self._load_time_or_none(row[2]), self._load_time_or_none(row[3]), row[4], row[5]
        )

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
        values = (
            site, walk_url, walk_pages, self._store_time_or_none(discovered_at), self._store_time(self._clock()),
            int(slice_done), error,
        )
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
            row = conn.execute(
                f"SELECT owner, pid, hostname, pid_start, acquired_at FROM run_lock{self._FOR_UPDATE}"
            ).fetchone()
            if row is not None:
                held_owner, held_pid, held_host, held_start, acquired_at = row
                since = self._show_time(acquired_at)
                if self._holds_lock and held_pid == pid and held_host == host:
                    return  # already ours
                if held_host != host:
                    raise StoreError(
                        f"database is locked by {held_owner} (pid {held_pid} on host {held_host}) "
                        f"since {since}; wait for it to finish (if that process is gone, clear the lock with "
                        f"{self._unlock_hint()})",
                        path=self.where,
                    )
                if process.is_alive(held_pid, held_start):
                    raise StoreError(
                        f"database is locked by {held_owner} (pid {held_pid}, running) since {since}; "
                        "wait for it to finish",
                        path=self.where,
                    )
                logger.warning(
                    "taking over a stale lock of %s (pid %s on %s, no longer running)",
                    held_owner,
                    held_pid,
                    host,
                )
            values = (owner, pid, host, process.start_token(pid), self._store_time(self._clock()))
            if row is not None:  # a stale lock, its row locked by the SELECT: taken over
                conn.execute(
                    "UPDATE run_lock SET owner = ?, pid = ?, hostname = ?, pid_start = ?, acquired_at = ? WHERE id = 1",
                    values,
                )
            elif conn.execute(
                # No row to lock: on PostgreSQL a run starting at the same moment saw none either, and
                # only one insert may win (an upsert here let the second overwrite the first's lock).
                "INSERT INTO run_lock (id, owner, pid, hostname, pid_start, acquired_at) "
                "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                values,
            ).fetchone() is None:
                raise StoreError(
                    "database is locked by another run that started at the same moment; wait for it to finish",
                    path=self.where,
                )
        self._holds_lock = True

    def release_lock(self) -> None:
        if not self._holds_lock:
            return
        with self._write() as conn:
            conn.execute("DELETE FROM run_lock WHERE pid = ? AND hostname = ?", (os.getpid(), process.hostname()))
        self._holds_lock = False

    def lock_holder(self) -> LockInfo | None:
        row = self._one("SELECT owner, pid, hostname, acquired_at FROM run_lock")
        if row is None:
            return None
        return LockInfo(owner=row[0], pid=row[1], hostname=row[2], acquired_at=self._load_time(row[3]))

    def refuse_workers_beside_a_harvest(self) -> None:
        """A `StoreError` when a harvest that is still running holds the run lock: workers on the same
        database would ask its hosts beside it, each side unaware of the other's pacing."""
        row = self._one("SELECT owner, pid, hostname, pid_start, acquired_at FROM run_lock")
        if row is None:
            return
        owner, pid, host, start, acquired_at = row
        if host == process.hostname() and not process.is_alive(pid, start):
            return  # a stale lock: the next harvest takes it over
        raise StoreError(
            f"a harvest is running on this database ({owner}, since {self._show_time(acquired_at)}); "
            "workers would ask its sites' hosts beside it: wait for it to finish",
            path=self.where,
        )

    def hosts_held_by_workers(self, hosts: Iterable[str]) -> list[str]:
        """Those of `hosts` a worker holds a lease on now."""
        return [host for host in hosts if self.host_lease(host) is not None]

    # --- lifetime ---------------------------------------------------------------------------------
    def _release_on_close(self) -> None:
        """`close`'s first step; a database that can no longer be reached may say so more gently."""
        self.release_lock()

    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            try:
                self._release_on_close()
            finally:
                self._closed = True
                self._disconnect()

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
        return f"{type(self).__name__}({self.where!r})"
