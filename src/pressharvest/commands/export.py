"""`pressharvest export`: records from the store to a file (JSONL, Parquet or CSV), written atomically."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressharvest.commands._common import (
    add_date_range,
    add_db_option,
    add_sites_option,
    check_date_range,
    known_site,
    require_database,
)
from pressharvest.commands._types import positive_int
from pressharvest.errors import ConfigError
from pressharvest.export import FORMATS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("export", help="write the stored records to a file (JSONL, Parquet or CSV)")
    add_db_option(parser)
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="jsonl (default), parquet (typed, nested) or csv (FILE plus <stem>.quotes.csv)")
    parser.add_argument("--out", type=Path, required=True, help="the file to write")
    parser.add_argument("--site", help="only this site's records")
    add_sites_option(parser)
    add_date_range(parser)
    parser.add_argument("--run", type=positive_int, metavar="RUN_ID", help="only records new or changed in that run")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.export import export_records
    from pressharvest.harvest.store.factory import open_store

    check_date_range(args)
    known_site(args.site, args.sites)
    require_database(args.db)
    if args.format == "parquet":
        from pressharvest.export.parquet import require_pyarrow

        require_pyarrow()
    with open_store(args.db) as store:
        if args.run is not None and all(run.run_id != args.run for run in store.runs()):
            raise ConfigError(f"no run {args.run} in {args.db} (see `pressharvest status`)", key="--run")
        count = export_records(store, args.format, args.out, site=args.site, since=args.since,
                               until=args.until, run_id=args.run)
    extra = ""
    if args.format == "csv":
        from pressharvest.export.csv import quotes_path

        extra = f" (quotes in {quotes_path(args.out)})"
    print(f"exported {count} records to {args.out}{extra}")
    return 0
