"""`pressharvest capture URL… --site SITE [--out DIR]`: save pages politely as fixtures.

Each page is fetched through the harvest's fetcher (robots.txt, the site's delay, `--mirror`), its
raw bytes saved as served, its response headers and charset kept in the folder's `index.json`, its
kind guessed (list or article, by trying the family parser), and a draft expected record written
beside it. An existing file is never overwritten without `--force`; reference folders are refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressharvest.commands._common import add_sites_option
from pressharvest.commands._types import http_url
from pressharvest.commands.harvest import add_fetch_options

KINDS = ("article", "list", "rss")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("capture", help="save pages of a site as fixtures (raw bytes, headers, draft records)")
    parser.add_argument("urls", nargs="+", type=http_url, metavar="URL", help="pages to save")
    parser.add_argument("--site", required=True, help="the site the pages belong to")
    add_sites_option(parser)
    parser.add_argument("--out", type=Path, metavar="DIR", help="fixtures folder (default: fixtures/<site>)")
    parser.add_argument("--kind", choices=KINDS, help="the pages' kind (default: guessed per page)")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    add_fetch_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.devtools.fetching import config_from_args, fetch_pages
    from pressharvest.devtools.fixtures import FixtureIndex, refuse_reference
    from pressharvest.devtools.pages import received, save_pages
    from pressharvest.parse import Registry

    registry = Registry.load(args.sites)
    site = registry.resolve(args.site, None)
    folder: Path = args.out or Path("fixtures") / site.id
    refuse_reference(folder)
    pages, failed = received(fetch_pages(config_from_args(args, (site,)), list(args.urls)))
    for page in failed:
        print(f"pressharvest: {page.error}", file=sys.stderr)
    saved = save_pages(pages, FixtureIndex.for_site(folder, site), site=site, registry=registry, force=args.force,
                       kind=args.kind)
    for item in saved:
        state = "saved" if item.written else "exists, kept (use --force)"
        print(f"{item.kind:13} {folder / item.file}  {state}  {item.url}")
    if any(item.written for item in saved):
        print(f"expected records drafted (\"draft\": true in {folder / 'index.json'}): check them before use")
    return 0 if len(saved) == len(args.urls) and all(item.written for item in saved) else 1
