"""`SiteContext`: what every step of one site's harvest works with (discovery and pages alike)."""

from __future__ import annotations

from dataclasses import dataclass

from pressharvest.fetch import Fetcher
from pressharvest.harvest.report import SiteReport
from pressharvest.harvest.store.base import Store
from pressharvest.parse import Registry
from pressharvest.sites.config import Site


@dataclass
class SiteContext:
    site: Site
    store: Store
    fetcher: Fetcher
    registry: Registry
    report: SiteReport  # this site's counters in the run's report
    run_id: int
