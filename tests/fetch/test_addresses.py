"""Address rules on resolved IPs."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from pressharvest.fetch.addresses import AddressRefused, SystemResolver, check_address, classify

CASES = [
    ("93.184.215.14", "global"),
    ("2a00:1450:4010:c05::65", "global"),
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("100.64.0.1", "private"),
    ("fd00::1", "private"),
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:127.0.0.1", "loopback"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("192.0.2.1", "non-global"),
]


@pytest.mark.parametrize(("address", "kind"), CASES)
def test_classify(address: str, kind: str) -> None:
    assert classify(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    ("address", "loopback", "private", "allowed"),
    [
        ("93.184.215.14", False, False, True),
        ("127.0.0.1", False, False, False),
        ("127.0.0.1", True, False, True),
        ("::1", True, False, True),
        ("10.0.0.1", True, False, False),  # allow_loopback is loopback only
        ("10.0.0.1", False, True, True),
        ("127.0.0.1", False, True, True),
        ("169.254.169.254", True, True, False),  # metadata endpoints: never
        ("0.0.0.0", True, True, False),
        ("224.0.0.1", True, True, False),
    ],
)
def test_check_address(address: str, loopback: bool, private: bool, allowed: bool) -> None:
    ip = ipaddress.ip_address(address)
    if allowed:
        check_address(ip, allow_loopback=loopback, allow_private=private)
    else:
        with pytest.raises(AddressRefused):
            check_address(ip, allow_loopback=loopback, allow_private=private)


def test_system_resolver_literals_and_localhost_without_network() -> None:
    async def go() -> None:
        resolver = SystemResolver()
        assert list(await resolver.resolve("10.0.0.1", 80)) == [ipaddress.ip_address("10.0.0.1")]
        assert list(await resolver.resolve("[::1]", 80)) == [ipaddress.ip_address("::1")]
        found = await resolver.resolve("localhost", 80)  # /etc/hosts, no DNS traffic
        assert found and all(classify(a) == "loopback" for a in found)

    asyncio.run(go())
