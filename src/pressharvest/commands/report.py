"""`pressharvest report`: a self-contained HTML page describing the dataset (plots + dataset card)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressharvest.commands._common import add_db_option, require_database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="write an HTML report of the dataset (plots and a dataset card)")
    add_db_option(parser)
    parser.add_argument("--out", type=Path, default=Path("output/report.html"),
                        help="the HTML file to write (output/report.html)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.datasets.report import require_matplotlib, write_report
    from pressharvest.harvest.store.factory import open_store

    require_matplotlib()
    require_database(args.db)
    with open_store(args.db) as store:
        stats = write_report(store, args.out, args.db)
    print(f"report: {stats.records} records from {len(stats.sites)} site(s), "
          f"{stats.group_count} republication group(s) → {args.out}")
    return 0
