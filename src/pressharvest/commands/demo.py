"""`pressharvest demo`: the saved reference pages served on 127.0.0.1 as four real sites, harvested
twice through `--mirror` (the production code path): a first full run, then an incremental one; it
ends by writing the dataset report (`<out>/report.html`)."""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import replace
from pathlib import Path

from pressharvest.commands._types import MAX_DELAY, seconds

DEMO_FOLDERS = ("admobninsk", "admoblkaluga", "gossite", "gosweb")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("demo", help="harvest the saved reference pages, served on loopback, twice")
    parser.add_argument("--fixtures", type=Path, default=Path("fixtures"), help="the fixtures folder (fixtures/)")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output folder (output/)")
    parser.add_argument("--delay", type=seconds(maximum=MAX_DELAY), default=0.05, metavar="S",
                        help="seconds between requests to one host (0.05; production default is 1.0)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.demo.server import serve_folders
    from pressharvest.errors import InputError
    from pressharvest.harvest.options import HarvestOptions
    from pressharvest.harvest.run import harvest
    from pressharvest.sites.config import load_sites

    folders = [args.fixtures / name for name in DEMO_FOLDERS]
    for folder in folders:
        if not (folder / "index.json").is_file():
            raise InputError(str(folder / "index.json"), "not found (run the demo from the project folder)")
    demo_dir = args.out / "demo"
    shutil.rmtree(demo_dir, ignore_errors=True)  # the demo starts from a fresh database every time
    demo_dir.mkdir(parents=True)
    sites = load_sites()
    with serve_folders(folders) as served:
        # The saved list pages of a site may start deep in its feed (admobninsk's are its last
        # pages): the walk starts at the first saved list page.
        demo_sites = tuple(
            replace(sites[running.site.site], list_url=running.site.first_list_url or sites[running.site.site].list_url)
            for running in served
        )
        options = HarvestOptions(
            sites=demo_sites,
            db=str(demo_dir / "pressharvest.sqlite3"),
            out=args.out,
            mirrors={running.site.origin: running.url for running in served},
            allow_loopback=True,
            delay=args.delay,
            progress=True,
        )
        print("== first run: every list page and article is new", flush=True)
        first = harvest(options)
        print(first.summary(), flush=True)
        before = {running.site.site: len(running.requests) for running in served}
        print("\n== second run: incremental — list pages only, no article requests", flush=True)
        second = harvest(options)
        print(second.summary(), flush=True)
        for running in served:
            asked = running.requests[before[running.site.site]:]
            print(f"  {running.site.site}: {len(asked)} request(s) in the second run: {', '.join(asked)}")
    print(f"\nrecords: {first.exported} ({first.exported_records}); reports: {args.out / 'reports'}", file=sys.stderr)
    from pressharvest.datasets.report import write_report
    from pressharvest.harvest.store.factory import open_store

    with open_store(options.db) as store:
        stats = write_report(store, args.out / "report.html", options.db)
    print(f"dataset report: {args.out / 'report.html'} ({stats.records} records, {len(stats.sites)} sites)",
          file=sys.stderr)
    return 0
