"""A fault-injecting HTTP/1.1 server for the generated sites, one loopback address per site.

Runs in its own process (so its timestamps are not skewed by the harvest holding the GIL) and is
driven through a pipe: `start`, `stats`, `reset`, `stop`. Each site listens on 127.0.0.(2+i).

Faults: about `rate` of the responses to robots.txt, list pages and articles are one of `FAULTS`,
at most `max_faults` per URL, so every servable page is eventually served cleanly. Articles in a
site's `unservable` map fail the same way every time (404/410, a permanent 503, a redirect loop, a
redirect to a private address, a soft error page with status 200).

What the server records per host: requests, requests in flight at once, open connections at once,
request arrival times (the smallest gap between two), requests arriving inside a pause the server
asked for with Retry-After, and any request for a state-changing `?like=` URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import multiprocessing
import random
import socket
import struct
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from tests.hardening.sites import GeneratedSite

FAULTS = (
    "500", "502", "503", "429", "reset", "truncated", "stall", "redirect", "redirect_loop", "redirect_private",
    "wrong_charset", "no_charset", "empty", "error_page",
)
PRIVATE_HOST = "private.chaos.test"  # the tests' resolver maps it to 10.0.0.1; it is never connected to
ERROR_PAGE = (
    "<!DOCTYPE html><html><head><meta charset=utf-8><title>Технические работы</title></head><body>"
    "<h1>Сайт временно недоступен</h1><p>Ведутся технические работы. Попробуйте зайти позже.</p></body></html>"
).encode()
_RETRY_AFTER = 1
_GRACE = 0.3  # a request already on its way when the client read the Retry-After is not a violation


@dataclass
class ChaosConfig:
    rate: float = 0.25
    max_faults: int = 3
    stall: float = 3.0  # seconds a stalled response hangs before the server closes it
    seed: int = 6


@dataclass
class HostRecord:
    requests: int = 0
    inflight: int = 0
    max_inflight: int = 0
    open_connections: int = 0
    max_open_connections: int = 0
    arrivals: list[float] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # the request target of each arrival
    epochs: list[int] = field(default_factory=list)  # indexes into `arrivals` where a new harvest run began
    pauses: list[tuple[float, float]] = field(default_factory=list)  # (from, until) asked by Retry-After
    retry_after_violations: int = 0
    like_requests: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    served: Counter[str] = field(default_factory=Counter)  # clean 200s by path

    def summary(self) -> dict[str, Any]:
        # Gaps within one harvest run: a new run knows nothing of the last one's requests.
        bounds = [0, *self.epochs, len(self.arrivals)]
        pairs = [(self.arrivals[i + 1] - self.arrivals[i], self.targets[i], self.targets[i + 1])
                 for lo, hi in itertools.pairwise(bounds) for i in range(lo, hi - 1)]
        gaps = [gap for gap, _, _ in pairs]
        return {
            "requests": self.requests, "max_inflight": self.max_inflight,
            "max_open_connections": self.max_open_connections, "open_connections": self.open_connections,
            "min_gap": min(gaps) if gaps else None, "closest": sorted(pairs)[:3], "retry_after_given": len(self.pauses),
            "retry_after_violations": self.retry_after_violations, "like_requests": self.like_requests,
            "faults": dict(self.faults), "served": dict(self.served),
        }


class _Server:
    def __init__(self, sites: list[GeneratedSite], config: ChaosConfig) -> None:
        self.sites = sites
        self.config = config
        self.records = {site.host: HostRecord() for site in sites}
        self.seen: Counter[tuple[str, str]] = Counter()
        self.faulted: Counter[tuple[str, str]] = Counter()
        self.servers: list[asyncio.Server] = []

    def reset(self, seed: int, rate: float | None) -> None:
        self.config.seed = seed
        if rate is not None:
            self.config.rate = rate
        self.records = {site.host: HostRecord() for site in self.sites}
        self.seen.clear()
        self.faulted.clear()

    async def start(self) -> dict[str, str]:
        urls = {}
        for site in self.sites:
            server = await asyncio.start_server(functools.partial(self._connection, site), site.address, 0)
            self.servers.append(server)
            urls[site.id] = f"http://{site.address}:{server.sockets[0].getsockname()[1]}"
        return urls

    async def _connection(self, site: GeneratedSite, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        record = self.records[site.host]
        record.open_connections += 1
        record.max_open_connections = max(record.max_open_connections, record.open_connections)
        keep = True
        try:
            while keep:
                async with asyncio.timeout(30):  # an idle keep-alive connection is closed after 30 s
                    head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode("latin-1")
                record = self.records[site.host]  # a reset may have replaced it
                now = time.monotonic()
                record.requests += 1
                record.arrivals.append(now)
                record.targets.append(target)
                record.inflight += 1
                record.max_inflight = max(record.max_inflight, record.inflight)
                if "like=" in target:
                    record.like_requests += 1
                if any(start + _GRACE < now < until for start, until in record.pauses):
                    record.retry_after_violations += 1
                try:
                    keep = await self._respond(site, record, target, reader, writer)
                finally:
                    record.inflight -= 1
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError, asyncio.LimitOverrunError,
                asyncio.CancelledError):
            pass  # the client went away, or the server is stopping
        finally:
            record.open_connections -= 1
            writer.close()

    # -- routing ----------------------------------------------------------------------------------

    async def _respond(self, site: GeneratedSite, record: HostRecord, target: str,
                       reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        if target.startswith("/_loop/"):
            other = "/_loop/b" if target.startswith("/_loop/a") else "/_loop/a"
            return await _send(writer, 302, b"", {"Location": other + target[len("/_loop/a"):]})
        if target.startswith("/_moved/"):
            return await self._clean(site, record, target[len("/_moved"):], writer)
        kind = site.unservable.get(target)
        if kind is not None:
            return await self._unservable(kind, target, writer, record)
        if not self._known(site, target):
            return await _send(writer, 404, b"<h1>404</h1>", {"Content-Type": "text/html"})
        key = (site.host, target)
        self.seen[key] += 1
        if self.faulted[key] < self.config.max_faults:
            rng = random.Random(f"{self.config.seed}|{site.host}|{target}|{self.seen[key]}")
            if rng.random() < self.config.rate:
                self.faulted[key] += 1
                fault = rng.choice(FAULTS)
                record.faults[fault] += 1
                return await self._fault(site, record, target, fault, reader, writer)
        return await self._clean(site, record, target, writer)

    def _known(self, site: GeneratedSite, target: str) -> bool:
        return target == "/robots.txt" or target in site.list_paths or target in set(site.article_paths)

    def _page(self, site: GeneratedSite, target: str) -> tuple[bytes, str]:
        if target == "/robots.txt":
            delay = f"Crawl-delay: {site.crawl_delay}\n" if site.crawl_delay else ""
            return f"User-agent: *\n{delay}Disallow: /admin/\n".encode(), "utf-8"
        if target in site.list_paths:
            return site.list_page(site.list_paths.index(target) + 1), "utf-8"
        return site.article(target)

    async def _clean(self, site: GeneratedSite, record: HostRecord, target: str, writer: asyncio.StreamWriter) -> bool:
        if not self._known(site, target):
            return await _send(writer, 404, b"<h1>404</h1>", {"Content-Type": "text/html"})
        body, charset = self._page(site, target)
        record.served[target] += 1
        kind = "text/plain" if target == "/robots.txt" else "text/html"
        return await _send(writer, 200, body, {"Content-Type": f"{kind}; charset={charset}"})

    async def _unservable(self, kind: str, target: str, writer: asyncio.StreamWriter, record: HostRecord) -> bool:
        record.faults[f"unservable-{kind}"] += 1
        if kind == "gone":
            return await _send(writer, 410 if len(target) % 2 else 404, b"<h1>Not found</h1>")
        if kind == "error":
            return await _send(writer, 503, b"<h1>503</h1>")
        if kind == "loop":
            return await _send(writer, 302, b"", {"Location": "/_loop/a" + target})
        if kind == "private":
            return await _send(writer, 302, b"", {"Location": f"http://{PRIVATE_HOST}{target}"})
        return await _send(writer, 200, ERROR_PAGE, {"Content-Type": "text/html; charset=utf-8"})

    async def _fault(self, site: GeneratedSite, record: HostRecord, target: str, fault: str,
                     reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        body, charset = self._page(site, target)
        html = {"Content-Type": f"text/html; charset={charset}"}
        if fault in ("500", "502"):
            return await _send(writer, int(fault), b"<h1>Server error</h1>", html)
        if fault in ("503", "429"):
            now = time.monotonic()
            record.pauses.append((now, now + _RETRY_AFTER))
            return await _send(writer, int(fault), b"<h1>Busy</h1>", {**html, "Retry-After": str(_RETRY_AFTER)})
        if fault in ("reset", "truncated"):
            head = _head(200, {**html, "Content-Length": str(len(body))})
            writer.write(head + body[: len(body) // 2])
            await writer.drain()
            if fault == "reset":
                sock = writer.get_extra_info("socket")
                if sock is not None:  # SO_LINGER 0: close with a TCP reset
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
            return False
        if fault == "stall":
            writer.write(_head(200, {**html, "Content-Length": str(len(body))}))
            await writer.drain()
            # Hang until the client gives up (closes) or the stall is over, whichever comes first.
            with contextlib.suppress(TimeoutError, ConnectionError):
                async with asyncio.timeout(self.config.stall):
                    await reader.read(1)
            return False
        if fault == "redirect":
            return await _send(writer, 302, b"", {"Location": "/_moved" + target})
        if fault == "redirect_loop":
            return await _send(writer, 301, b"", {"Location": "/_loop/a" + target})
        if fault == "redirect_private":
            return await _send(writer, 302, b"", {"Location": f"http://{PRIVATE_HOST}{target}"})
        if fault == "wrong_charset":
            wrong = "utf-8" if charset != "utf-8" else "windows-1251"
            return await _send(writer, 200, body, {"Content-Type": f"text/html; charset={wrong}"})
        if fault == "no_charset":
            return await _send(writer, 200, body, {"Content-Type": "text/html"})
        if fault == "empty":
            return await _send(writer, 200, b"", html)
        return await _send(writer, 200, ERROR_PAGE, {"Content-Type": "text/html; charset=utf-8"})

    def stats(self) -> dict[str, Any]:
        return {host: record.summary() for host, record in self.records.items()}


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _send(writer: asyncio.StreamWriter, status: int, body: bytes, headers: dict[str, str] | None = None) -> bool:
    writer.write(_head(status, {"Content-Length": str(len(body)), **(headers or {})}) + body)
    await writer.drain()
    return True


async def _main(conn: Connection, sites: list[GeneratedSite], config: ChaosConfig) -> None:
    server = _Server(sites, config)
    conn.send(await server.start())
    loop = asyncio.get_running_loop()
    while True:
        command, arg = await loop.run_in_executor(None, conn.recv)
        if command == "stats":
            conn.send(server.stats())
        elif command == "epoch":
            for record in server.records.values():
                record.epochs.append(len(record.arrivals))
            conn.send(True)
        elif command == "reset":
            seed, rate = arg
            server.reset(seed, rate)
            conn.send(True)
        else:
            for s in server.servers:
                s.close()
            conn.send(True)
            return


def _process(conn: Connection, sites: list[GeneratedSite], config: ChaosConfig) -> None:
    asyncio.run(_main(conn, sites, config))


class ChaosServer:
    """The server process: `with ChaosServer(sites) as server: server.urls[site.id]`."""

    def __init__(self, sites: list[GeneratedSite], config: ChaosConfig | None = None) -> None:
        self.sites = sites
        self.config = config or ChaosConfig()
        self.urls: dict[str, str] = {}
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_process, args=(child, sites, self.config), daemon=True)

    def _ask(self, command: str, arg: object = None, timeout: float = 60.0) -> Any:
        self._conn.send((command, arg))
        if not self._conn.poll(timeout):
            raise TimeoutError(f"chaos server did not answer {command!r}")
        return self._conn.recv()

    def __enter__(self) -> ChaosServer:
        self._process.start()
        if not self._conn.poll(120):
            self._process.kill()
            raise TimeoutError("chaos server did not start")
        self.urls = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            self._ask("stop", timeout=10)
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(10)

    def stats(self) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = self._ask("stats")
        return result

    def reset(self, seed: int, rate: float | None = None) -> None:
        """Forget every request so far; fault draws from `seed` (and at `rate`, when given)."""
        self._ask("reset", (seed, rate))

    def new_run(self) -> None:
        """Mark the start of another harvest run (request gaps are measured within a run)."""
        self._ask("epoch")

    def mirrors(self) -> dict[str, str]:
        return {site.origin: self.urls[site.id] for site in self.sites}
