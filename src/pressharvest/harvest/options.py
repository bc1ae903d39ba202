"""What one harvest run is asked to do (the CLI's flags as a value the library accepts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pressharvest.sites.config import Site


@dataclass(frozen=True)
class HarvestOptions:
    sites: tuple[Site, ...]
    db: str = "output/pressharvest.sqlite3"
    out: Path = Path("output")
    # Discovery: stop at the first list page whose articles are all known, after at least `backfill`
    # pages (0: stop at once), never walking more than `max_list_pages` pages of one site.
    backfill: int = 0
    max_list_pages: int = 50
    since: date | None = None  # walk list pages until their articles are older than this day
    mirrors: Mapping[str, str] = field(default_factory=dict)
    allow_loopback: bool = False
    allow_private: bool = False
    ca_bundles: tuple[Path, ...] = ()
    delay: float | None = None  # overrides every site's delay (the demo and benchmarks)
    concurrency: int = 16
    deadline: float = 30.0  # seconds one whole response may take (the fetcher's total deadline)
    retry_backoff: float = 1.0  # base of the exponential backoff between retries of one request
    user_agent: str | None = None
    export: bool = True  # write `<out>/records.jsonl` after the run
    progress: bool = True
