"""`PostgresStore`: the state store on a PostgreSQL server, shared by many workers (psycopg 3).

Same promises as `SQLiteStore` (the contract suite runs against both) plus what workers need
(`coordination.SliceStore`): host leases checked inside `commit_page`'s transaction, and per-host
politeness state every worker reads.

Transactions. The connection is in autocommit mode; every write is one explicit transaction at READ
COMMITTED. `commit_page` locks the record row (`SELECT … FOR UPDATE`) before deciding "new version or
not", so two workers committing the same id can never both write version n + 1; discovered URLs go in
with `ON CONFLICT DO NOTHING`, so rediscovery by several workers is harmless.

Connection loss (a database restart, a network cut) surfaces as `StoreError`; the next call opens a
new connection, so a long-lived worker recovers by itself once the server is back. Errors name the
server by its URL with any password removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Self

import psycopg

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
from pressharvest.harvest.store.pg_schema import SCHEMA, migrate
from pressharvest.models import PressRelease

logger = logging.getLogger(__name__)

_BATCH = 500  # rows per query when streaming raw pages
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")

Conn = psycopg.Connection[tuple[Any, ...]]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware one")
    return moment.astimezone(UTC)


def _aware_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else _aware(moment)


def redact(url: str) -> str:
    """The URL without its password, fit for an error message or a log line."""
    return _PASSWORD.sub(r"\1***@", url)


class PostgresStore:
    """The `Store` (and `SliceStore`) on PostgreSQL. Thread-safe (one connection behind a lock)."""

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = 10.0,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.url = url
        self.where = redact(url)
        self._clock = clock
        self._connect_timeout = connect_timeout
        self._mutex = threading.RLock()
        self._holds_lock = False
        self._closed = False
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
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            raise self._translate(exc) from exc

    @contextmanager
    def _read(self) -> Iterator[Conn]:
        with self._mutex, self._errors():
            yield self._connection()

    @contextmanager
    def _write(self) -> Iterator[Conn]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        with self._mutex, self._errors():
            conn = self._connection()
            with conn.transaction():
                yield conn

    # --- runs -------------------------------------------------------------------------------------
    def begin_run(self, sites: Sequence[str]) -> int:
        with self._write() as conn:
            row = conn.execute(
                "INSERT INTO runs (sites, started_at) VALUES (%s::jsonb, %s) RETURNING run_id",
                (json.dumps(list(sites), ensure_ascii=False), self._clock()),
            ).fetchone()
        assert row is not None
        return int(row[0])

    def finish_run(self, run_id: int, counts: Mapping[str, int], report: Mapping[str, object]) -> None:
        counts_json = json.dumps(dict(counts), ensure_ascii=False, sort_keys=True)
        report_json = json.dumps(dict(report), ensure_ascii=False, sort_keys=True, default=str)
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE runs SET finished_at = %s, counts = %s::jsonb, report = %s::jsonb WHERE run_id = %s",
                (self._clock(), counts_json, report_json, run_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"no run {run_id}", path=self.where)

    def runs(self) -> list[RunInfo]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT run_id, sites, started_at, finished_at, counts, report FROM runs ORDER BY run_id"
            ).fetchall()
        return [
            RunInfo(run_id=r[0], sites=r[1], started_at=r[2], finished_at=r[3], counts=r[4], report=r[5])
            for r in rows
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
        if not unique:
            return 0
        with self._write() as conn:
            # WITH ORDINALITY … ORDER BY: `seq` follows the order of discovery.
            cur = conn.execute(
                "INSERT INTO urls (url, site, kind, status, discovered_in_run, updated_at) "
                "SELECT u, %s, %s, 'new', %s, %s FROM unnest(%s::text[]) WITH ORDINALITY AS t (u, n) "
                "ORDER BY n ON CONFLICT (url) DO NOTHING",
                (site, kind, discovered_in_run, self._clock(), unique),
            )
            return max(0, cur.rowcount)

    _URL_COLUMNS = (
        "url, site, kind, status, attempts, last_error, etag, last_modified, content_hash, record_id, "
        "raw_sha, next_attempt_at, discovered_in_run, updated_at"
    )

    def url_state(self, url: str) -> UrlState | None:
        with self._read() as conn:
            row = conn.execute(f"SELECT {self._URL_COLUMNS} FROM urls WHERE url = %s", (url,)).fetchone()
        if row is None:
            return None
        return UrlState(*row)

    def known_urls(self, site: str, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        with self._read() as conn:
            rows = conn.execute("SELECT url FROM urls WHERE site = %s AND url = ANY(%s)", (site, wanted)).fetchall()
        return {row[0] for row in rows}

    def pending_urls(
        self, site: str, limit: int, *, kind: UrlKind = "article", now: datetime | None = None
    ) -> list[str]:
        due = _aware(now or self._clock())
        with self._read() as conn:
            rows = conn.execute(
                "SELECT url FROM urls WHERE site = %s AND kind = %s AND (status = 'new' OR "
                "(status = 'failed' AND (next_attempt_at IS NULL OR next_attempt_at <= %s))) "
                "ORDER BY seq LIMIT %s",
                (site, kind, due, limit),
            ).fetchall()
        return [row[0] for row in rows]

    def mark_failed(
        self, url: str, reason: str, *, final: bool, run_id: int | None, retry_at: datetime | None = None
    ) -> None:
        status: UrlStatus = "final_failed" if final else "failed"
        retry = None if final else _aware_or_none(retry_at)
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE urls SET status = %s, attempts = attempts + 1, last_error = %s, next_attempt_at = %s, "
                "last_run = %s, updated_at = %s WHERE url = %s",
                (status, reason, retry, run_id, self._clock(), url),
            )
            if cur.rowcount == 0:
                raise StoreError(f"cannot mark an unknown URL as failed (add it first): {url}", path=self.where)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE urls SET etag = %s, last_modified = %s, updated_at = %s WHERE url = %s",
                (etag, last_modified, self._clock(), url),
            )
            if cur.rowcount == 0:
                raise StoreError(f"cannot set validators of an unknown URL (add it first): {url}", path=self.where)

    def url_counts(self, site: str | None = None) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(URL_STATUSES, 0)
        with self._read() as conn:
            rows = conn.execute(
                "SELECT status, count(*) FROM urls WHERE %s::text IS NULL OR site = %s GROUP BY status", (site, site)
            ).fetchall()
        counts.update({row[0]: int(row[1]) for row in rows})
        return counts

    # --- raw pages --------------------------------------------------------------------------------
    def put_raw(self, url: str, content: bytes, headers: Mapping[str, str], fetched_at: datetime, status: int) -> str:
        sha = hashlib.sha256(content).hexdigest()
        fetched = _aware(fetched_at)
        headers_json = json.dumps(dict(headers), ensure_ascii=False)
        with self._read() as conn:
            known = conn.execute("SELECT 1 FROM blobs WHERE sha256 = %s", (sha,)).fetchone() is not None
        packed = b"" if known else zlib.compress(content, ZLIB_LEVEL)
        with self._write() as conn:
            if not known:
                conn.execute(
                    "INSERT INTO blobs (sha256, size, codec, data) VALUES (%s, %s, 'zlib', %s) "
                    "ON CONFLICT (sha256) DO NOTHING",
                    (sha, len(content), packed),
                )
            conn.execute(
                "INSERT INTO raw_pages (url, sha256, headers, fetched_at, status) VALUES (%s, %s, %s::jsonb, %s, %s) "
                "ON CONFLICT (url) DO UPDATE SET sha256 = excluded.sha256, headers = excluded.headers, "
                "fetched_at = excluded.fetched_at, status = excluded.status",
                (url, sha, headers_json, fetched, status),
            )
        return sha

    def _unpack(self, sha: str, codec: str, data: bytes) -> bytes:
        return unpack(sha, codec, data, self.where)

    def get_raw(self, sha256: str) -> bytes | None:
        with self._read() as conn:
            row = conn.execute("SELECT codec, data FROM blobs WHERE sha256 = %s", (sha256,)).fetchone()
        return None if row is None else self._unpack(sha256, row[0], bytes(row[1]))

    def raw_pages(self, site: str | None = None) -> Iterator[RawPage]:
        last = ""
        while True:  # keyset pagination: no cursor stays open across yields
            with self._read() as conn:
                rows = conn.execute(
                    "SELECT r.url, u.site, r.sha256, r.headers, r.fetched_at, r.status, b.codec, b.data "
                    "FROM raw_pages r JOIN blobs b ON b.sha256 = r.sha256 LEFT JOIN urls u ON u.url = r.url "
                    "WHERE r.url > %s AND (%s::text IS NULL OR u.site = %s) ORDER BY r.url LIMIT %s",
                    (last, site, site, _BATCH),
                ).fetchall()
            for row in rows:
                yield RawPage(
                    url=row[0],
                    site=row[1],
                    sha256=row[2],
                    content=self._unpack(row[2], row[6], bytes(row[7])),
                    headers=row[3],
                    fetched_at=row[4],
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
        check_commit(site, record, outcome)
        now = self._clock()
        with self._write() as conn:
            if lease is not None:
                self._check_lease(conn, lease, now)
            conn.execute(
                "INSERT INTO urls (url, site, kind, status, discovered_in_run, updated_at) "
                "VALUES (%s, %s, 'article', 'new', %s, %s) ON CONFLICT (url) DO NOTHING",
                (url, site, run_id, now),
            )
            if record is None:
                conn.execute(
                    "UPDATE urls SET status = %s, attempts = attempts + 1, last_error = %s, raw_sha = %s, "
                    "next_attempt_at = NULL, last_run = %s, updated_at = %s WHERE url = %s",
                    (outcome, reason, raw_sha, run_id, now, url),
                )
                return CommitResult.REFUSED if outcome == "refused" else CommitResult.GONE
            result, digest = self._upsert_record(conn, record, raw_sha=raw_sha, run_id=run_id, now=now)
            conn.execute(
                "UPDATE urls SET status = 'done', attempts = attempts + 1, last_error = NULL, content_hash = %s, "
                "record_id = %s, raw_sha = %s, next_attempt_at = NULL, last_run = %s, updated_at = %s WHERE url = %s",
                (digest, record.id, raw_sha, run_id, now, url),
            )
            return result

    def _check_lease(self, conn: Conn, lease: HostLease, now: datetime) -> None:
        # FOR SHARE: the lease cannot be taken over until this page's transaction ends.
        row = conn.execute(
            "SELECT 1 FROM hosts WHERE host = %s AND lease_token = %s AND lease_until > %s FOR SHARE",
            (lease.host, lease.token, now),
        ).fetchone()
        if row is None:
            raise LeaseLost(lease.host)

    def _upsert_record(
        self, conn: Conn, record: PressRelease, *, raw_sha: str | None, run_id: int | None, now: datetime
    ) -> tuple[CommitResult, str]:
        digest = content_hash(record)
        data = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)
        select = "SELECT content_hash, version FROM records WHERE id = %s FOR UPDATE"
        row = conn.execute(select, (record.id,)).fetchone()
        if row is None:
            inserted = conn.execute(
                "INSERT INTO records (id, site, url, published_day, content_hash, version, data) "
                "VALUES (%s, %s, %s, %s, %s, 1, %s) ON CONFLICT (id) DO NOTHING RETURNING id",
                (record.id, record.site, record.url, record.published_at[:10], digest, data),
            ).fetchone()
            if inserted is not None:
                self._add_version(conn, record, 1, digest, raw_sha=raw_sha, run_id=run_id, now=now)
                return CommitResult.NEW, digest
            # Another worker inserted this id since our SELECT: decide against its row.
            row = conn.execute(select, (record.id,)).fetchone()
            assert row is not None
        if row[0] == digest:
            # Same content: no new version, latest provenance kept (as SQLiteStore does).
            conn.execute("UPDATE records SET data = %s, url = %s WHERE id = %s", (data, record.url, record.id))
            return CommitResult.UNCHANGED, digest
        version = int(row[1]) + 1
        conn.execute(
            "UPDATE records SET url = %s, published_day = %s, content_hash = %s, version = %s, data = %s WHERE id = %s",
            (record.url, record.published_at[:10], digest, version, data, record.id),
        )
        self._add_version(conn, record, version, digest, raw_sha=raw_sha, run_id=run_id, now=now)
        return CommitResult.CHANGED, digest

    @staticmethod
    def _add_version(
        conn: Conn,
        record: PressRelease,
        version: int,
        digest: str,
        *,
        raw_sha: str | None,
        run_id: int | None,
        now: datetime,
    ) -> None:
        conn.execute(
            "INSERT INTO record_versions (record_id, version, content_hash, raw_sha, parser, run_id, committed_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (record.id, version, digest, raw_sha, record.provenance.parser, run_id, now),
        )

    def _load(self, record_id: str, data: str) -> PressRelease:
        return load_record(record_id, data, self.where)

    def get_record(self, record_id: str) -> PressRelease | None:
        with self._read() as conn:
            row = conn.execute("SELECT data FROM records WHERE id = %s", (record_id,)).fetchone()
        return None if row is None else self._load(record_id, row[0])

    def records(
        self,
        site: str | None = None,
        since: date | None = None,
        until: date | None = None,
        run_id: int | None = None,
    ) -> Iterator[PressRelease]:
        where, params = record_filters("%s", site, since, until, run_id)
        query = f"SELECT id, data FROM records WHERE {' AND '.join(where)} ORDER BY id LIMIT {RECORD_BATCH:d}"
        last = ""
        while True:
            with self._read() as conn:
                rows = conn.execute(query, (last, *params)).fetchall()
            for row in rows:
                yield self._load(row[0], row[1])
            if len(rows) < RECORD_BATCH:
                return
            last = rows[-1][0]

    def record_count(self, site: str | None = None) -> int:
        with self._read() as conn:
            row = conn.execute(
                "SELECT count(*) FROM records WHERE %s::text IS NULL OR site = %s", (site, site)
            ).fetchone()
        assert row is not None
        return int(row[0])

    def record_versions(self, record_id: str) -> list[RecordVersion]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT version, content_hash, raw_sha, parser, run_id, committed_at FROM record_versions "
                "WHERE record_id = %s ORDER BY version",
                (record_id,),
            ).fetchall()
        return [RecordVersion(record_id, *row) for row in rows]

    # --- hosts ------------------------------------------------------------------------------------
    def host_state(self, host: str) -> HostState | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT next_allowed_at, crawl_delay, backoff_until FROM hosts WHERE host = %s", (host,)
            ).fetchone()
        return None if row is None else HostState(host, row[0], row[1], row[2])

    def set_host_state(
        self,
        host: str,
        next_allowed_at: datetime | None,
        crawl_delay: float | None,
        backoff_until: datetime | None,
    ) -> None:
        values = (host, _aware_or_none(next_allowed_at), crawl_delay, _aware_or_none(backoff_until))
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hosts (host, next_allowed_at, crawl_delay, backoff_until) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (host) DO UPDATE SET next_allowed_at = excluded.next_allowed_at, "
                "crawl_delay = excluded.crawl_delay, backoff_until = excluded.backoff_until",
                values,
            )

    # --- host leases (SliceStore) -----------------------------------------------------------------
    def acquire_host(self, host: str, owner: str, ttl: float) -> HostLease | None:
        now = self._clock()
        token = secrets.token_hex(16)
        until = now + timedelta(seconds=ttl)
        with self._write() as conn:
            row = conn.execute(
                "INSERT INTO hosts (host, lease_token, lease_owner, lease_until) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (host) DO UPDATE SET lease_token = excluded.lease_token, "
                "lease_owner = excluded.lease_owner, lease_until = excluded.lease_until "
                "WHERE hosts.lease_until IS NULL OR hosts.lease_until <= %s RETURNING host",
                (host, token, owner, until, now),
            ).fetchone()
        return None if row is None else HostLease(host, token, owner, until)

    def renew_host(self, lease: HostLease, ttl: float, *, next_allowed_at: datetime | None = None) -> HostLease:
        now = self._clock()
        until = now + timedelta(seconds=ttl)
        with self._write() as conn:
            row = conn.execute(
                "UPDATE hosts SET lease_until = %s, "
                "next_allowed_at = GREATEST(next_allowed_at, %s::timestamptz) "
                "WHERE host = %s AND lease_token = %s AND lease_until > %s RETURNING host",
                (until, _aware_or_none(next_allowed_at), lease.host, lease.token, now),
            ).fetchone()
        if row is None:
            raise LeaseLost(lease.host)
        return HostLease(lease.host, lease.token, lease.owner, until)

    def release_host(self, lease: HostLease) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE hosts SET lease_token = NULL, lease_owner = NULL, lease_until = NULL "
                "WHERE host = %s AND lease_token = %s",
                (lease.host, lease.token),
            )

    def host_lease(self, host: str) -> HostLease | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT lease_token, lease_owner, lease_until FROM hosts "
                "WHERE host = %s AND lease_token IS NOT NULL AND lease_until > %s",
                (host, self._clock()),
            ).fetchone()
        return None if row is None else HostLease(host, row[0], row[1], row[2])

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

    # --- site state (SliceStore) ------------------------------------------------------------------
    def site_state(self, site: str) -> SiteState | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT walk_url, walk_pages, discovered_at, last_slice_at, slices, last_error "
                "FROM site_state WHERE site = %s",
                (site,),
            ).fetchone()
        return None if row is None else SiteState(site, *row)

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
        values = (site, walk_url, walk_pages, _aware_or_none(discovered_at), self._clock(), int(slice_done), error)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO site_state (site, walk_url, walk_pages, discovered_at, last_slice_at, slices, last_error) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (site) DO UPDATE SET walk_url = excluded.walk_url, "
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
                "SELECT owner, pid, hostname, pid_start, acquired_at FROM run_lock FOR UPDATE"
            ).fetchone()
            if row is not None:
                held_owner, held_pid, held_host, held_start, since = row
                if self._holds_lock and held_pid == pid and held_host == host:
                    return
                if held_host != host:
                    raise StoreError(
                        f"database is locked by {held_owner} (pid {held_pid} on host {held_host}) since "
                        f"{since.isoformat()}; wait for it to finish (if that process is gone, clear the lock "
                        f"with `DELETE FROM {SCHEMA}.run_lock`)",
                        path=self.where,
                    )
                if process.is_alive(held_pid, held_start):
                    raise StoreError(
                        f"database is locked by {held_owner} (pid {held_pid}, running) since {since.isoformat()}; "
                        "wait for it to finish",
                        path=self.where,
                    )
                logger.warning("taking over a stale lock of %s (pid %s on %s, no longer running)",
                               held_owner, held_pid, host)
            conn.execute(
                "INSERT INTO run_lock (id, owner, pid, hostname, pid_start, acquired_at) "
                "VALUES (1, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, "
                "pid = excluded.pid, hostname = excluded.hostname, pid_start = excluded.pid_start, "
                "acquired_at = excluded.acquired_at",
                (owner, pid, host, process.start_token(pid), self._clock()),
            )
        self._holds_lock = True

    def release_lock(self) -> None:
        if not self._holds_lock:
            return
        with self._write() as conn:
            conn.execute(
                "DELETE FROM run_lock WHERE pid = %s AND hostname = %s", (os.getpid(), process.hostname())
            )
        self._holds_lock = False

    def lock_holder(self) -> LockInfo | None:
        with self._read() as conn:
            row = conn.execute("SELECT owner, pid, hostname, acquired_at FROM run_lock").fetchone()
        return None if row is None else LockInfo(*row)

    # --- lifetime ---------------------------------------------------------------------------------
    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            try:
                if self._holds_lock:
                    try:
                        self.release_lock()
                    except StoreError as exc:  # the server is gone: the lock row is for an operator now
                        logger.warning("could not release the run lock: %s", exc)
            finally:
                self._closed = True
                if self._conn is not None:
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
        return f"PostgresStore({self.where!r})"

