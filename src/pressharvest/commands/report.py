"""`pressharvest report`: a self-contained HTML page describing the dataset (plots + dataset card)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressharvest.commands.harvest import DEFAULT_DB


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="write an HTML report of the dataset (plots and a dataset card)")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL ({DEFAULT_DB})")
    parser.add_argument("--out", type=Path, default=Path("output/report.html"),
                        help="the HTML file to write (output/report.html)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.datasets.report import require_matplotlib, write_report
    from pressharvest.errors import InputError
    from pressharvest.harvest.store.factory import open_store

    require_matplotlib()
    if "://" not in args.db and not Path(args.db).is_file():
        raise InputError(args.db, "no such database (run `pressharvest harvest` first, or pass --db)")
    with open_store(args.db) as store:
        stats = write_report(store, args.out, args.db)
    print(f"report: {stats.records} records from {len(stats.sites)} site(s), "
          f"{stats.group_count} republication group(s) → {args.out}")
    return 0
