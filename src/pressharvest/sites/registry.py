"""Family discovery: every module in `pressharvest.sites.families` that defines `FAMILY` is a family.

Families are found, not registered by hand, so adding one is adding one module.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from pressharvest.errors import ConfigError
from pressharvest.sites import families
from pressharvest.sites.base import Family
from pressharvest.sites.config import Site
from pressharvest.urls import ascii_host


@cache
def all_families() -> dict[str, Family]:
    found: dict[str, Family] = {}
    for info in pkgutil.iter_modules(families.__path__):
        module = importlib.import_module(f"{families.__name__}.{info.name}")
        family = getattr(module, "FAMILY", None)
        if isinstance(family, Family):
            found[family.name] = family
    return found


def family_of(site: Site) -> Family:
    try:
        return all_families()[site.family]
    except KeyError:
        known = ", ".join(sorted(all_families()))
        raise ConfigError(f"unknown family {site.family!r} (known: {known})", key=f"sites.{site.id}.family") from None


def site_for_url(url: str, sites: dict[str, Site]) -> Site | None:
    """The registered site whose base URL host matches `url` (a `www.` prefix ignored)."""
    host = ascii_host(url).removeprefix("www.")
    for site in sites.values():
        if site.host.removeprefix("www.") == host:
            return site
    return None
