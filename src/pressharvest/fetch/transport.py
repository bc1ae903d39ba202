"""The httpx transport: TLS trust, connection pool, and a network backend that enforces the address
rules on every socket it opens.

The client checks each URL's host before a request (for a clear `PolicyError`); the backend checks
again at connect time and connects to the checked IP literal, so no path through httpcore (a pooled
reconnect, a DNS answer that changed) can reach an address the rules refuse. TLS still verifies the
certificate against the URL's host name: httpcore passes it as the server name after connecting.
"""

from __future__ import annotations

import importlib.util
import logging
import ssl
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import certifi
import httpcore
import httpx

from pressharvest.errors import ConfigError
from pressharvest.fetch.addresses import AddressPolicy, AddressRefused, ResolveError

logger = logging.getLogger(__name__)

# httpcore asks sniffio which async library is running whenever it makes a lock (a few times per
# request); anyio 4 no longer installs sniffio, and then each ask is a failing import that searches
# sys.path again (~5% of a harvest's CPU, cProfile). A None entry makes that import fail at once;
# httpcore then assumes asyncio, exactly as it does after the slow failure.
if importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


def ssl_context(ca_bundles: Iterable[Path] = ()) -> ssl.SSLContext:
    """System trust plus certifi plus the user's extra CA files (Russian roots, for one).

    A file that holds no PEM certificate (or cannot be read) is a `ConfigError` naming it."""
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=certifi.where())
    for bundle in ca_bundles:
        try:
            context.load_verify_locations(cafile=str(bundle))
        except (ssl.SSLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or type(exc).__name__
            raise ConfigError(f"{bundle}: not a PEM certificate file ({reason})", key="ca_bundle") from None
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


class OriginPools(httpx.AsyncBaseTransport):
    """One connection pool per origin (scheme, host, port), each an `AsyncHTTPTransport` from `make`.

    httpcore's pool re-examines every pooled connection (`has_expired` polls its socket, `is_idle`
    rescans the list) for every queued request, whenever a request starts or ends: with one pool for
    a harvest of 20 hosts that was ~28% of the whole harvest's CPU (cProfile). Politeness gives a host
    one or a few connections at a time, so a pool per origin holds one or a few, and the scans shrink
    to nothing. The global bound stays with `Politeness` (and each pool keeps the old limit too).
    """

    def __init__(self, make: Callable[[], httpx.AsyncHTTPTransport]) -> None:
        self._make = make
        self._pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}

    def pool_for(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = self._make()
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.pool_for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()


def build_transport(
    policy: AddressPolicy,
    *,
    ca_bundles: Iterable[Path] = (),
    max_connections: int,
    http2: bool,
    inner_backend: httpcore.AsyncNetworkBackend | None = None,
) -> OriginPools:
    """Per-origin `AsyncHTTPTransport`s whose pools use `CheckingBackend`.

    httpx 0.28 has no parameter for the network backend, so each pool is replaced after construction;
    httpx is pinned below 0.29 and a test checks that the replacement is in place.
    """
    context = ssl_context(ca_bundles)
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections,
                          keepalive_expiry=5.0)
    backend = CheckingBackend(policy, inner_backend)

    def make() -> httpx.AsyncHTTPTransport:
        transport = httpx.AsyncHTTPTransport(verify=context, trust_env=False, http2=http2, limits=limits)
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=backend,
        )
        return transport

    return OriginPools(make)
