"""What workers sharing one store need beyond `Store`: host leases and per-site slice state.

`SliceStore` extends the `Store` protocol with optional additions, implemented by both stores (SQLite
for the embedded mode, PostgreSQL for many workers), so one slice function serves both:

- **Host lease** (`base.HostLease`: token + expiry): one worker at a time crawls a host. It is renewed
  before every request; a worker that stalled past its expiry finds its token gone (`LeaseLost`) and
  stops, so it cannot crawl a host another worker now owns. `Store.commit_page(..., lease=...)` checks
  the token in the page's own transaction: a stale worker's late result is refused.
- **Politeness state** lives in the same `hosts` row (`HostState`: next allowed start, Crawl-delay,
  Retry-After pause), written before each request starts, so it survives a worker's death.
- **Site state**: where a discovery walk over the list pages stands (it may span several slices),
  when the last complete walk ended, and the slice counters `status` shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pressharvest.harvest.store.base import HostLease, Store

__all__ = ["HostLease", "SiteState", "SliceStore"]


@dataclass(frozen=True, slots=True)
class SiteState:
    site: str
    walk_url: str | None  # the list page a walk resumes from; None: no walk under way
    walk_pages: int  # list pages walked so far in the current walk
    discovered_at: datetime | None  # when the last complete walk ended
    last_slice_at: datetime | None
    slices: int  # slices run for this site, ever
    last_error: str | None


class SliceStore(Store, Protocol):
    """A `Store` that many workers (or one restarted worker) can share safely."""

    def acquire_host(self, host: str, owner: str, ttl: float) -> HostLease | None:
        """A new lease on `host` when it is free or its lease expired; None while another one runs."""
        ...

    def renew_host(self, lease: HostLease, ttl: float, *, next_allowed_at: datetime | None = None) -> HostLease:
        """Extend the lease (raising `LeaseLost` when its token no longer holds the host); with
        `next_allowed_at`, record in the same statement the earliest start of the request after this one."""
        ...

    def release_host(self, lease: HostLease) -> None:
        """Give the host up (nothing happens when the lease was lost already)."""
        ...

    def host_lease(self, host: str) -> HostLease | None:
        """The lease on `host` if one is held and not expired."""
        ...

    def site_state(self, site: str) -> SiteState | None: ...

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
        """Record where `site`'s walk stands; `slice_done` counts a finished slice (a cursor saved
        mid-slice does not)."""
        ...
