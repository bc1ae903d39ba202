"""One slice of one site: the unit of work of a worker, embedded (SQLite) or distributed (procrastinate).

    crawl_slice(site)
      → lease       take the site's host lease in the store, or report `busy` (another worker has it)
      → wait        until the host's `next_allowed_at` (the last start + delay, or a Retry-After)
      → walk        the list pages from where the site's walk stands (its cursor is in the store)
      → articles    pending URLs: fetch, parse, commit — each commit checks the lease
      → stop        after `max_pages` requests or `max_seconds`, release the lease, report what is left

Politeness across processes: before every request the fetcher's `HostObserver` (here `_LeaseKeeper`)
renews the lease and writes the host's next allowed start, so a worker killed mid-request leaves the
right pause behind, and a worker whose lease was taken over stops before sending anything.

A walk spans slices: after each list page the cursor (the next list page) is saved. A slice that
died leaves the cursor on a page whose articles it may already have added, so the first page of a
resumed walk never ends it as "all known" (see `_walk`). `since` is not supported here: a backfill
walks `backfill` pages at least, as `harvest --backfill` does.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from pressharvest.errors import LeaseLost, StoreError
from pressharvest.fetch import Fetcher
from pressharvest.harvest.discover import DiscoveryContext, _links, _new
from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.pages import PageContext, harvest_page
from pressharvest.harvest.report import SiteReport
from pressharvest.harvest.run import fetch_config
from pressharvest.harvest.store.base import HostLease
from pressharvest.harvest.store.coordination import SliceStore
from pressharvest.parse import Registry
from pressharvest.sites.config import Site

logger = logging.getLogger(__name__)

SliceStatus = Literal["done", "more", "busy"]


@dataclass(frozen=True)
class SliceLimits:
    """How much one slice may do, and how long a worker's claim on a host lasts."""

    max_pages: int = 50  # requests (list pages, articles, robots.txt) before the slice stops
    max_seconds: float = 60.0
    # Longer than one request can take (deadline, Retry-After waits within the cap): the lease is
    # renewed before every request, so only a stalled worker lets it run out.
    lease_ttl: float = 180.0
    rediscover_after: float = 86_400.0  # a site's list pages are walked again after this long


@dataclass
class SliceResult:
    site: str
    host: str
    status: SliceStatus  # done: nothing due before `next_at`; more: work left; busy: host leased elsewhere
    next_at: datetime  # when the next slice of this site should start
    requests: int = 0
    report: SiteReport | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, object]:
        outcomes = dict(self.report.outcomes) if self.report is not None else {}
        return {"site": self.site, "host": self.host, "status": self.status, "next_at": self.next_at.isoformat(),
                "requests": self.requests, "outcomes": outcomes, "error": self.error}


def _now() -> datetime:
    return datetime.now(UTC)


class _LeaseKeeper:
    """The fetcher's `HostObserver`: renews the lease and records the next allowed start per request."""

    def __init__(self, store: SliceStore, lease: HostLease, ttl: float, floor: float) -> None:
        self.store = store
        self.lease = lease
        self.ttl = ttl
        self.floor = floor  # the host's delay as earlier slices learnt it (Crawl-delay included)
        self.requests = 0
        self.next_allowed_at: datetime | None = None  # after the last response: written when the slice ends

    def _after(self, next_start_in: float) -> datetime:
        # The floor covers a slice that dies before its robots.txt raised the fetcher's delay.
        return _now() + timedelta(seconds=max(0.0, next_start_in, self.floor))

    def starting(self, host: str, next_start_in: float) -> None:
        self.requests += 1
        if host == self.lease.host:  # a redirect to another host is not ours to pace in the store
            self.lease = self.store.renew_host(self.lease, self.ttl, next_allowed_at=self._after(next_start_in))

    def finished(self, host: str, next_start_in: float) -> None:
        # Kept in memory: while we hold the lease nobody else reads it, and a worker that dies
        # leaves the start-time record above plus a lease that outlives it by far.
        if host == self.lease.host:
            self.next_allowed_at = self._after(next_start_in)

    def flush(self) -> None:
        """Write the next allowed start after the last response (before the lease is let go)."""
        if self.next_allowed_at is not None:
            self.lease = self.store.renew_host(self.lease, self.ttl, next_allowed_at=self.next_allowed_at)
            self.next_allowed_at = None

    def paused(self, host: str, seconds: float) -> None:
        if host == self.lease.host:
            after = _now() + timedelta(seconds=seconds)
            self.lease = self.store.renew_host(self.lease, self.ttl, next_allowed_at=after)


@dataclass
class _Budget:
    limits: SliceLimits
    keeper: _LeaseKeeper
    started: float = field(default_factory=time.monotonic)

    def spent(self) -> bool:
        return (
            self.keeper.requests >= self.limits.max_pages
            or time.monotonic() - self.started >= self.limits.max_seconds
        )


