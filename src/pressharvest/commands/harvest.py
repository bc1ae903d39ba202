"""`pressharvest harvest`: the scheduled job — discover, fetch politely, parse, store, export, report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pressharvest.commands._common import add_db_option, add_site_selection, selected_sites
from pressharvest.commands._types import MAX_DELAY, http_url, non_negative_int, positive_int, seconds, user_agent

if TYPE_CHECKING:
    from pressharvest.harvest.options import HarvestOptions


def mirror(value: str) -> tuple[str, str]:
    origin, sep, target = value.partition("=")
    if not sep or not origin.startswith(("http://", "https://")) or not target.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"expected ORIGIN=URL (both http/https), got {value!r}")
    return http_url(origin).rstrip("/"), http_url(target).rstrip("/")


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mirror", action="append", type=mirror, default=[], metavar="ORIGIN=URL",
                        help="send requests for ORIGIN to URL (replays, tests); records keep ORIGIN's URLs")
    parser.add_argument("--allow-loopback", action="store_true", help="permit 127.0.0.0/8 and ::1 (tests, demo)")
    parser.add_argument("--allow-private", action="store_true",
                        help="also permit private, link-local and reserved addresses (off by default)")
    parser.add_argument("--ca-bundle", action="append", type=Path, default=[], metavar="FILE",
                        help="an extra CA certificate file to trust (e.g. the Russian Trusted Root CA)")
    parser.add_argument("--delay", type=seconds(maximum=MAX_DELAY), metavar="S",
                        help="seconds between requests to one host, 0 to 3600 (overrides the sites')")
    parser.add_argument("--concurrency", type=positive_int, default=16, metavar="N",
                        help="requests in flight over all hosts (16)")
    parser.add_argument("--user-agent", type=user_agent,
                        help="the User-Agent header (default names pressharvest and its URL)")


def add_walk_options(parser: argparse.ArgumentParser, *, limit_per: str) -> None:
    """How deep discovery walks a site's list pages (read back by `harvest_options`)."""
    parser.add_argument("--backfill", type=non_negative_int, default=0, metavar="N",
                        help="walk at least N list pages per site even when their articles are known")
    parser.add_argument("--max-list-pages", type=positive_int, default=50, metavar="N",
                        help=f"never walk more than N list pages of one site {limit_per} (50)")


def harvest_options(args: argparse.Namespace, **fields: Any) -> HarvestOptions:
    """The `HarvestOptions` of the flags `harvest` and the slice commands share (the sites, `--db`, the
    walk and fetch options), plus `fields`."""
    from pressharvest.harvest.options import HarvestOptions

    return HarvestOptions(
        sites=selected_sites(args),
        db=args.db,
        backfill=args.backfill,
        max_list_pages=args.max_list_pages,
        mirrors=dict(args.mirror),
        allow_loopback=args.allow_loopback,
        allow_private=args.allow_private,
        ca_bundles=tuple(args.ca_bundle),
        delay=args.delay,
        concurrency=args.concurrency,
        user_agent=args.user_agent,
        **fields,
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("harvest", help="harvest new and changed press releases of the configured sites")
    add_site_selection(parser, "harvest")
    add_db_option(parser)
    parser.add_argument("--out", type=Path, default=Path("output"), help="output folder (output/)")
    add_walk_options(parser, limit_per="in a run")
    parser.add_argument("--since", type=date.fromisoformat, metavar="DATE",
                        help="walk list pages until their articles are older than DATE (YYYY-MM-DD)")
    parser.add_argument("--no-export", action="store_true", help="do not write <out>/records.jsonl")
    parser.add_argument("--quiet", action="store_true", help="no progress lines; only the summary")
    add_fetch_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.cli import EXIT_DRIFT, EXIT_OK, EXIT_PAGES_FAILED
    from pressharvest.harvest.run import harvest

    options = harvest_options(args, out=args.out, since=args.since, export=not args.no_export,
                              progress=not args.quiet)
    report = harvest(options)
    print(report.summary())
    if report.drift_sites:
        print(f"pressharvest: drift alarm: {', '.join(report.drift_sites)}", file=sys.stderr)
        return EXIT_DRIFT
    if report.failed_pages:
        return EXIT_PAGES_FAILED
    return EXIT_OK
