"""The embedded mode: slices run in this process, one loop per site, on any store (SQLite by default).

Each site's loop runs a slice, then sleeps until the slice's `next_at` (the host's next allowed start,
another worker's lease expiry, or the next rediscovery) and runs the next one. Several processes may
run this loop on one store: the host leases keep them off each other's hosts. With `until_idle`, a
site's loop ends at its first `done` slice, and the call returns when every site is done.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from pressharvest.harvest.slice import SliceResult, crawl_slice
from pressharvest.harvest.store.coordination import SliceStore
from pressharvest.parse import Registry
from pressharvest.sites.config import Site
from pressharvest.workers.config import WorkerConfig

logger = logging.getLogger(__name__)


async def run_embedded(
    config: WorkerConfig,
    store: SliceStore,
    *,
    run_id: int,
    until_idle: bool = True,
    parallel: int = 16,
    max_slices: int = 100_000,
) -> list[SliceResult]:
    """Run slices of the scheduled sites; returns every slice's result, in order of completion.

    `parallel` bounds the slices running at once (each paces its own host); `max_slices` bounds a
    site's loop, so a site that keeps reporting work left cannot spin forever.
    """
    sites = config.scheduled()
    registry = Registry(dict(config.sites))
    slots = asyncio.Semaphore(max(1, parallel))
    results: list[SliceResult] = []

    async def loop(site: Site) -> None:
        for _ in range(max_slices):
            async with slots:
                result = await crawl_slice(site, store, config.options, config.limits, run_id=run_id,
                                           owner=config.owner, registry=registry)
            results.append(result)
            logger.info("%s: slice %s after %d request(s)", site.id, result.status, result.requests)
            if result.status == "done" and until_idle:
                return
            wait = (result.next_at - datetime.now(UTC)).total_seconds()
            if wait > 0:
                await asyncio.sleep(wait)
        logger.warning("%s: stopped after %d slices with work left", site.id, max_slices)

    await asyncio.gather(*(loop(site) for site in sites))
    return results
