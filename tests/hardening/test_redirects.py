"""Redirects to private addresses are refused by the address rules before any connection is made.

A real loopback server answers with redirects to private, link-local and unresolvable hosts; the
fetcher runs with a resolver stub (no DNS) and a network backend that records every connection it
opens. Nothing may be opened except to the loopback server itself.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Iterable, Sequence

import httpcore
import pytest

from pressharvest.errors import FetchError, PolicyError
from pressharvest.fetch import FetchConfig, Fetcher, IPAddress, RetryConfig

TARGETS = {
    "/to-name": "http://intranet.example/admin",  # the stub resolves it to 10.1.2.3
    "/to-literal": "http://192.168.0.1/",
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/to-mapped": "http://[::ffff:10.0.0.1]/",
    "/to-mixed": "http://mixed.example/",  # one public and one private address
}


class StubResolver:
    async def resolve(self, host: str, port: int) -> Sequence[IPAddress]:
        table = {"intranet.example": ["10.1.2.3"], "mixed.example": ["93.184.215.14", "172.16.5.4"]}
        try:
            return (ipaddress.ip_address(host.strip("[]")),)
        except ValueError:
            return tuple(ipaddress.ip_address(a) for a in table[host])


class RecordingBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.connects: list[str] = []

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[object] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connects.append(host)
        if not ipaddress.ip_address(host).is_loopback:
            raise AssertionError(f"connected to {host}")
        return await self.inner.connect_tcp(host, port, timeout=timeout, local_address=local_address)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode()
            if path == "/robots.txt":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            else:
                writer.write(f"HTTP/1.1 302 Found\r\nLocation: {TARGETS[path]}\r\nContent-Length: 0\r\n\r\n".encode())
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


@pytest.mark.parametrize("path", sorted(TARGETS))
def test_redirect_to_a_private_address_is_refused_before_connecting(path: str) -> None:
    backend = RecordingBackend()

    async def run() -> BaseException | None:
        server = await asyncio.start_server(_serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        config = FetchConfig(allow_loopback=True, delay=0.0, retry=RetryConfig(attempts=1))
        try:
            async with Fetcher(config, resolver=StubResolver(), network_backend=backend) as fetcher:
                try:
                    await fetcher.fetch(f"http://127.0.0.1:{port}{path}")
                except FetchError as exc:
                    return exc
                return None
        finally:
            server.close()
            await server.wait_closed()

    error = asyncio.run(run())
    assert isinstance(error, PolicyError) and "address refused" in error.reason, error
    assert backend.connects and set(backend.connects) == {"127.0.0.1"}
