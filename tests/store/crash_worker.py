"""A harvest-shaped loop over the store, run as a subprocess by test_crash.py and killed with SIGKILL.

    python crash_worker.py DB PAGES_JSON [--die-inside N]

PAGES_JSON holds [{"url", "site", "raw", "record"}]. Like a harvest, the worker begins a run, adds
every URL to the frontier, then fetches (put_raw) and commits each pending URL, oldest first, printing
"committed <url>" after each commit returns. `--die-inside N` kills the process with SIGKILL inside
the Nth commit_page transaction, after the record is written and before the URL is marked done.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from datetime import UTC, datetime
from typing import Any

from pressharvest.harvest.store import PageOutcome, SQLiteStore
from pressharvest.models import PressRelease


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("pages")
    parser.add_argument("--die-inside", type=int, default=0)
    args = parser.parse_args()
    with open(args.pages, encoding="utf-8") as handle:
        pages: list[dict[str, Any]] = json.load(handle)
    by_url = {page["url"]: page for page in pages}

    if args.die_inside:
        calls = 0
        original = SQLiteStore._mark_done

        def dying_mark_done(self: SQLiteStore, *a: Any, **kw: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == args.die_inside:
                os.kill(os.getpid(), signal.SIGKILL)
            original(self, *a, **kw)

        SQLiteStore._mark_done = dying_mark_done  # type: ignore[method-assign]

    store = SQLiteStore(args.db)
    store.acquire_lock("crash-worker")
    run_id = store.begin_run(sorted({page["site"] for page in pages}))
    for site in sorted({page["site"] for page in pages}):
        store.add_urls(site, [p["url"] for p in pages if p["site"] == site], discovered_in_run=run_id)
    print("ready", flush=True)
    for site in sorted({page["site"] for page in pages}):
        for url in store.pending_urls(site, limit=len(pages)):
            page = by_url[url]
            sha = store.put_raw(url, page["raw"].encode(), {"content-type": "text/html"}, datetime.now(UTC), 200)
            record = PressRelease.model_validate(page["record"]) if page["record"] else None
            outcome: PageOutcome = "done" if record is not None else "refused"
            store.commit_page(
                url,
                site,
                record,
                sha,
                run_id=run_id,
                outcome=outcome,
                reason=None if record else "body empty",
            )
            print("committed", url, flush=True)
    store.finish_run(run_id, {"pages": len(pages)}, {})
    store.close()
    print("finished", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
