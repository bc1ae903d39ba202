"""Running harvests against the chaos server and judging what they stored.

Shared by the CI tests and `bench/hardening.py`: `chaos_options` builds the harvest, `converge`
repeats it until nothing is left to retry, `judge` compares the store with what the server serves.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pressharvest.fetch.addresses import IPAddress, SystemResolver
from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.report import RunReport
from pressharvest.harvest.run import harvest
from pressharvest.harvest.store.factory import open_store
from tests.hardening.chaos import PRIVATE_HOST, ChaosServer
from tests.hardening.sites import GeneratedSite, content_of, expected_record, registry

FINAL_STATUSES = frozenset({"gone", "final_failed", "refused"})
MAX_RUNS = 12


@contextlib.contextmanager
def private_name_resolves_to_10() -> Iterator[None]:
    """`private.chaos.test` resolves to 10.0.0.1 (no DNS involved): redirects there must be refused
    by the address rules. Nothing ever connects to it: the rules refuse before any connection."""
    original = SystemResolver.resolve

    async def resolve(self: SystemResolver, host: str, port: int) -> Sequence[IPAddress]:
        if host == PRIVATE_HOST:
            return (ipaddress.ip_address("10.0.0.1"),)
        return await original(self, host, port)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SystemResolver, "resolve", resolve)
        yield


def chaos_options(sites: list[GeneratedSite], server: ChaosServer, folder: Path, **overrides: Any) -> HarvestOptions:
    return chaos_options_for(sites, server.mirrors(), folder, **overrides)


def chaos_options_for(
    sites: list[GeneratedSite], mirrors: dict[str, str], folder: Path, **overrides: Any
) -> HarvestOptions:
    """The harvest of the generated sites: loopback only, short deadline and backoff, 50 in flight."""
    settings: dict[str, Any] = {
        "db": str(folder / "db.sqlite3"),
        "out": folder / "out",
        "mirrors": mirrors,
        "allow_loopback": True,
        "delay": 0.0,
        "concurrency": 50,
        "deadline": 1.5,
        "retry_backoff": 0.2,
        "max_list_pages": 1000,
        "progress": False,
        **overrides,
    }
    return HarvestOptions(sites=tuple(site.site() for site in sites), **settings)


def _settled(report: RunReport, options: HarvestOptions) -> bool:
    """No article left to retry and no list page that failed in this run."""
    if any(key.startswith("list page") for site in report.sites.values() for key in site.failures):
        return False
    with open_store(options.db) as store:
        return all(not store.pending_urls(site.id, 10) for site in options.sites)


def converge(options: HarvestOptions, server: ChaosServer | None = None, max_runs: int = MAX_RUNS) -> list[RunReport]:
    """Harvest again until a run leaves nothing to retry (at most `max_runs` runs)."""
    reports = []
    for _ in range(max_runs):
        if server is not None:
            server.new_run()
        reports.append(harvest(options))
        if _settled(reports[-1], options):
            break
    return reports


@dataclass
class Verdict:
    articles: int = 0  # servable articles
    records: int = 0
    lost: list[str] = field(default_factory=list)  # servable, but no record
    wrong: list[str] = field(default_factory=list)  # a record that differs from the clean page's
    duplicates: int = 0  # export lines beyond one per id, and ids sharing one URL
    unexpected: list[str] = field(default_factory=list)  # records of no servable article
    unresolved: list[str] = field(default_factory=list)  # unservable URLs without a final reason
    final_reasons: Counter[str] = field(default_factory=Counter)


def judge(sites: list[GeneratedSite], options: HarvestOptions, export: Path) -> Verdict:
    reg = registry(sites)
    verdict = Verdict()
    lines = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    ids = Counter(str(line["id"]) for line in lines)
    urls = Counter(str(line["url"]) for line in lines)
    verdict.duplicates = sum(n - 1 for n in ids.values()) + sum(n - 1 for n in urls.values())
    exported = {str(line["id"]): line for line in lines}
    verdict.records = len(exported)
    wanted: set[str] = set()
    with open_store(options.db) as store:
        for site in sites:
            for path in site.article_paths:
                url = site.url(path)
                if path in site.unservable:
                    state = store.url_state(url)
                    if state is None or state.status not in FINAL_STATUSES or not state.last_error:
                        verdict.unresolved.append(f"{url}: {state.status if state else 'unknown'}")
                    else:
                        verdict.final_reasons[f"{site.unservable[path]} → {state.status}"] += 1
                    continue
                verdict.articles += 1
                want = expected_record(site, path, reg)
                wanted.add(want.id)
                got = exported.get(want.id)
                if got is None:
                    verdict.lost.append(url)
                elif content_of(got) != content_of(want):
                    verdict.wrong.append(url)
    verdict.unexpected = sorted(set(exported) - wanted)
    return verdict


ROOT = Path(__file__).resolve().parents[2]
_FETCHED_AT = re.compile(r'"fetched_at":"[^"]*"')


def normalized_export(path: Path) -> list[str]:
    """The export's lines, sorted, with the fetch time blanked (the one field that says when, not what)."""
    text = path.read_text(encoding="utf-8")
    return sorted(_FETCHED_AT.sub('"fetched_at":null', line) for line in text.splitlines())


@dataclass
class Trial:
    kill_after: float  # seconds after the child reported it had started
    killed_running: bool  # the child was still harvesting when killed
    reruns: int
    identical: bool
    records: int


def kill_trial(
    sites: list[GeneratedSite], server: ChaosServer, folder: Path, spec: dict[str, Any], kill_after: float,
    reference: list[str],
) -> Trial:
    """Harvest in a child process, SIGKILL it after `kill_after` s, rerun until converged, compare."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.hardening.harvest_worker", json.dumps({**spec, "folder": str(folder)})],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    try:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], 120)
        assert ready and child.stdout.readline().strip() == b"started", "harvest worker did not start"
        time.sleep(kill_after)
        running = child.poll() is None
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(30)
        if child.stdout is not None:
            child.stdout.close()
    options = chaos_options(sites, server, folder)
    reports = converge(options, server)
    got = normalized_export(options.out / "records.jsonl")
    return Trial(kill_after, running, len(reports), got == reference, len(got))
