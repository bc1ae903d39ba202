"""The `Store` interface shared by the harvest, export, reparse and archive, and its value types.

One interface, two implementations: `SQLiteStore` (the embedded default) and `PostgresStore` (many
workers on one server; `coordination.SliceStore` adds what they share), both running the queries of
`sql.SQLStore`. Everything a caller may rely on is written here; an implementation that passes
`tests/store/test_contract.py` keeps these promises:

- `commit_page` is the unit of crash safety: the record, its version history and its URL's state
  change together in one transaction, or not at all. A process killed at any point leaves every URL
  either still pending or done with its record stored.
- Records are keyed by `id`; a record gets a new version only when its *content hash* (sha256 of the
  canonical JSON of `content_dict()`, i.e. everything but provenance) changes. The hash of every
  version is kept in `record_versions`, with the raw page it was parsed from, so an old version can
  be re-derived with `reparse`.
- Raw pages are content-addressed (sha256 of the raw bytes) and stored compressed; a URL points to
  the latest raw page fetched for it. Raw blobs are never dropped, because record versions refer to them.
- `add_urls` is insert-if-absent: rediscovering a URL never resets its state.
- Times are timezone-aware `datetime`s in and out (stored as UTC); a naive datetime is a `ValueError`.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Literal, Protocol, Self

from pressharvest.models import PressRelease

UrlKind = Literal["article", "list"]
UrlStatus = Literal["new", "done", "failed", "final_failed", "refused", "gone"]
PageOutcome = Literal["done", "refused", "gone"]

URL_STATUSES: tuple[UrlStatus, ...] = ("new", "done", "failed", "final_failed", "refused", "gone")


class CommitResult(enum.StrEnum):
    """What `commit_page` did; the run report counts these."""

    NEW = "new"  # a record id never seen before
    CHANGED = "changed"  # a known id whose content hash changed: a new version
    UNCHANGED = "unchanged"  # a known id with the same content hash
    REFUSED = "refused"  # parsed but refused (e.g. empty body): no record, URL final
    GONE = "gone"  # 404/410: no record, URL final


def content_hash(record: PressRelease) -> str:
    """sha256 (hex) of the canonical JSON of the record without provenance.

    Canonical: keys sorted, no whitespace, UTF-8 (not ASCII-escaped), so the same content always gives
    the same hash whatever the fetch time or the raw bytes were.
    """
    canonical = json.dumps(record.content_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class UrlState:
    """One URL of the frontier."""

    url: str
    site: str
    kind: UrlKind
    status: UrlStatus
    attempts: int  # outcomes recorded so far: commits and failures
    last_error: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None  # of the record committed from this URL
    record_id: str | None
    raw_sha: str | None  # the raw page the last outcome came from
    next_attempt_at: datetime | None  # for a failed URL: not retried before this time
    discovered_in_run: int | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RawPage:
    """A stored response: the raw bytes as received (decompressed), its headers and when it came."""

    url: str
    site: str | None  # the site of the URL in the frontier, None for a URL never added
    sha256: str
    content: bytes
    headers: dict[str, str]
    fetched_at: datetime
    status: int


@dataclass(frozen=True, slots=True)
class RecordVersion:
    """One version of a record: its content hash and where it came from."""

    record_id: str
    version: int  # 1, 2, … in order
    content_hash: str
    raw_sha: str | None
    parser: str
    run_id: int | None
    committed_at: datetime


@dataclass(frozen=True, slots=True)
class RunInfo:
    run_id: int
    sites: list[str]
    started_at: datetime
    finished_at: datetime | None  # None: still running, or the process died
    counts: dict[str, int] = field(default_factory=dict)
    report: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HostState:
    """Politeness state of one host, shared by every worker crawling it."""

    host: str
    next_allowed_at: datetime | None
    crawl_delay: float | None
    backoff_until: datetime | None


@dataclass(frozen=True, slots=True)
class HostLease:
    """One worker's exclusive right to crawl a host until `expires_at` (see `coordination.py`)."""

    host: str
    token: str
    owner: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds the run lock."""

    owner: str
    pid: int
    hostname: str
    acquired_at: datetime


class Store(Protocol):
    """The state store: runs, the URL frontier, raw pages, records, host state and the run lock.

    Errors: every failure of the underlying database surfaces as `StoreError` with one line of text.
    """

    # --- runs -------------------------------------------------------------------------------------
    def begin_run(self, sites: Sequence[str]) -> int:
        """Start a run over these site ids; returns its id (increasing)."""
        ...

    def finish_run(self, run_id: int, counts: Mapping[str, int], report: Mapping[str, object]) -> None: ...

    def runs(self) -> list[RunInfo]:
        """Every run, oldest first."""
        ...

    # --- URL frontier -----------------------------------------------------------------------------
    def add_urls(
        self,
        site: str,
        urls: Iterable[str],
        *,
        kind: UrlKind = "article",
        discovered_in_run: int | None = None,
    ) -> int:
        """Insert the URLs not yet known as `new`; returns how many were new. Idempotent."""
        ...

    def url_state(self, url: str) -> UrlState | None: ...

    def known_urls(self, site: str, urls: Iterable[str]) -> set[str]:
        """The subset of `urls` already in this site's frontier, whatever their status."""
        ...

    def pending_urls(
        self, site: str, limit: int, *, kind: UrlKind = "article", now: datetime | None = None
    ) -> list[str]:
        """URLs to fetch: `new` ones and `failed` ones whose retry time has come, oldest first."""
        ...

    def mark_failed(
        self, url: str, reason: str, *, final: bool, run_id: int | None, retry_at: datetime | None = None
    ) -> None:
        """Record a failed attempt: `failed` (retried from `retry_at`, or at once) or `final_failed`."""
        ...

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep ETag / Last-Modified of a list page or feed for the next conditional GET."""
        ...

    def url_counts(self, site: str | None = None) -> dict[str, int]:
        """How many URLs (of one site) are in each status; every status is a key, zero included."""
        ...

    # --- raw pages --------------------------------------------------------------------------------
    def put_raw(self, url: str, content: bytes, headers: Mapping[str, str], fetched_at: datetime, status: int) -> str:
        """Store a response (deduplicated by content); the URL now points to it. Returns its sha256."""
        ...

    def get_raw(self, sha256: str) -> bytes | None:
        """The raw bytes with this hash, or None."""
        ...

    def raw_pages(self, site: str | None = None) -> Iterator[RawPage]:
        """The latest raw page of every URL (of one site), ordered by URL."""
        ...

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
        """In one transaction: upsert `record` (outcome `done`) and set the URL's final state.

        With `lease` (a worker's host lease), the transaction first checks that the lease still holds
        and raises `LeaseLost` (nothing written) when it does not.

        `done` needs a record; `refused` (parsed but refused: `reason` says why) and `gone` (404/410)
        take none and leave any earlier record of the URL as it is. An unknown URL is added first.
        `raw_sha`, when given, must name a page stored with `put_raw` (else `StoreError`, nothing written).
        """
        ...

    def get_record(self, record_id: str) -> PressRelease | None: ...

    def records(
        self,
        site: str | None = None,
        since: date | None = None,
        until: date | None = None,
        run_id: int | None = None,
    ) -> Iterator[PressRelease]:
        """Current records ordered by id. `since`/`until`: inclusive bounds on the local calendar day
        of `published_at` (as the site shows it); `run_id`: only records new or changed in that run."""
        ...

    def record_count(self, site: str | None = None) -> int: ...

    def record_versions(self, record_id: str) -> list[RecordVersion]:
        """Every version of a record, oldest first; empty for an unknown id."""
        ...

    # --- hosts ------------------------------------------------------------------------------------
    def host_state(self, host: str) -> HostState | None: ...

    def set_host_state(
        self,
        host: str,
        next_allowed_at: datetime | None,
        crawl_delay: float | None,
        backoff_until: datetime | None,
    ) -> None: ...

    # --- run lock ---------------------------------------------------------------------------------
    def acquire_lock(self, owner: str) -> None:
        """Take the database's run lock, or raise `StoreError` naming its holder. A lock whose holder
        process is gone (same host, pid dead) is taken over."""
        ...

    def release_lock(self) -> None:
        """Release the lock if this store holds it; otherwise do nothing."""
        ...

    def lock_holder(self) -> LockInfo | None: ...

    # --- lifetime ---------------------------------------------------------------------------------
    def close(self) -> None:
        """Release the lock if held and close the connection. Idempotent."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
