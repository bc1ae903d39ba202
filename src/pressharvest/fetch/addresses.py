"""Address rules: which hosts the fetcher may connect to, decided on resolved IP addresses.

Only global unicast addresses are allowed by default. `allow_loopback` adds 127.0.0.0/8 and ::1
(the demo and the tests); `allow_private` adds the private ranges too (and loopback). Link-local
(cloud metadata at 169.254.169.254), multicast, unspecified and reserved addresses are never allowed.
A name is refused when any of its addresses is refused, so a mixed answer cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
from collections.abc import Callable, Sequence
from typing import Protocol

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_PRIVATE = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)
_LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


class AddressRefused(Exception):
    """Internal signal: the host resolves to an address the rules refuse."""


class ResolveError(Exception):
    """Internal signal: the host does not resolve (now; DNS failures can be temporary)."""


def classify(address: IPAddress) -> str:
    """`global`, `loopback`, `private`, or the reason the address is never allowed."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if any(address in net for net in _LOOPBACK):
        return "loopback"
    if any(address in net for net in _PRIVATE):
        return "private"
    if address.is_unspecified:
        return "unspecified"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "non-global"
    return "global"


def check_address(address: IPAddress, *, allow_loopback: bool, allow_private: bool) -> None:
    kind = classify(address)
    if kind == "global":
        return
    if kind == "loopback" and (allow_loopback or allow_private):
        return
    if kind == "private" and allow_private:
        return
    raise AddressRefused(f"{kind} address {address} refused")


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> Sequence[IPAddress]: ...


class SystemResolver:
    """`loop.getaddrinfo` with a short per-run cache, shared by the policy check and the connection,
    so both see the same answer (no second lookup that a rebinding DNS server could change)."""

    def __init__(self, ttl: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[tuple[str, int], tuple[float, tuple[IPAddress, ...]]] = {}

    async def resolve(self, host: str, port: int) -> Sequence[IPAddress]:
        literal = literal_address(host)
        if literal is not None:
            return (literal,)
        key = (host.lower(), port)
        cached = self._cache.get(key)
        if cached is not None and self._clock() < cached[0]:
            return cached[1]
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise ResolveError(f"cannot resolve {host}: {exc}") from exc
        found: list[IPAddress] = []
        for *_, sockaddr in infos:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if address not in found:
                found.append(address)
        if not found:
            raise ResolveError(f"{host} has no address")
        result = tuple(found)
        self._cache[key] = (self._clock() + self._ttl, result)
        return result


class AddressPolicy:
    """Resolves a host and returns its addresses only when every one of them is allowed."""

    def __init__(self, resolver: Resolver, *, allow_loopback: bool, allow_private: bool) -> None:
        self.resolver = resolver
        self.allow_loopback = allow_loopback
        self.allow_private = allow_private

    async def addresses(self, host: str, port: int) -> Sequence[IPAddress]:
        found = await self.resolver.resolve(host, port)
        if not found:
            raise ResolveError(f"{host} has no address")
        for address in found:
            check_address(address, allow_loopback=self.allow_loopback, allow_private=self.allow_private)
        return found
