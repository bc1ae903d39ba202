"""What `pressharvest status` shows: hosts, queue depth, running slices, failures, store totals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import psycopg

from pressharvest.harvest.store.coordination import SliceStore
from pressharvest.sites.config import Site


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def store_status(store: SliceStore, sites: list[Site]) -> dict[str, Any]:
    """The part every store can tell: URL and record totals, and each site's host and walk."""
    rows = []
    for site in sites:
        state = store.site_state(site.id)
        host = store.host_state(site.host)
        lease = store.host_lease(site.host)
        rows.append({
            "site": site.id,
            "host": site.host,
            "slices": state.slices if state else 0,
            "last_slice_at": _when(state.last_slice_at) if state else None,
            "walk": "under way" if state and state.walk_url else ("done" if state and state.discovered_at else "due"),
            "last_error": state.last_error if state else None,
            "next_allowed_at": _when(host.next_allowed_at) if host else None,
            "leased_by": lease.owner if lease else None,
            "pending": len(store.pending_urls(site.id, 1000)),
        })
    return {"urls": store.url_counts(), "records": store.record_count(), "sites": rows}


def queue_status(url: str, queue: str, crawl_task: str) -> dict[str, Any]:
    """procrastinate's side: jobs by status, running slices with their worker's heartbeat, failures."""
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT to_regclass('public.procrastinate_jobs')").fetchone()
        if exists is None or exists[0] is None:
            return {"queue": "not created yet (start a worker or run `pressharvest schedule`)"}
        depth: dict[str, int] = dict(conn.execute(
            "SELECT status::text, count(*) FROM procrastinate_jobs WHERE queue_name = %s GROUP BY status",
            (queue,),
        ).fetchall())
        running = conn.execute(
            "SELECT j.id, j.args->>'site', j.lock, j.worker_id, w.last_heartbeat FROM procrastinate_jobs j "
            "LEFT JOIN procrastinate_workers w ON w.id = j.worker_id "
            "WHERE j.status = 'doing' AND j.task_name = %s ORDER BY j.id",
            (crawl_task,),
        ).fetchall()
        workers = conn.execute(
            "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > now() - interval '60 seconds'"
        ).fetchone()
        failed = conn.execute(
            "SELECT j.id, j.args->>'site', j.attempts FROM procrastinate_jobs j "
            "WHERE j.status = 'failed' AND j.task_name = %s ORDER BY j.id DESC LIMIT 20",
            (crawl_task,),
        ).fetchall()
    return {
        "queue": {status: int(count) for status, count in depth.items()},
        "workers_alive": int(workers[0]) if workers else 0,
        "running": [
            {"job": r[0], "site": r[1], "host": r[2], "worker": r[3], "heartbeat": _when(r[4])} for r in running
        ],
        "failed_jobs": [{"job": r[0], "site": r[1], "attempts": r[2]} for r in failed],
    }


def render(status: dict[str, Any]) -> str:
    lines = []
    queue = status.get("queue")
    if isinstance(queue, dict):
        depth = ", ".join(f"{count} {name}" for name, count in sorted(queue.items())) or "empty"
        lines.append(f"queue: {depth}; workers alive: {status.get('workers_alive', 0)}")
        for job in status.get("running", []):
            lines.append(f"  running: {job['site']} on {job['host']} (job {job['job']}, worker {job['worker']}, "
                         f"heartbeat {job['heartbeat']})")
        for job in status.get("failed_jobs", []):
            lines.append(f"  failed: {job['site']} (job {job['job']})")
    elif queue is not None:
        lines.append(f"queue: {queue}")
    urls = ", ".join(f"{count} {name}" for name, count in status["urls"].items() if count)
    lines.append(f"records: {status['records']}; urls: {urls or 'none'}")
    for site in status["sites"]:
        lease = f", leased by {site['leased_by']}" if site["leased_by"] else ""
        error = f", last error: {site['last_error']}" if site["last_error"] else ""
        lines.append(f"  {site['site']} ({site['host']}): walk {site['walk']}, {site['pending']} pending, "
                     f"{site['slices']} slice(s), next request not before {site['next_allowed_at'] or 'now'}"
                     f"{lease}{error}")
    return "\n".join(lines)
