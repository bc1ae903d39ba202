"""Options shared by `worker`, `schedule` and `status`: the database, the sites, the slice limits."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pressharvest.commands._common import add_sites_option
from pressharvest.commands.harvest import DEFAULT_DB, add_fetch_options, fetch_options, selected_sites
from pressharvest.errors import ConfigError

if TYPE_CHECKING:
    from pressharvest.workers.config import WorkerConfig


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL ({DEFAULT_DB})")


def add_slice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", action="append", default=[], metavar="ID",
                        help="crawl this site (repeatable; default: every enabled site)")
    add_sites_option(parser)
    parser.add_argument("--backfill", type=int, default=0, metavar="N",
                        help="walk at least N list pages per site even when their articles are known")
    parser.add_argument("--max-list-pages", type=int, default=50, metavar="N",
                        help="never walk more than N list pages of one site in one walk (50)")
    parser.add_argument("--slice-pages", type=int, default=50, metavar="N",
                        help="requests one slice of a site may send before it yields the host (50)")
    parser.add_argument("--slice-seconds", type=float, default=60.0, metavar="S",
                        help="seconds one slice may run before it yields the host (60)")
    parser.add_argument("--lease-ttl", type=float, default=180.0, metavar="S",
                        help="seconds a worker's claim on a host outlives its last request (180)")
    parser.add_argument("--rediscover-after", type=float, default=86_400.0, metavar="S",
                        help="walk a site's list pages again this long after the last walk (86400)")
    add_fetch_options(parser)


def worker_config(args: argparse.Namespace) -> WorkerConfig:
    from pressharvest.harvest.options import HarvestOptions
    from pressharvest.harvest.slice import SliceLimits
    from pressharvest.sites.config import load_sites
    from pressharvest.workers.config import WorkerConfig

    if min(args.slice_pages, args.max_list_pages) < 1 or args.backfill < 0 or args.concurrency < 1:
        raise ConfigError("must be positive", key="--slice-pages/--max-list-pages/--backfill/--concurrency")
    if args.slice_seconds <= 0 or args.lease_ttl <= 0 or args.rediscover_after < 0:
        raise ConfigError("must be positive", key="--slice-seconds/--lease-ttl/--rediscover-after")
    options = HarvestOptions(
        sites=selected_sites(args),
        db=args.db,
        backfill=args.backfill,
        max_list_pages=args.max_list_pages,
        **fetch_options(args),
        export=False,
        progress=False,
    )
    limits = SliceLimits(max_pages=args.slice_pages, max_seconds=args.slice_seconds, lease_ttl=args.lease_ttl,
                         rediscover_after=args.rediscover_after)
    return WorkerConfig(sites=load_sites(args.sites), options=options, limits=limits)
