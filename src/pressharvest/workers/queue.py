"""The distributed mode: slices as procrastinate jobs in the PostgreSQL database that holds the store.

    crawl_site(site)    one slice (`harvest.slice.crawl_slice`), deferred with lock = queueing_lock = the
                        site's host: PostgreSQL lets one job per host run and one wait. A slice with work
                        left defers the next one at the host's next allowed start.
    maintain()          periodic (every `maintain_every` seconds, procrastinate's periodic deferrer):
                        puts stalled jobs back in the queue (their worker stopped sending heartbeats,
                        e.g. it was killed) and orphaned ones (`retry_orphans`), then defers a slice
                        for every site with due work — the reconciler, which also covers a worker
                        that died between two slices.

`schedule_sites` is what `pressharvest schedule` and `maintain` run; `run_worker` is
`pressharvest worker --db postgresql://…`: it restarts procrastinate's worker after a database restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import procrastinate
import psycopg
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException
from procrastinate.jobs import Status

from pressharvest.errors import StoreError
from pressharvest.harvest.slice import crawl_slice
from pressharvest.harvest.store.postgres import PostgresStore
from pressharvest.parse import Registry
from pressharvest.sites.config import Site
from pressharvest.workers.config import WorkerConfig, due_at

logger = logging.getLogger(__name__)

QUEUE = "pressharvest"
CRAWL_TASK = "pressharvest.crawl_site"
MAINTAIN_TASK = "pressharvest.maintain"
_SCHEMA_LOCK = 0x70726F63  # "proc": one process applies procrastinate's schema
_WAIT_IN_SLICE = 10.0  # seconds: a continuation due sooner is queued at once


@dataclass
class _Worker:
    """This process's worker state, set by `run_worker` (the tasks run in the same process)."""

    config: WorkerConfig
    store: PostgresStore
    registry: Registry
    run_id: int
    stalled_after: float


# The worker of this process (at most one), set by `run_worker`.
_CURRENT: dict[str, _Worker] = {}


def _cron(seconds: int) -> str:
    """A procrastinate cron (6th column: seconds) firing every `seconds` (rounded to what cron can say)."""
    if seconds < 60:
        step = next(s for s in (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30) if s >= seconds)
        return f"* * * * * */{step}"
    minutes = max(1, round(seconds / 60))
    return f"*/{minutes} * * * *" if minutes < 60 else "0 * * * *"


def build_app(url: str, *, maintain_every: int = 60, pool_size: int = 10) -> procrastinate.App:
    connector = procrastinate.PsycopgConnector(conninfo=url, min_size=1, max_size=pool_size)
    app = procrastinate.App(connector=connector)

    @app.task(name=CRAWL_TASK, queue=QUEUE)
    async def crawl_site(site: str) -> str:
        worker = _current()
        entry = worker.config.sites.get(site)
        if entry is None:  # the site was removed from the worker's registry: nothing to do
            logger.warning("no site %r in this worker's registry; job dropped", site)
            return "unknown"
        result = await crawl_slice(entry, worker.store, worker.config.options, worker.config.limits,
                                   run_id=worker.run_id, owner=worker.config.owner, registry=worker.registry)
        if result.status != "done":
            # A short wait is better spent inside the next slice (it waits for the host itself) than
            # in the queue: a job due later is only seen at a worker's next poll, seconds away.
            limits = worker.config.limits
            within = min(_WAIT_IN_SLICE, limits.max_seconds, limits.lease_ttl / 2)  # what a slice waits out
            soon = result.status == "more" and result.next_at - datetime.now(UTC) <= timedelta(seconds=within)
            await defer_slice(app, entry, None if soon else result.next_at)
        return result.status

    @app.periodic(cron=_cron(maintain_every), periodic_id="maintain")
    @app.task(name=MAINTAIN_TASK, queue=QUEUE, queueing_lock="maintain")
    async def maintain(timestamp: int) -> int:
        worker = _current()
        await retry_stalled(app, worker.stalled_after)
        await retry_orphans(app, url, worker.config.limits.lease_ttl)
        return await schedule_sites(app, worker.store, worker.config)

    return app


def _current() -> _Worker:
    worker = _CURRENT.get("worker")
    if worker is None:
        raise RuntimeError("pressharvest tasks run inside `pressharvest worker`")
    return worker


async def ensure_schema(url: str, app: procrastinate.App) -> None:
    """Apply procrastinate's schema once (under an advisory lock), leaving an existing one alone."""
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        row = await (await conn.execute("SELECT to_regclass('public.procrastinate_jobs')")).fetchone()
        if row is not None and row[0] is not None:
            return
        await conn.execute(app.schema_manager.get_schema())


async def defer_slice(app: procrastinate.App, site: Site, at: datetime | None) -> bool:
    """Queue a slice of `site` to start at `at` (None: now); False when one already waits for its host."""
    task = app.configure_task(CRAWL_TASK, queue=QUEUE, lock=site.host, queueing_lock=site.host, schedule_at=at)
    try:
        await task.defer_async(site=site.id)
    except AlreadyEnqueued:
        return False
    return True


