"""Fetcher test helpers: a fake clock, a fake resolver (no DNS in tests), a fetcher factory and a
scriptable HTTP/1.1 server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from pressharvest.fetch import FetchConfig, Fetcher, IPAddress, RetryConfig

PUBLIC_IP = "93.184.215.14"  # never contacted: respx answers before any connection


class FakeClock:
    """A monotonic clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


class FakeResolver:
    """Host → addresses from a table; every other name resolves to a public address."""

    def __init__(self, table: dict[str, Sequence[str]] | None = None) -> None:
        self.table = table or {}
        self.calls: list[tuple[str, int]] = []

    async def resolve(self, host: str, port: int) -> Sequence[IPAddress]:
        self.calls.append((host, port))
        try:
            return (ipaddress.ip_address(host.strip("[]")),)
        except ValueError:
            pass
        return tuple(ipaddress.ip_address(a) for a in self.table.get(host, [PUBLIC_IP]))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def resolver() -> FakeResolver:
    return FakeResolver({"private.example": ["10.1.2.3"], "mixed.example": [PUBLIC_IP, "192.168.1.1"]})


@pytest.fixture
def make_fetcher(clock: FakeClock, resolver: FakeResolver) -> Callable[..., Fetcher]:
    """A Fetcher on the fake clock and resolver; keyword arguments go to FetchConfig, `retry_*` ones
    to its RetryConfig."""

    def make(**kwargs: Any) -> Fetcher:
        retry = {k.removeprefix("retry_"): kwargs.pop(k) for k in list(kwargs) if k.startswith("retry_")}
        retry.setdefault("backoff_base", 1.0)
        config = FetchConfig(retry=RetryConfig(**retry), **kwargs)
        return Fetcher(config, resolver=resolver, clock=clock, sleep=clock.sleep)

    return make


# -- a scriptable loopback server ---------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Conn:
    """What a handler gets: the request, and the stream to answer on."""

    request: Request
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    async def respond(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        head = {"Content-Length": str(len(body)), **(headers or {})}
        lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in head.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()

    async def wait_closed_by_peer(self, timeout: float) -> float:
        """Seconds until the client closes the connection (reads and discards anything sent)."""
        start = time.monotonic()
        async with asyncio.timeout(timeout):
            while await self.reader.read(65536):
                pass
        return time.monotonic() - start


Handler = Callable[[Conn], Awaitable[None]]


@dataclass
class LoopbackServer:
    handler: Handler
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    open_connections: int = 0
    port: int = 0
    _server: asyncio.Server | None = None
    _open: dict[asyncio.Task[Any], asyncio.StreamWriter] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> LoopbackServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        # Hang up on every client so the handlers end by themselves: a handler task cancelled at
        # loop shutdown makes asyncio log an error from its stream callback.
        for writer in self._open.values():
            writer.close()
        if self._open:
            await asyncio.wait(list(self._open), timeout=2.0)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_connections += 1
        task = asyncio.current_task()
        assert task is not None
        self._open[task] = writer
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line, *rest = head.decode("latin-1").split("\r\n")
                method, path, _ = line.split(" ", 2)
                headers = {}
                for item in rest:
                    if ":" in item:
                        key, value = item.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                request = Request(method, path, headers, time.monotonic())
                self.requests.append(request)
                await self.handler(Conn(request, reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError):
            pass
        finally:
            self.open_connections -= 1
            self._open.pop(task, None)
            writer.close()


@pytest.fixture
def server() -> Callable[[Handler], LoopbackServer]:
    return LoopbackServer
