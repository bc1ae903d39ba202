"""What `worker` and `schedule` share: the database, the sites, the slice limits."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pressharvest.commands._common import add_db_option, add_site_selection
from pressharvest.commands._types import MAX_SPAN, positive_int, seconds
from pressharvest.commands.harvest import add_fetch_options, add_walk_options, harvest_options

if TYPE_CHECKING:
    from pressharvest.workers.config import WorkerConfig


def add_slice_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, *, help: str, description: str
) -> argparse.ArgumentParser:
    """A command that runs (or queues) slices: `--db`, the sites, the slice limits, the fetch options."""
    parser = sub.add_parser(name, help=help, description=description)
    add_db_option(parser)
    add_site_selection(parser, "crawl")
    add_walk_options(parser, limit_per="in one walk")
    parser.add_argument("--slice-pages", type=positive_int, default=50, metavar="N",
                        help="requests one slice of a site may send before it yields the host (50)")
    parser.add_argument("--slice-seconds", type=seconds(maximum=MAX_SPAN, positive=True), default=60.0, metavar="S",
                        help="seconds one slice may run before it yields the host (60)")
    parser.add_argument("--lease-ttl", type=seconds(maximum=MAX_SPAN, positive=True), default=180.0, metavar="S",
                        help="seconds a worker's claim on a host outlives its last request (180)")
    parser.add_argument("--rediscover-after", type=seconds(maximum=MAX_SPAN), default=86_400.0, metavar="S",
                        help="walk a site's list pages again this long after the last walk (86400)")
    add_fetch_options(parser)
    return parser


def worker_config(args: argparse.Namespace) -> WorkerConfig:
    from pressharvest.harvest.slice import SliceLimits
    from pressharvest.sites.config import load_sites
    from pressharvest.workers.config import WorkerConfig

    options = harvest_options(args, export=False, progress=False)
    limits = SliceLimits(max_pages=args.slice_pages, max_seconds=args.slice_seconds, lease_ttl=args.lease_ttl,
                         rediscover_after=args.rediscover_after)
    return WorkerConfig(sites=load_sites(args.sites), options=options, limits=limits)