async def schedule_sites(app: procrastinate.App, store: PostgresStore, config: WorkerConfig) -> int:
    """Defer a slice for every scheduled site at its due time; returns how many were queued."""
    queued = 0
    for site in config.scheduled():
        if await defer_slice(app, site, due_at(store, site, config.limits)):
            queued += 1
    return queued


async def retry_stalled(app: procrastinate.App, seconds: float) -> int:
    """Put back in the queue the jobs whose worker stopped sending heartbeats (procrastinate's recipe)."""
    retried = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds):
        assert job.id is not None
        await _requeue(app, job.id)
        retried += 1
        logger.warning("job %s (%s) was stalled: put back in the queue", job.id, job.task_kwargs)
    return retried


async def _requeue(app: procrastinate.App, job_id: int) -> None:
    try:
        await app.job_manager.retry_job_by_id_async(job_id, retry_at=datetime.now(UTC))
    except ConnectorException:  # another job already waits for this host: this one is not needed
        await app.job_manager.finish_job_by_id_async(job_id, status=Status.FAILED, delete_job=False)


async def retry_orphans(app: procrastinate.App, url: str, lease_ttl: float) -> int:
    """Put back in the queue the slices marked running whose host nobody holds any more.

    A worker that lost the database while finishing a job cannot record its end: the job stays
    `doing` under a live worker, holding its host's queue lock for ever. A running slice always holds
    its host's lease (renewed before every request), so `doing` for longer than a lease with no
    lease on the host means the job is over. Running it again is safe: the lease, not the queue,
    keeps two slices off one host.
    """
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        rows = await (await conn.execute(
            "SELECT j.id, j.lock FROM procrastinate_jobs j WHERE j.status = 'doing' AND j.task_name = %s "
            "AND NOT EXISTS (SELECT 1 FROM pressharvest.hosts h WHERE h.host = j.lock AND h.lease_until > now()) "
            "AND (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'started') "
            "< now() - make_interval(secs => %s)",
            (CRAWL_TASK, lease_ttl),
        )).fetchall()
    for job_id, host in rows:
        logger.warning("job %s (%s) outlived its host lease: put back in the queue", job_id, host)
        await _requeue(app, int(job_id))
    return len(rows)


async def run_worker(
    url: str,
    config: WorkerConfig,
    *,
    concurrency: int = 8,
    heartbeat: float = 10.0,
    stalled_after: float = 30.0,
    maintain_every: int = 60,
    reconnect_max: float = 30.0,
) -> None:
    """Run slices from the queue until SIGINT/SIGTERM; survive database restarts by reconnecting."""
    store = PostgresStore(url)  # a StoreError here means: could not start
    store.refuse_workers_beside_a_harvest()
    run_id = store.begin_run([])
    _CURRENT["worker"] = _Worker(config, store, Registry(dict(config.sites)), run_id, stalled_after)
    app = build_app(url, maintain_every=maintain_every, pool_size=concurrency + 4)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    backoff = 1.0
    try:
        while not stop.is_set():
            try:
                await ensure_schema(url, app)
                async with app.open_async():
                    await _work_until_stopped(app, config, stop, concurrency=concurrency, heartbeat=heartbeat,
                                              stalled_after=stalled_after)
                    backoff = 1.0
            except (psycopg.Error, ConnectorException, StoreError, OSError) as exc:
                logger.warning("worker lost the database (%s); reconnecting in %.0f s", exc, backoff)
            if not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=backoff)
                backoff = min(reconnect_max, backoff * 2)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        try:
            store.finish_run(run_id, {}, {"worker": config.owner, "finished": datetime.now(UTC).isoformat()})
        except StoreError as exc:
            logger.warning("could not record the end of the worker's run: %s", exc)
        store.close()
        _CURRENT.pop("worker", None)


async def _work_until_stopped(
    app: procrastinate.App,
    config: WorkerConfig,
    stop: asyncio.Event,
    *,
    concurrency: int,
    heartbeat: float,
    stalled_after: float,
) -> None:
    worker = asyncio.create_task(
        app.run_worker_async(
            queues=[QUEUE],
            name=config.owner,
            concurrency=concurrency,
            install_signal_handlers=False,
            update_heartbeat_interval=heartbeat,
            stalled_worker_timeout=stalled_after,
            fetch_job_polling_interval=min(5.0, heartbeat),
            shutdown_graceful_timeout=config.limits.max_seconds + 30,
        )
    )
    stopping = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if stopping in done:
        worker.cancel()  # procrastinate stops gracefully: running slices finish (bounded by the timeout)
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        return
    stopping.cancel()
    worker.result()  # procrastinate stops itself when a side task (its listener) lost the database
    raise StoreError("the worker stopped (database connection lost)")
