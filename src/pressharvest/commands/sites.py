"""`pressharvest sites [list]`: the registered sites (built-in plus the user's TOML)."""

from __future__ import annotations

import argparse

from pressharvest.commands._common import add_sites_option, print_json
from pressharvest.commands._sites_check import add_check
from pressharvest.commands._sites_detect import add_detect


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("sites", help="list registered sites (subcommands: list, check, detect)")
    add_sites_option(parser)
    parser.add_argument("--json", action="store_true", help="print the sites as JSON")
    actions = parser.add_subparsers(dest="sites_action", metavar="ACTION")
    listing = actions.add_parser("list", help="list registered sites (the default)")
    add_sites_option(listing)
    listing.add_argument("--json", action="store_true", help="print the sites as JSON")
    parser.set_defaults(handler=run_list)
    listing.set_defaults(handler=run_list)
    add_check(actions)
    add_detect(actions)


def run_list(args: argparse.Namespace) -> int:
    from pressharvest.parse import Registry

    registry = Registry.load(args.sites)
    sites = sorted(registry.sites.values(), key=lambda s: s.id)
    if args.json:
        print_json([vars(site) for site in sites])
        return 0
    width = max((len(site.id) for site in sites), default=4)
    print(f"{'site':{width}}  {'family':13} {'enabled':7}  {'timezone':15} list URL")
    for site in sites:
        enabled = "yes" if site.enabled else "no"
        print(f"{site.id:{width}}  {site.family:13} {enabled:7}  {site.timezone:15} {site.list_url or '-'}")
    return 0
