"""`harvest()`: one run over the configured sites — discover, fetch, parse, store, export, report.

Sites run in parallel (the fetcher paces each host and bounds the total); inside a site, each list
page's new articles are harvested before the next list page is read, then the URLs left pending by
earlier runs (failed attempts whose retry time has come) are retried. The store's run lock keeps
two runs off one database; every page's outcome is committed in its own transaction.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import socket
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from pressharvest.datasets.republication import store_republications
from pressharvest.errors import InputError, StoreError
from pressharvest.export.atomic import atomic_writer, cannot_write, check_target
from pressharvest.export.jsonl import write_jsonl
from pressharvest.fetch import FetchConfig, Fetcher, HostLimits, RetryConfig
from pressharvest.harvest.discover import DiscoveryContext, discover, unfinished_walks
from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.pages import PageContext, harvest_page
from pressharvest.harvest.progress import Progress, progress_for
from pressharvest.harvest.report import RunReport
from pressharvest.harvest.store.base import Store
from pressharvest.harvest.store.factory import open_store
from pressharvest.harvest.store.sql import SQLStore
from pressharvest.parse import Registry
from pressharvest.sites.config import Site

logger = logging.getLogger(__name__)

_PENDING_LIMIT = 1_000_000  # one run retries everything due; a URL list is small next to its pages


def fetch_config(options: HarvestOptions) -> FetchConfig:
    hosts = {
        site.host: HostLimits(
            delay=options.delay if options.delay is not None else site.delay, max_connections=site.max_connections
        )
        for site in options.sites
    }
    bundles = {*options.ca_bundles, *(Path(site.ca_bundle) for site in options.sites if site.ca_bundle)}
    config = FetchConfig(
        delay=options.delay if options.delay is not None else 1.0,
        concurrency=options.concurrency,
        deadline=options.deadline,
        retry=RetryConfig(backoff_base=options.retry_backoff),
        allow_loopback=options.allow_loopback,
        allow_private=options.allow_private,
        ca_bundles=tuple(sorted(bundles)),
        mirrors=dict(options.mirrors),
        hosts=hosts,
    )
    return dataclasses.replace(config, user_agent=options.user_agent) if options.user_agent else config


@dataclasses.dataclass
class _Run:
    store: Store
    fetcher: Fetcher
    registry: Registry
    report: RunReport
    options: HarvestOptions
    progress: Progress
    resume: dict[str, str | None]  # sites whose last walk did not finish → where it broke (None: start)


async def _harvest_site(site: Site, run: _Run) -> None:
    store, fetcher, registry, report, options, progress = (
        run.store, run.fetcher, run.registry, run.report, run.options, run.progress
    )
    site_report = report.site(site.id)
    page_ctx = PageContext(site, store, fetcher, registry, site_report, report.run_id)
    limit = asyncio.Semaphore(max(1, site.max_connections))
    tried: set[str] = set()  # this run's URLs: one that failed now is retried in the next run, not again now

    async def one(url: str) -> date | None:
        tried.add(url)
        async with limit:
            record = await harvest_page(page_ctx, url)
        progress.page_done(site.id)
        return date.fromisoformat(record.published_at[:10]) if record is not None else None

    async def harvest_new(urls: list[str]) -> list[date]:
        if urls:
            progress.say(f"{site.id}: list page {site_report.list_pages}: {len(urls)} new article(s)")
        progress.site_found(site.id, len(urls))
        days = await asyncio.gather(*(one(url) for url in urls))
        return [day for day in days if day is not None]

    ctx = DiscoveryContext(
        site,
        store,
        fetcher,
        registry,
        site_report,
        report.run_id,
        backfill=options.backfill,
        max_list_pages=options.max_list_pages,
        since=options.since,
        resume=(run.resume[site.id] or site.list_url) if site.id in run.resume else None,
    )
    await discover(ctx, harvest_new)
    # URLs left by earlier runs (or by a crash): new ones and failed ones whose retry time has come.
    pending = [url for url in store.pending_urls(site.id, _PENDING_LIMIT + len(tried)) if url not in tried]
    pending = pending[:_PENDING_LIMIT]
    if pending:
        await harvest_new(pending)
    o = site_report.outcomes
    progress.say(
        f"{site.id}: done — {o['new']} new, {o['changed']} changed, {o['unchanged']} unchanged, "
        f"{o['failed']} failed, {o['gone']} gone"
    )


async def _run(options: HarvestOptions, store: Store, report: RunReport, progress: Progress) -> None:
    registry = Registry({site.id: site for site in options.sites})
    async with Fetcher(fetch_config(options)) as fetcher:
        resume = unfinished_walks(store.runs(), report.run_id)
        run = _Run(store, fetcher, registry, report, options, progress, resume)
        await asyncio.gather(*(_harvest_site(site, run) for site in options.sites))
        report.fetch = fetcher.stats.as_dict()


def harvest(options: HarvestOptions) -> RunReport:
    """Run one harvest; returns its report (also written to `<out>/reports/run-<id>.json`).

    Raises `StoreError` when the database cannot be opened or is locked by another run.
    """
    started = time.monotonic()
    _check_out(options)
    export_failed: InputError | None = None
    with open_store(options.db) as store:
        store.acquire_lock(f"pressharvest harvest pid {os.getpid()} on {socket.gethostname()}")
        _refuse_beside_workers(store, options.sites)
        run_id = store.begin_run([site.id for site in options.sites])
        report = RunReport(run_id, datetime.now(UTC).isoformat(timespec="seconds"))
        with progress_for(options.progress) as progress:
            asyncio.run(_run(options, store, report, progress))
        if options.export:
            path = options.out / "records.jsonl"
            try:
                report.exported_records = write_jsonl(store.records(), path, store_republications(store))
                report.exported = str(path)
            except InputError as exc:  # (a full disk): the run still ends, its records stay in the store
                export_failed = exc
        report.duration_s = time.monotonic() - started
        report.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        counts = dict(report.totals())
        store.finish_run(run_id, counts, report.as_dict())
    with atomic_writer(options.out / "reports" / f"run-{run_id}.json") as stream:
        stream.write(report.to_json())
    if export_failed is not None:
        raise export_failed
    return report


def _refuse_beside_workers(store: Store, sites: tuple[Site, ...]) -> None:
    """A harvest does not ask hosts that workers on the same database hold (their pacing is theirs)."""
    if not isinstance(store, SQLStore):
        return
    busy = store.hosts_held_by_workers(sorted({site.host for site in sites}))
    if busy:
        raise StoreError(
            f"workers are harvesting {', '.join(busy)} from this database; stop them (or run the harvest on "
            "other sites) first",
            path=store.where,
        )


def _check_out(options: HarvestOptions) -> None:
    """Refuse, before anything is fetched, an output folder that cannot take the run's export and
    report: the run would otherwise end in that error after all its work."""
    if options.export:
        check_target(options.out / "records.jsonl")
    reports = options.out / "reports"
    try:
        reports.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=reports):
            pass
    except OSError as exc:
        raise cannot_write(options.out, exc) from None
