"""`pressharvest sites detect URL|FILE`: name a page's family and print a ready TOML site entry."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressharvest.commands._common import add_sites_option, print_json, read_file
from pressharvest.commands._types import MAX_DELAY, http_url, seconds, site_id, url_or_file, user_agent
from pressharvest.commands.harvest import mirror


def add_detect(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        "detect",
        help="name the family of a page (URL or saved file) and propose a site entry",
        description="Score each family's fingerprints on a page, name the best (or `generic`), propose the "
        "news list URL and time zone, and print a TOML [sites.<id>] entry.",
    )
    parser.add_argument("target", type=url_or_file, metavar="URL|FILE",
                        help="a page address (fetched politely) or a saved page")
    parser.add_argument("--url", type=http_url, help="the address of a saved page (default: its canonical link)")
    parser.add_argument("--id", dest="site_id", type=site_id, metavar="ID", help="the site id to use in the entry")
    parser.add_argument("--json", action="store_true", help="print the detection as JSON")
    parser.add_argument("--no-follow", action="store_true",
                        help="do not fetch the proposed news list page (URL targets only)")
    add_sites_option(parser)
    parser.add_argument("--mirror", action="append", type=mirror, default=[], metavar="ORIGIN=URL",
                        help="send requests for ORIGIN to URL (replays, tests)")
    parser.add_argument("--allow-loopback", action="store_true", help="permit 127.0.0.0/8 and ::1 (tests, demo)")
    parser.add_argument("--ca-bundle", action="append", type=Path, default=[], metavar="FILE",
                        help="an extra CA certificate file to trust (e.g. the Russian Trusted Root CA)")
    parser.add_argument("--user-agent", type=user_agent, help="the User-Agent header")
    parser.add_argument("--delay", type=seconds(maximum=MAX_DELAY), default=1.0, metavar="S",
                        help="seconds between requests to the host, 0 to 3600 (1.0)")
    parser.set_defaults(handler=run_detect)


def run_detect(args: argparse.Namespace) -> int:
    import asyncio
    import dataclasses

    from pressharvest.fetch import FetchConfig
    from pressharvest.sites.config import load_sites
    from pressharvest.sites.detect import detect, detect_remote

    sites = load_sites(args.sites)
    if args.target.lower().startswith(("http://", "https://")):
        config = FetchConfig(
            allow_loopback=args.allow_loopback,
            delay=args.delay,
            ca_bundles=tuple(args.ca_bundle),
            mirrors=dict(args.mirror),
        )
        if args.user_agent:
            config = dataclasses.replace(config, user_agent=args.user_agent)
        result = asyncio.run(
            detect_remote(args.target, config, sites=sites, site_id=args.site_id, follow_list=not args.no_follow)
        )
    else:
        result = detect(read_file(args.target), url=args.url, sites=sites, site_id=args.site_id)
    if args.json:
        print_json(result.as_dict())
    else:
        print(result.report())
    return 0
