"""Fetching a handful of pages for the developer tools, with the harvest's politeness and rules.

`sites check`, `capture` and `new-family` fetch a few pages one after the other through the same
`Fetcher` as the harvest (robots.txt, the site's delay, address rules, `--mirror`), so trying a site
out is as polite as harvesting it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pressharvest.errors import FetchError
from pressharvest.fetch import FetchConfig, Fetcher, FetchResult
from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.run import fetch_config
from pressharvest.sites.config import Site

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    url: str
    result: FetchResult | None
    error: FetchError | None = None


def config_from_args(args: argparse.Namespace, sites: tuple[Site, ...]) -> FetchConfig:
    """The fetcher settings of `add_fetch_options` flags, paced by the sites' own delays."""
    options = HarvestOptions(
        sites=sites,
        mirrors=dict(args.mirror),
        allow_loopback=args.allow_loopback,
        allow_private=args.allow_private,
        ca_bundles=tuple(Path(p) for p in args.ca_bundle),
        delay=args.delay,
        concurrency=1,
        user_agent=args.user_agent,
    )
    return fetch_config(options)


Follow = Callable[[list[Fetched]], list[str]]


async def _fetch(fetcher: Fetcher, urls: list[str]) -> list[Fetched]:
    fetched: list[Fetched] = []
    for url in urls:
        try:
            fetched.append(Fetched(url, await fetcher.fetch(url)))
        except FetchError as exc:
            logger.info("%s: %s", url, exc.reason)
            fetched.append(Fetched(url, None, exc))
    return fetched


async def _fetch_all(config: FetchConfig, urls: list[str], follow: Follow | None) -> list[Fetched]:
    async with Fetcher(config) as fetcher:
        first = await _fetch(fetcher, urls)
        # One fetcher for both rounds: the host's pacing and robots.txt carry over to the followed pages.
        return first + (await _fetch(fetcher, follow(first)) if follow is not None else [])


def fetch_pages(config: FetchConfig, urls: list[str], follow: Follow | None = None) -> list[Fetched]:
    """GET each URL in turn, then the URLs `follow` picks from those pages; failures are returned
    with their URL, never raised."""
    return asyncio.run(_fetch_all(config, urls, follow))
