"""The fetcher against a real HTTP server on 127.0.0.1: deadlines, caps, connections, pacing,
mirrors, and the address rules at the socket level. Small delays keep the suite fast."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

import httpcore
import pytest

from pressharvest.errors import FetchError, PolicyError
from pressharvest.fetch import FetchConfig, Fetcher, HostLimits, RetryConfig
from pressharvest.fetch.addresses import AddressPolicy
from pressharvest.fetch.transport import CheckingBackend

from .conftest import Conn, FakeResolver, LoopbackServer

ServerFactory = Callable[..., LoopbackServer]


def config(server: LoopbackServer, *origins: str, **kwargs: Any) -> FetchConfig:
    retry = kwargs.pop("retry", RetryConfig(attempts=1, backoff_base=0.01))
    return FetchConfig(
        allow_loopback=True,
        delay=kwargs.pop("delay", 0.0),
        retry=retry,
        mirrors={origin: server.base for origin in origins},
        **kwargs,
    )


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """The real network, with a list of every host a socket was opened to."""

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.hosts: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.hosts.append(host)
        return await self.inner.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                            socket_options=socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise AssertionError("not used")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


async def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.01)
    return predicate()


def test_slow_drip_is_cut_at_the_deadline_and_the_connection_closed(server: ServerFactory) -> None:
    async def drip(conn: Conn) -> None:
        if conn.request.path == "/robots.txt":
            await conn.respond(404)
            return
        conn.writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")
        peer_closed = asyncio.ensure_future(conn.reader.read(1))
        try:
            while not peer_closed.done():  # one byte per 20 ms: every chunk read is "in time"
                conn.writer.write(b"x")
                await conn.writer.drain()
                await asyncio.sleep(0.02)
        finally:
            peer_closed.cancel()
        raise ConnectionResetError

    async def go() -> None:
        async with server(drip) as srv, Fetcher(config(srv, "https://drip.example", deadline=0.5)) as fetcher:
            start = time.monotonic()
            with pytest.raises(FetchError) as caught:
                async with asyncio.timeout(5):  # without the deadline this would drip for hours
                    await fetcher.fetch("https://drip.example/page")
            took = time.monotonic() - start
            assert 0.5 <= took < 2.5, took  # (slack for a loaded machine; without the deadline: 5 s)
            assert not caught.value.final and "0.5 s" in caught.value.reason
            # The server sees the connection closed while the fetcher is still open.
            assert await wait_until(lambda: srv.open_connections == 0, 1.0)

    asyncio.run(go())


def test_endless_body_is_cut_at_the_cap_and_the_connection_closed(server: ServerFactory) -> None:
    async def endless(conn: Conn) -> None:
        if conn.request.path == "/robots.txt":
            await conn.respond(404)
            return
        conn.writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 16384
        while True:
            conn.writer.write(b"4000\r\n" + chunk + b"\r\n")
            await conn.writer.drain()

    async def go() -> None:
        async with server(endless) as srv, Fetcher(config(srv, "https://big.example", max_bytes=300_000)) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch("https://big.example/page")
            assert caught.value.final and "larger than 300000" in caught.value.reason
            assert await wait_until(lambda: srv.open_connections == 0, 1.0)

    asyncio.run(go())


def test_truncated_body_is_retried(server: ServerFactory) -> None:
    calls = 0

    async def flaky(conn: Conn) -> None:
        nonlocal calls
        if conn.request.path == "/robots.txt":
            await conn.respond(404)
            return
        calls += 1
        if calls == 1:  # promises 100 bytes, sends 10, hangs up
            conn.writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
            await conn.writer.drain()
            conn.writer.close()
            raise ConnectionResetError
        await conn.respond(200, b"complete")

    async def go() -> None:
        cfg = config(srv_holder[0], "https://flaky.example", retry=RetryConfig(attempts=2, backoff_base=0.01))
        async with Fetcher(cfg) as fetcher:
            result = await fetcher.fetch("https://flaky.example/page")
            assert result.content == b"complete" and result.attempts == 2

    srv_holder: list[LoopbackServer] = []

    async def main() -> None:
        async with server(flaky) as srv:
            srv_holder.append(srv)
            await go()

    asyncio.run(main())


def test_connections_per_host_and_global_concurrency_are_never_exceeded(server: ServerFactory) -> None:
    inflight: dict[str, int] = defaultdict(int)
    peak: dict[str, int] = defaultdict(int)
    total = [0, 0]  # now, peak

    async def slow(conn: Conn) -> None:
        if conn.request.path == "/robots.txt":
            await conn.respond(404)
            return
        host = conn.request.headers["forwarded"]
        inflight[host] += 1
        total[0] += 1
        peak[host] = max(peak[host], inflight[host])
        total[1] = max(total[1], total[0])
        await asyncio.sleep(0.06)
        inflight[host] -= 1
        total[0] -= 1
        await conn.respond(200, b"ok")

    origins = ["https://a.example", "https://b.example", "https://c.example", "https://d.example"]

    async def go() -> None:
        async with server(slow) as srv:
            cfg = config(srv, *origins, concurrency=4, hosts={"a.example": HostLimits(max_connections=3)})
            async with Fetcher(cfg) as fetcher:
                urls = [f"{origin}/page/{n}" for origin in origins for n in range(6)]
                results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
            assert all(r.status == 200 for r in results)

    asyncio.run(go())
    by_host = {key.split('"')[1]: value for key, value in peak.items()}
    assert by_host["a.example"] == 3  # reached, so the test can see a breach
    assert by_host["b.example"] == by_host["c.example"] == by_host["d.example"] == 1
    assert total[1] == 4  # the global limit, reached and never exceeded


def test_mirror_keeps_politeness_and_robots_per_origin_host(server: ServerFactory) -> None:
    arrivals: dict[str, list[tuple[float, str]]] = defaultdict(list)

    async def record(conn: Conn) -> None:
        host = conn.request.headers["forwarded"].split('"')[1]
        arrivals[host].append((conn.request.at, conn.request.path))
        if conn.request.path == "/robots.txt":
            text = b"User-agent: *\nCrawl-delay: 0.5\nDisallow: /secret\n" if host == "a.example" else b""
            await conn.respond(200, text)
            return
        await conn.respond(200, b"ok")

    async def go() -> None:
        async with server(record) as srv:
            cfg = config(srv, "https://a.example", "https://b.example", delay=0.1,
                         max_connections_per_host=2)
            async with Fetcher(cfg) as fetcher:
                start = time.monotonic()
                urls = [f"https://{h}.example/p{n}" for h in "ab" for n in range(3)]
                results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
                elapsed = time.monotonic() - start
                assert [r.final_url for r in results] == urls
                with pytest.raises(PolicyError):
                    await fetcher.fetch("https://a.example/secret")
                # b's robots.txt is empty: the path is secret on a.example only
                assert (await fetcher.fetch("https://b.example/secret")).status == 200
            stats = fetcher.stats
            assert set(stats.hosts) == {"a.example", "b.example"}
            assert stats.hosts["a.example"].robots_denied == 1
            # Expected ~1.5 s (a: robots, then 3 pages 0.5 s apart; b in parallel). Pacing keyed by the
            # mirror's host would space all 8 requests on one clock: ≥ 0.1 + 6 × 0.5 = 3.1 s. (a's delay
            # is five times b's so that every bound here leaves a loaded machine ≥ 0.3 s of slack.)
            assert elapsed < 2.5, elapsed

    asyncio.run(go())
    gaps: dict[str, list[float]] = {}
    for host in ("a.example", "b.example"):
        paths = [path for _, path in arrivals[host]]
        assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1  # one robots.txt per origin
        times = sorted(at for at, _ in arrivals[host])[:4]  # robots.txt and the three gathered pages
        gaps[host] = [b - a for a, b in pairwise(times)]
    # Gaps are measured on arrival, so the first request's cold start (new connection, first use
    # of the client) can shorten the robots.txt → first page gap: it gets a looser bound.
    assert gaps["a.example"][0] >= 0.5 / 2 and min(gaps["a.example"][1:]) >= 0.5 - 0.02, gaps  # Crawl-delay
    assert gaps["b.example"][0] >= 0.1 / 2 and min(gaps["b.example"][1:]) >= 0.1 - 0.02, gaps  # 2 connections
    assert max(gaps["b.example"]) < 0.4, gaps  # a's Crawl-delay (0.5 s) does not slow b down


def test_redirect_to_private_address_opens_no_socket(server: ServerFactory) -> None:
    async def redirect(conn: Conn) -> None:
        if conn.request.path == "/robots.txt":
            await conn.respond(404)
            return
        targets = {"/1": "http://10.0.0.1/admin", "/2": "http://169.254.169.254/latest/", "/3": "http://[fd00::1]/"}
        await conn.respond(302, headers={"Location": targets[conn.request.path]})

    async def go() -> None:
        backend = RecordingBackend()
        async with server(redirect) as srv:
            async with Fetcher(config(srv), network_backend=backend) as fetcher:
                for n in (1, 2, 3):
                    with pytest.raises(PolicyError):
                        await fetcher.fetch(f"{srv.base}/{n}")
            assert len(srv.requests) == 4  # robots.txt and the three redirects
        assert backend.hosts and set(backend.hosts) == {"127.0.0.1"}

    asyncio.run(go())


def test_checking_backend_refuses_before_connecting() -> None:
    async def go() -> None:
        inner = RecordingBackend()
        policy = AddressPolicy(FakeResolver({"rebind.example": ["10.9.8.7"]}), allow_loopback=True,
                               allow_private=False)
        backend = CheckingBackend(policy, inner)
        for host in ("10.0.0.1", "rebind.example", "169.254.169.254"):
            with pytest.raises(httpcore.ConnectError):
                await backend.connect_tcp(host, 80)
        assert inner.hosts == []

    asyncio.run(go())
