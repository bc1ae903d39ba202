"""What a worker process knows: the sites it may crawl, the fetch options, the slice limits."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.slice import SliceLimits
from pressharvest.harvest.store.coordination import SliceStore
from pressharvest.sites.config import Site


def default_owner() -> str:
    return f"pid {os.getpid()} on {socket.gethostname()}"


@dataclass(frozen=True)
class WorkerConfig:
    sites: Mapping[str, Site]  # every site a job may name (the built-in registry plus --sites)
    options: HarvestOptions  # fetch options, backfill and max_list_pages (its `sites` is not used)
    limits: SliceLimits = field(default_factory=SliceLimits)
    owner: str = field(default_factory=default_owner)

    def scheduled(self) -> list[Site]:
        """The sites `schedule` keeps queued: the options' sites (default: every enabled one)."""
        return list(self.options.sites) or [site for site in self.sites.values() if site.enabled]


def due_at(store: SliceStore, site: Site, limits: SliceLimits) -> datetime:
    """When `site` next has work: now-ish for a walk under way or pending URLs (not before the host
    may be asked again), else when its list pages are due to be walked again."""
    now = datetime.now(UTC)
    state = store.site_state(site.id)
    if state is None or state.discovered_at is None or state.walk_url is not None or store.pending_urls(site.id, 1):
        host = store.host_state(site.host)
        pause = [m for m in (host.next_allowed_at, host.backoff_until) if m is not None] if host else []
        return max([now, *pause])
    return max(now, state.discovered_at + timedelta(seconds=limits.rediscover_after))
