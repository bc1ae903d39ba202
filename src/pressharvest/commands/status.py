"""`pressharvest status`: hosts, queue depth, running slices and failures of a store (and its queue)."""

from __future__ import annotations

import argparse

from pressharvest.commands._common import add_db_option, add_site_selection


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("status", help="show hosts, queue depth, running slices and failures")
    add_db_option(parser)
    add_site_selection(parser, "show")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pressharvest.commands._common import print_json, selected_sites
    from pressharvest.errors import InputError, StoreError
    from pressharvest.harvest.store.factory import is_postgres_url
    from pressharvest.harvest.store.sqlite import SQLiteStore
    from pressharvest.workers.status import render, store_status

    sites = list(selected_sites(args))
    if is_postgres_url(args.db):
        import psycopg

        from pressharvest.harvest.store.postgres import PostgresStore, redact
        from pressharvest.workers.queue import CRAWL_TASK, QUEUE
        from pressharvest.workers.status import queue_status

        with PostgresStore(args.db) as pg:
            status = store_status(pg, sites)
        try:
            status.update(queue_status(args.db, QUEUE, CRAWL_TASK))
        except psycopg.Error as exc:
            raise StoreError(f"cannot read the queue ({exc})", path=redact(args.db)) from exc
    else:
        if not Path(args.db).is_file():
            raise InputError(args.db, "no such database (run `pressharvest harvest` or `worker` first, or pass --db)")
        with SQLiteStore(args.db) as lite:
            status = store_status(lite, sites)
    if args.json:
        print_json(status)
    else:
        print(render(status))
    return 0