async def _walk(ctx: DiscoveryContext, store: SliceStore, limits: SliceLimits, budget: _Budget) -> bool:
    """Walk the site's list pages from its cursor; True when the walk is complete (or not due)."""
    site = ctx.site
    state = store.site_state(site.id)
    resuming = state is not None and state.walk_url is not None
    if not resuming:
        due = state is None or state.discovered_at is None or (
            _now() - state.discovered_at >= timedelta(seconds=limits.rediscover_after)
        )
        if not due:
            return True
    discovered_at = state.discovered_at if state is not None else None
    url = state.walk_url if state is not None and resuming else site.list_url
    pages = state.walk_pages if state is not None and resuming else 0
    if not resuming:
        # Mark the walk as under way before the first request: a slice that dies now resumes it.
        store.set_site_state(site.id, walk_url=url, walk_pages=0, discovered_at=discovered_at, error=None,
                             slice_done=False)
        if site.rss_url:
            feed = await _links(ctx, site.rss_url)
            if feed is not None:
                _new(ctx, feed.articles)
    error: str | None = None
    first = True
    while url is not None and pages < ctx.max_list_pages:
        if budget.spent():
            store.set_site_state(site.id, walk_url=url, walk_pages=pages, discovered_at=discovered_at, error=None,
                                 slice_done=False)
            return False
        links = await _links(ctx, url)
        pages += 1
        if links is None:  # the failure is in the report; the walk is tried again at the next rediscovery
            error = f"list page failed: {url}"
            break
        fresh = _new(ctx, links.articles)
        # A resumed walk's first page may have been added by the slice that died: never "all known".
        if not fresh and pages >= ctx.backfill and not (first and resuming):
            break
        first = False
        url = links.next
        store.set_site_state(site.id, walk_url=url, walk_pages=pages, discovered_at=discovered_at, error=None,
                             slice_done=False)
    store.set_site_state(site.id, walk_url=None, walk_pages=0, discovered_at=_now(), error=error, slice_done=False)
    return True


async def _articles(ctx: PageContext, store: SliceStore, budget: _Budget) -> None:
    """Harvest the site's pending URLs until none is left or the budget is spent."""
    site = ctx.site
    tried: set[str] = set()  # a URL that failed in this slice waits for the next one
    slots = asyncio.Semaphore(max(1, site.max_connections))

    async def one(url: str) -> None:
        async with slots:
            if not budget.spent():
                await harvest_page(ctx, url)

    while not budget.spent():
        left = max(1, budget.limits.max_pages - budget.keeper.requests)
        batch = [url for url in store.pending_urls(site.id, left + len(tried)) if url not in tried][:left]
        if not batch:
            return
        tried.update(batch)
        tasks = [asyncio.create_task(one(url)) for url in batch]
        try:
            await asyncio.gather(*tasks)
        except BaseException:  # a LeaseLost (or a store failure) in one page stops the others
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise


def _remember_delay(store: SliceStore, host: str, delay: float) -> None:
    """Keep the host's delay (raised by its Crawl-delay) for the slices after this one; we hold the lease."""
    state = store.host_state(host)
    if state is not None and state.crawl_delay != delay:
        store.set_host_state(host, state.next_allowed_at, delay, state.backoff_until)


def _wait_for(store: SliceStore, host: str) -> float:
    state = store.host_state(host)
    if state is None:
        return 0.0
    moments = [m for m in (state.next_allowed_at, state.backoff_until) if m is not None]
    return max([0.0, *((m - _now()).total_seconds() for m in moments)])


async def crawl_slice(
    site: Site,
    store: SliceStore,
    options: HarvestOptions,
    limits: SliceLimits,
    *,
    run_id: int,
    owner: str,
    registry: Registry | None = None,
) -> SliceResult:
    """Run one slice of `site` (see the module docstring). Raises `StoreError` when the store fails."""
    host = site.host
    lease = store.acquire_host(host, owner, limits.lease_ttl)
    if lease is None:
        held = store.host_lease(host)
        return SliceResult(site.id, host, "busy", held.expires_at if held is not None else _now())
    known = store.host_state(host)
    keeper = _LeaseKeeper(store, lease, limits.lease_ttl, known.crawl_delay or 0.0 if known is not None else 0.0)
    budget = _Budget(limits, keeper)
    report = SiteReport(site.id)
    result = SliceResult(site.id, host, "more", _now(), report=report)
    try:
        wait = _wait_for(store, host)
        if wait > min(limits.max_seconds, limits.lease_ttl / 2):  # not worth holding the host that long
            result.next_at = _now() + timedelta(seconds=wait)
            return result
        if wait > 0:
            await asyncio.sleep(wait)
        keeper.lease = store.renew_host(keeper.lease, limits.lease_ttl)
        slice_options = dataclasses.replace(options, sites=(site,))
        registry = registry or Registry({site.id: site})
        async with Fetcher(fetch_config(slice_options), observer=keeper) as fetcher:
            disco = DiscoveryContext(site, store, fetcher, registry, report, run_id, backfill=options.backfill,
                                     max_list_pages=options.max_list_pages, since=None)
            walked = await _walk(disco, store, limits, budget)
            if not budget.spent():
                await _articles(PageContext(site, store, fetcher, registry, report, run_id, lease=lease), store, budget)
            _remember_delay(store, host, fetcher.host_delay(host))
        keeper.flush()
        more = not walked or bool(store.pending_urls(site.id, 1))
        if not more:
            state = store.site_state(site.id)
            since = state.discovered_at if state is not None and state.discovered_at is not None else _now()
            result.status, result.next_at = "done", since + timedelta(seconds=limits.rediscover_after)
        else:
            result.next_at = _now() + timedelta(seconds=_wait_for(store, host))
        state = store.site_state(site.id)
        store.set_site_state(
            site.id,
            walk_url=state.walk_url if state is not None else None,
            walk_pages=state.walk_pages if state is not None else 0,
            discovered_at=state.discovered_at if state is not None else None,
            error=result.error,
        )
        return result
    except LeaseLost:
        logger.warning("%s: host lease lost mid-slice; another worker owns %s now", site.id, host)
        result.error = "host lease lost"
        return result
    finally:
        result.requests = keeper.requests
        try:
            if result.error is None:
                keeper.flush()  # when the slice failed between its last response and the flush above
            store.release_host(keeper.lease)
        except StoreError as exc:  # the database is gone: the lease simply expires
            logger.warning("%s: could not release the lease on %s: %s", site.id, host, exc)

