"""`pressharvest schedule`: queue a slice for every site with due work (the reconciler, run by hand or cron)."""

from __future__ import annotations

import argparse

from pressharvest.commands._workers import add_slice_command


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_slice_command(
        sub,
        "schedule",
        help="queue the due sites for the workers (postgresql:// database)",
        description="Defer one slice per site at the time its work is due (now for new sites, pending URLs "
        "or a walk under way; the next rediscovery otherwise). Sites already queued are left alone. "
        "Running workers do the same periodically; this command starts a fresh database or a new site at once.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import asyncio

    from pressharvest.commands._workers import worker_config
    from pressharvest.errors import ConfigError
    from pressharvest.harvest.store.factory import is_postgres_url

    if not is_postgres_url(args.db):
        raise ConfigError("schedule needs a postgresql:// --db; the embedded `worker` schedules itself", key="--db")
    config = worker_config(args)

    async def go() -> int:
        from pressharvest.harvest.store.postgres import PostgresStore
        from pressharvest.workers.queue import build_app, ensure_schema, schedule_sites

        with PostgresStore(args.db) as store:
            app = build_app(args.db, pool_size=2)
            await ensure_schema(args.db, app)
            async with app.open_async():
                return await schedule_sites(app, store, config)

    queued = asyncio.run(go())
    print(f"scheduled {queued} site(s) of {len(config.scheduled())}")
    return 0
