"""`pressharvest reparse`: rebuild records from raw pages (the store's, or a WARC's) with the current parsers."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressharvest.commands._common import add_db_option, add_sites_option, print_json, require_database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "reparse", help="re-parse stored (or archived) raw pages with the current parsers and report what changed"
    )
    add_db_option(parser, "; created when --from-warc fills it")
    parser.add_argument("--site", help="only this site's pages")
    add_sites_option(parser)
    parser.add_argument("--from-warc", type=Path, metavar="FILE",
                        help="read the raw pages from this WARC (also stored in --db) instead of the store")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.datasets.archive import read_warc, require_warcio, store_pages
    from pressharvest.datasets.reparse import reparse_pages
    from pressharvest.errors import InputError
    from pressharvest.harvest.store.factory import open_store
    from pressharvest.parse import Registry

    registry = Registry.load(args.sites)
    if args.site is not None:
        registry.resolve(args.site, None)  # an unknown site is a ConfigError, not an empty run
    if args.from_warc is None:
        require_database(args.db)
    if args.from_warc is not None:
        require_warcio()
        if not args.from_warc.is_file():
            raise InputError(str(args.from_warc), "no such file")
        if args.dry_run and "://" not in args.db and not Path(args.db).is_file():
            raise InputError(args.db, "no such database to compare with (--dry-run writes nothing)")
    with open_store(args.db) as store:
        pages = read_warc(args.from_warc, args.site) if args.from_warc is not None else store_pages(store, args.site)
        report = reparse_pages(store, pages, registry, dry_run=args.dry_run, import_raw=args.from_warc is not None)
    if args.json:
        print_json(report.as_dict())
    else:
        print(report.summary())
    return 0
