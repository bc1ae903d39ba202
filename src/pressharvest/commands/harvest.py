"""`pressharvest harvest`: the scheduled job — discover, fetch politely, parse, store, export, report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pressharvest.commands._common import add_sites_option
from pressharvest.errors import ConfigError

if TYPE_CHECKING:
    from pressharvest.sites.config import Site

DEFAULT_DB = "output/pressharvest.sqlite3"


def mirror(value: str) -> tuple[str, str]:
    origin, sep, target = value.partition("=")
    if not sep or not origin.startswith(("http://", "https://")) or not target.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"expected ORIGIN=URL (both http/https), got {value!r}")
    return origin.rstrip("/"), target.rstrip("/")


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mirror", action="append", type=mirror, default=[], metavar="ORIGIN=URL",
                        help="send requests for ORIGIN to URL (replays, tests); records keep ORIGIN's URLs")
    parser.add_argument("--allow-loopback", action="store_true", help="permit 127.0.0.0/8 and ::1 (tests, demo)")
    parser.add_argument("--allow-private", action="store_true",
                        help="also permit private, link-local and reserved addresses (off by default)")
    parser.add_argument("--ca-bundle", action="append", type=Path, default=[], metavar="FILE",
                        help="an extra CA certificate file to trust (e.g. the Russian Trusted Root CA)")
    parser.add_argument("--delay", type=float, help="seconds between requests to one host (overrides the sites')")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight over all hosts (16)")
    parser.add_argument("--user-agent", help="the User-Agent header (default names pressharvest and its URL)")


def fetch_options(args: argparse.Namespace) -> dict[str, Any]:
    """The `HarvestOptions` fields set by `add_fetch_options`' flags (harvest and worker share them)."""
    return {
        "mirrors": dict(args.mirror),
        "allow_loopback": args.allow_loopback,
        "allow_private": args.allow_private,
        "ca_bundles": tuple(args.ca_bundle),
        "delay": args.delay,
        "concurrency": args.concurrency,
        "user_agent": args.user_agent,
    }


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("harvest", help="harvest new and changed press releases of the configured sites")
    parser.add_argument("--site", action="append", default=[], metavar="ID",
                        help="harvest this site (repeatable; default: every enabled site)")
    add_sites_option(parser)
    parser.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL ({DEFAULT_DB})")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output folder (output/)")
    parser.add_argument("--backfill", type=int, default=0, metavar="N",
                        help="walk at least N list pages per site even when their articles are known")
    parser.add_argument("--max-list-pages", type=int, default=50, metavar="N",
                        help="never walk more than N list pages of one site in a run (50)")
    parser.add_argument("--since", type=date.fromisoformat, metavar="DATE",
                        help="walk list pages until their articles are older than DATE (YYYY-MM-DD)")
    parser.add_argument("--no-export", action="store_true", help="do not write <out>/records.jsonl")
    parser.add_argument("--quiet", action="store_true", help="no progress lines; only the summary")
    add_fetch_options(parser)
    parser.set_defaults(handler=run)


def selected_sites(args: argparse.Namespace) -> tuple[Site, ...]:
    from pressharvest.sites.config import load_sites

    sites = load_sites(args.sites)
    if args.site:
        unknown = [site for site in args.site if site not in sites]
        if unknown:
            raise ConfigError(f"unknown site {unknown[0]!r} (see `pressharvest sites`)", key="site")
        return tuple(sites[site] for site in dict.fromkeys(args.site))  # a repeated --site runs once
    enabled = tuple(site for site in sites.values() if site.enabled)
    if not enabled:
        raise ConfigError("no enabled sites; name some with --site", key="site")
    return enabled


def run(args: argparse.Namespace) -> int:
    from pressharvest.cli import EXIT_DRIFT, EXIT_OK, EXIT_PAGES_FAILED
    from pressharvest.harvest.options import HarvestOptions
    from pressharvest.harvest.run import harvest

    if args.backfill < 0 or args.max_list_pages < 1 or args.concurrency < 1:
        raise ConfigError("must be positive", key="--backfill/--max-list-pages/--concurrency")
    options = HarvestOptions(
        sites=selected_sites(args),
        db=args.db,
        out=args.out,
        backfill=args.backfill,
        max_list_pages=args.max_list_pages,
        since=args.since,
        **fetch_options(args),
        export=not args.no_export,
        progress=not args.quiet,
    )
    report = harvest(options)
    print(report.summary())
    if report.drift_sites:
        print(f"pressharvest: drift alarm: {', '.join(report.drift_sites)}", file=sys.stderr)
        return EXIT_DRIFT
    if report.failed_pages:
        return EXIT_PAGES_FAILED
    return EXIT_OK
