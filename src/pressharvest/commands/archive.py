"""`pressharvest archive`: the stored raw responses as a WARC file (gzip, WARC/1.1)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressharvest.commands._common import add_db_option, add_sites_option, known_site, require_database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("archive", help="write the stored raw responses to a WARC file")
    parser.add_argument("--format", choices=("warc",), default="warc", help="archive format (warc: gzip WARC/1.1)")
    parser.add_argument("--out", type=Path, required=True, help="the file to write (e.g. output/pages.warc.gz)")
    add_db_option(parser)
    parser.add_argument("--site", help="only this site's pages")
    add_sites_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.datasets.archive import require_warcio, write_warc
    from pressharvest.harvest.store.factory import open_store

    known_site(args.site, args.sites)
    require_warcio()
    require_database(args.db)
    with open_store(args.db) as store:
        count = write_warc(store, args.out, args.site)
    print(f"archived {count} raw pages to {args.out}")
    return 0
