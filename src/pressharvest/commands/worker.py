"""`pressharvest worker`: run harvest slices — from the queue (PostgreSQL) or in-process (SQLite)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pressharvest.commands._types import MAX_SPAN, positive_int, seconds
from pressharvest.commands._workers import add_slice_command

if TYPE_CHECKING:
    from pressharvest.workers.config import WorkerConfig


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_slice_command(
        sub,
        "worker",
        help="run harvest slices: many workers on one postgresql:// database, or in-process on SQLite",
        description="With a postgresql:// --db, take slices from the shared queue until stopped (SIGTERM); "
        "start as many as you like, on any machine. With an SQLite file, run the slices of the sites in "
        "this process (the embedded mode).",
    )
    parser.add_argument("--slices", type=positive_int, default=8, metavar="N",
                        help="slices run at once by this worker (8)")
    parser.add_argument("--until-idle", action="store_true",
                        help="embedded mode: stop once no site has work due (default: run until stopped)")
    parser.add_argument("--heartbeat", type=seconds(maximum=MAX_SPAN, positive=True), default=10.0, metavar="S",
                        help="queue mode: seconds between this worker's heartbeats (10)")
    parser.add_argument("--stalled-after", type=seconds(maximum=MAX_SPAN, positive=True), default=30.0, metavar="S",
                        help="queue mode: a worker silent this long is dead; its slices are queued again (30)")
    parser.add_argument("--maintain-every", type=positive_int, default=60, metavar="S",
                        help="queue mode: seconds between reconciler runs (stalled jobs, due sites) (60)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import asyncio

    from pressharvest.commands._workers import worker_config
    from pressharvest.errors import ConfigError
    from pressharvest.harvest.store.factory import is_postgres_url

    config = worker_config(args)
    if is_postgres_url(args.db):
        if args.until_idle:
            raise ConfigError("--until-idle is for the embedded mode; stop a queue worker with SIGTERM",
                              key="--until-idle")
        from pressharvest.workers.queue import run_worker

        asyncio.run(run_worker(args.db, config, concurrency=args.slices, heartbeat=args.heartbeat,
                               stalled_after=args.stalled_after, maintain_every=args.maintain_every))
        return 0
    return _embedded(args, config)


def _embedded(args: argparse.Namespace, config: WorkerConfig) -> int:
    import asyncio
    from collections import Counter

    from pressharvest.harvest.store.sqlite import SQLiteStore
    from pressharvest.workers.embedded import run_embedded

    with SQLiteStore(args.db) as store:
        store.refuse_workers_beside_a_harvest()
        run_id = store.begin_run([])
        results = asyncio.run(run_embedded(config, store, run_id=run_id, until_idle=args.until_idle,
                                           parallel=args.slices))
        outcomes: Counter[str] = Counter()
        for result in results:
            if result.report is not None:
                outcomes.update(result.report.outcomes)
        requests = sum(result.requests for result in results)
        store.finish_run(run_id, dict(outcomes), {"slices": len(results), "requests": requests})
    summary = ", ".join(f"{count} {name}" for name, count in sorted(outcomes.items())) or "nothing to do"
    print(f"worker run {run_id}: {len(results)} slice(s), {requests} request(s): {summary}")
    return 0
