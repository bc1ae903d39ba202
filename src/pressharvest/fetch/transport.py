"""The httpx transport: TLS trust, connection pool, and a network backend that enforces the address
rules on every socket it opens.

The client checks each URL's host before a request (for a clear `PolicyError`); the backend checks
again at connect time and connects to the checked IP literal, so no path through httpcore (a pooled
reconnect, a DNS answer that changed) can reach an address the rules refuse. TLS still verifies the
certificate against the URL's host name: httpcore passes it as the server name after connecting.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable
from pathlib import Path

import certifi
import httpcore
import httpx

from pressharvest.fetch.addresses import AddressPolicy, AddressRefused, ResolveError

logger = logging.getLogger(__name__)

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


def ssl_context(ca_bundles: Iterable[Path] = ()) -> ssl.SSLContext:
    """System trust plus certifi plus the user's extra CA files (Russian roots, for one)."""
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=certifi.where())
    for bundle in ca_bundles:
        context.load_verify_locations(cafile=str(bundle))
    return context


class CheckingBackend(httpcore.AsyncNetworkBackend):
    """Resolves through the address policy and connects only to allowed IP literals."""

    def __init__(self, policy: AddressPolicy, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._policy = policy
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await self._policy.addresses(host, port)
        except ResolveError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        except AddressRefused as exc:
            # Surfaces as httpx.ConnectError; the client has refused such hosts before, so this
            # only fires when something changed between the check and the connection.
            logger.warning("connection to %s:%s refused at connect time: %s", host, port, exc)
            raise httpcore.ConnectError(str(exc)) from exc
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the fetcher")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def build_transport(
    policy: AddressPolicy,
    *,
    ca_bundles: Iterable[Path] = (),
    max_connections: int,
    http2: bool,
    inner_backend: httpcore.AsyncNetworkBackend | None = None,
) -> httpx.AsyncHTTPTransport:
    """An `AsyncHTTPTransport` whose pool uses `CheckingBackend`.

    httpx 0.28 has no parameter for the network backend, so the pool is replaced after construction;
    httpx is pinned below 0.29 and a test checks that the replacement is in place.
    """
    context = ssl_context(ca_bundles)
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections,
                          keepalive_expiry=5.0)
    transport = httpx.AsyncHTTPTransport(verify=context, trust_env=False, http2=http2, limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=http2,
        network_backend=CheckingBackend(policy, inner_backend),
    )
    return transport
