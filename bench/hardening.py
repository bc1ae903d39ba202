"""Hardening figures (issue 6): the full-size versions of tests/hardening, printed as one table.

    .venv/bin/python bench/hardening.py                       # everything (tens of minutes)
    .venv/bin/python bench/hardening.py --only chaos limits   # some sections
    .venv/bin/python bench/hardening.py --articles 100 --trials 5 --mutations 2000   # smaller

Sections: chaos (20 loopback hosts, 10,000 articles, a quarter of the answers faulty, repeated to
convergence; politeness as the server saw it), crash (SIGKILL trials), limits (bombs, endless body,
slow drip), hostile (mutated pages through parse_page), robots (pathological robots.txt, against
Protego when it is installed: `pip install protego`). Figures go to stdout as a Markdown table, and
as JSON to `--json FILE` when given.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hardening.bombs import BODIES, BombServer, MiB, measure  # noqa: E402
from tests.hardening.chaos import ChaosConfig, ChaosServer  # noqa: E402
from tests.hardening.harness import (  # noqa: E402
    chaos_options,
    converge,
    judge,
    kill_trial,
    normalized_export,
    private_name_resolves_to_10,
)
from tests.hardening.mutations import articles, mutate, survive  # noqa: E402
from tests.hardening.sites import make_sites  # noqa: E402
from tests.hardening.test_hostile import pathological_robots  # noqa: E402

Row = tuple[str, str, str, str]  # section, figure, value, promise


def chaos(work: Path, articles_per_site: int) -> list[Row]:
    sites = make_sites(count=20, articles=articles_per_site, unservable_share=0.03)
    with ChaosServer(sites) as server, private_name_resolves_to_10():
        options = chaos_options(sites, server, work / "chaos", delay=0.0, concurrency=50)
        started = time.monotonic()
        reports = converge(options, server, max_runs=20)
        wall = time.monotonic() - started
        stats = server.stats()
    verdict = judge(sites, options, options.out / "records.jsonl")
    requests = sum(host["requests"] for host in stats.values())
    faults = sum(sum(host["faults"].values()) for host in stats.values())
    kinds = Counter[str]()
    for host in stats.values():
        kinds.update(host["faults"])
    over = [s.host for s in sites if stats[s.host]["max_inflight"] > s.max_connections]
    return [
        ("chaos", "articles served / unservable", f"{verdict.articles} / {sum(len(s.unservable) for s in sites)}", ""),
        ("chaos", "responses that were faults", f"{faults} of {requests} ({faults / requests:.0%}), "
                                                 f"{len([k for k in kinds if not k.startswith('unservable')])} kinds",
         "~25%"),
        ("chaos", "runs to converge", str(len(reports)), ""),
        ("chaos", "records lost", str(len(verdict.lost)), "0"),
        ("chaos", "records differing from the clean page", str(len(verdict.wrong)), "0"),
        ("chaos", "duplicates", str(verdict.duplicates), "0"),
        ("chaos", "unservable without a final reason", str(len(verdict.unresolved)), "0"),
        ("chaos", "requests per article", f"{requests / verdict.articles:.2f}", ""),
        ("chaos", "wall time (all runs)", f"{wall:.0f} s", ""),
        ("politeness", "max concurrent connections per host", f"{max(h['max_inflight'] for h in stats.values())} "
                       f"(hosts over their limit: {len(over)})", "≤ the host's limit (1 or 2)"),
        ("politeness", "requests inside a Retry-After pause",
         f"{sum(h['retry_after_violations'] for h in stats.values())} "
         f"(of {sum(h['retry_after_given'] for h in stats.values())} pauses asked)", "0"),
        ("politeness", "?like= requests", str(sum(h["like_requests"] for h in stats.values())), "0"),
    ]


def pacing(work: Path) -> list[Row]:
    delay, crawl_delay = 0.3, 0.9
    sites = make_sites(count=20, articles=8, unservable_share=0.0, crawl_delay=crawl_delay)
    with ChaosServer(sites, ChaosConfig(rate=0.1)) as server, private_name_resolves_to_10():
        converge(chaos_options(sites, server, work / "pacing", delay=delay, concurrency=50), server, max_runs=1)
        stats = server.stats()
    plain = [stats[s.host]["min_gap"] for s in sites if not s.crawl_delay and stats[s.host]["min_gap"] is not None]
    slow = [stats[s.host]["min_gap"] for s in sites if s.crawl_delay and stats[s.host]["min_gap"] is not None]
    return [
        ("politeness", f"min gap between requests to a host (delay {delay} s)", f"{min(plain):.3f} s",
         f"≈ {delay} s (less only by the client's event-loop latency)"),
        ("politeness", f"min gap on hosts with Crawl-delay {crawl_delay} s", f"{min(slow):.3f} s",
         f"≈ {crawl_delay} s"),
    ]


def crash(work: Path, trials: int) -> list[Row]:
    spec: dict[str, Any] = {"count": 20, "articles": 25, "unservable": 0.0}
    sites = make_sites(count=spec["count"], articles=spec["articles"], unservable_share=0.0)
    with ChaosServer(sites, ChaosConfig(rate=0.1)) as server, private_name_resolves_to_10():
        server.reset(1000)
        options = chaos_options(sites, server, work / "reference")
        reports = converge(options, server)
        reference = normalized_export(options.out / "records.jsonl")
        rng = random.Random(6)
        results = []
        for n in range(trials):
            server.reset(n)
            spec["mirrors"] = server.mirrors()
            results.append(kill_trial(sites, server, work / f"trial{n}", spec, rng.uniform(0, reports[0].duration_s),
                                      reference))
    identical = sum(t.identical for t in results)
    return [
        ("crash", "SIGKILL trials with an export identical to the uninterrupted run's",
         f"{identical} of {len(results)} ({sum(t.killed_running for t in results)} killed mid-harvest; "
         f"{len(reference)} records)", "all"),
    ]


def limits() -> list[Row]:
    rows: list[Row] = []
    cap = 10 * MiB
    with BombServer() as server:
        for body in BODIES:
            report = measure(server.url(body), cap, deadline=2.0 if body == "drip" else 30.0)
            left = server.wait_all_closed()
            what = (f"cut after {report['elapsed']:.1f} s" if body == "drip"
                    else f"growth {report['growth'] / cap:.2f}× cap")
            rows.append(("limits", f"{body}: {report['reason'][:40]}",
                         f"{what}; peak RSS {report['peak_rss'] / MiB:.0f} MiB; sockets left {report['sockets_left']}"
                         f"+{left}", "≤ 1.1× the 10 MiB cap; 0 sockets" if body != "drip" else "cut at 2 s; 0"))
    return rows


def hostile(total: int) -> list[Row]:
    families = ("admobninsk", "admoblkaluga", "gossite", "gosweb")
    outcomes = Counter[str]()
    slowest = (0.0, "")
    crashes = []
    for family in families:
        pages = articles(family)
        rng = random.Random(f"bench-{family}")
        for _ in range(total // len(families)):
            article = rng.choice(pages)
            content, how = mutate(article.content, rng)
            survival = survive(content, article)
            outcomes[survival.outcome.split(":")[0]] += 1
            if survival.outcome.startswith("crash"):
                crashes.append(f"{how}: {survival.outcome}")
            if survival.seconds > slowest[0]:
                slowest = (survival.seconds, f"{how}, {len(content) / MiB:.1f} MiB")
    return [
        ("hostile", "mutated pages: records / parse errors / crashes",
         f"{outcomes['record']} / {outcomes['parse_error']} / {outcomes['crash']}", "crashes 0"),
        ("hostile", "slowest mutated page", f"{slowest[0]:.2f} s ({slowest[1]})", "no hang"),
        *[("hostile", "crash", c[:100], "") for c in crashes[:5]],
    ]


def robots() -> list[Row]:
    from pressharvest.fetch.robots import parse_robots

    content = pathological_robots(2000)
    paths = ["/" + "a" * (20_000 + n) for n in range(100)]
    rules = parse_robots(content, "pressharvest")
    started = time.perf_counter()
    for path in paths:
        rules.allowed(path)
    ours = (time.perf_counter() - started) / len(paths)
    rows: list[Row] = [("robots", "pathological robots.txt (2,000 `*` per rule, 20 kB paths): ours",
                        f"{ours * 1000:.2f} ms per URL", "linear")]
    def alarm(signum: int, frame: object) -> None:
        raise TimeoutError

    def timed(check: Any, path: str) -> str:
        signal.signal(signal.SIGALRM, alarm)
        signal.alarm(60)
        started = time.perf_counter()
        try:
            check(path)
            return f"{(time.perf_counter() - started) * 1000:.2f} ms"
        except TimeoutError:
            return "> 60 s (stopped)"
        finally:
            signal.alarm(0)

    # A regex matcher, as robots.txt parsers long did it (`*` → `.*`, matched with `re.match`).
    import re

    small = pathological_robots(20)
    regexes = [re.compile(re.escape(line.split(": ", 1)[1]).replace(r"\*", ".*").replace(r"\$", "$"))
               for line in small.decode().splitlines() if line.startswith(("Allow", "Disallow"))]
    mine = parse_robots(small, "pressharvest")
    for n in (30, 200):
        path = "/" + "a" * n
        rows.append(("robots", f"20 `*` per rule, {n}-char path: ours / regex matcher",
                     f"{timed(mine.allowed, path)} / {timed(lambda p: [r.match(p) for r in regexes], path)}", ""))
    try:
        from protego import Protego
    except ImportError:
        return [*rows, ("robots", "Protego", "not installed (pip install protego)", "")]
    import importlib.metadata

    parser = Protego.parse(content.decode())
    version = importlib.metadata.version("protego")
    rows.append(("robots", f"2,000 `*` per rule, 20 kB path: Protego {version}",
                 timed(lambda p: parser.can_fetch("http://x.test" + p, "pressharvest"), paths[0]),
                 "(Protego now matches without regexes too)"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", nargs="*", default=["chaos", "pacing", "crash", "limits", "hostile", "robots"])
    parser.add_argument("--articles", type=int, default=500, help="articles per host in the chaos run (500)")
    parser.add_argument("--trials", type=int, default=20, help="SIGKILL trials (20)")
    parser.add_argument("--mutations", type=int, default=10_000, help="mutated pages (10,000)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hardening-"))
    rows: list[Row] = []
    try:
        for section in args.only:
            started = time.monotonic()
            if section == "chaos":
                rows += chaos(work, args.articles)
            elif section == "pacing":
                rows += pacing(work)
            elif section == "crash":
                rows += crash(work, args.trials)
            elif section == "limits":
                rows += limits()
            elif section == "hostile":
                rows += hostile(args.mutations)
            elif section == "robots":
                rows += robots()
            print(f"[{section}: {time.monotonic() - started:.0f} s]", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| area | figure | measured | promise |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
