"""Fetcher configuration, public surface, counters, and pacing without a busy loop."""

from __future__ import annotations

import asyncio
import ssl
from itertools import pairwise
from pathlib import Path

import pytest

import pressharvest.fetch as fetch_api
from pressharvest.errors import ConfigError
from pressharvest.fetch import FetchConfig, Fetcher, FetchStats, HostLimits, RetryConfig
from pressharvest.fetch.politeness import HostPaused, Politeness

from .conftest import FakeClock


def test_public_surface_is_sorted_and_importable() -> None:
    assert fetch_api.__all__ == sorted(fetch_api.__all__)
    for name in fetch_api.__all__:
        assert getattr(fetch_api, name) is not None


def test_defaults_are_polite_and_honest() -> None:
    config = FetchConfig()
    assert config.user_agent.startswith("pressharvest/")
    assert "(+https://github.com/pressharvest/pressharvest)" in config.user_agent
    assert config.product_token == "pressharvest"
    assert config.delay == 1.0 and config.max_connections_per_host == 1
    assert config.max_bytes == 10 * 1024 * 1024 and config.max_redirects == 5
    assert config.robots_max_bytes == 500 * 1024
    assert not config.allow_loopback and not config.allow_private
    assert config.retry.retry_after_cap == 120.0


def test_per_host_limits_override_the_defaults() -> None:
    config = FetchConfig(hosts={"a.example": HostLimits(delay=3.0, max_connections=2)})
    assert config.host_delay("a.example") == 3.0 and config.host_connections("a.example") == 2
    assert config.host_delay("b.example") == 1.0 and config.host_connections("b.example") == 1


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"delay": -1}, "delay"),
        ({"concurrency": 0}, "concurrency"),
        ({"deadline": 0}, "deadline"),
        ({"max_bytes": 0}, "max_bytes"),
        ({"user_agent": " "}, "user_agent"),
        ({"hosts": {"a.example": HostLimits(max_connections=0)}}, "hosts.a.example.max_connections"),
        ({"ca_bundles": (Path("/nonexistent/ca.pem"),)}, "ca_bundle"),
    ],
)
def test_bad_values_name_their_key(kwargs: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FetchConfig(**kwargs)  # type: ignore[arg-type]
    assert caught.value.key == key


def test_bad_retry_values_and_bad_mirrors() -> None:
    with pytest.raises(ConfigError):
        RetryConfig(attempts=0)
    for mirrors in ({"ftp://a.example": "http://127.0.0.1:1"}, {"https://a.example/news": "http://127.0.0.1:1"}):
        with pytest.raises(ConfigError) as caught:
            Fetcher(FetchConfig(mirrors=mirrors))
        assert caught.value.key == "mirror"


def test_extra_ca_bundle_is_loaded_and_verification_stays_on(tmp_path: Path) -> None:
    import certifi

    from pressharvest.fetch.transport import ssl_context

    bundle = tmp_path / "extra.pem"
    first = Path(certifi.where()).read_text().split("-----END CERTIFICATE-----", 1)[0]
    bundle.write_text(first + "-----END CERTIFICATE-----\n")
    context = ssl_context([bundle])
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(ConfigError) as caught:  # the file is really read, not ignored
        ssl_context([garbage])
    assert caught.value.key == "ca_bundle" and str(garbage) in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"\x00\xff binary, not PEM", "сертификат".encode()])
def test_a_ca_bundle_that_is_not_pem_is_a_config_error_naming_it(tmp_path: Path, content: bytes) -> None:
    from pressharvest.fetch.transport import ssl_context

    bundle = tmp_path / "notpem.dat"
    bundle.write_bytes(content)
    with pytest.raises(ConfigError, match=r"ca_bundle: .*notpem\.dat"):
        ssl_context([bundle])


def test_stats_totals_and_report_form() -> None:
    stats = FetchStats()
    stats.host("a.example").requests = 3
    stats.host("a.example").statuses[200] += 2
    stats.host("b.example").requests = 1
    stats.host("b.example").robots_denied = 4
    report = stats.as_dict()
    assert report["total"]["requests"] == 4 and report["total"]["robots_denied"] == 4
    assert report["hosts"]["a.example"]["statuses"] == {"200": 2}


def test_pacing_sleeps_exactly_the_gap_and_pauses_beyond_the_cap_fail_fast() -> None:
    clock = FakeClock()

    async def go() -> list[float]:
        politeness = Politeness(concurrency=2, delay_for=lambda host: 2.0, connections_for=lambda host: 1,
                                max_wait=60.0, clock=clock, sleep=clock.sleep)
        starts: list[float] = []

        async def one() -> None:
            async with politeness.turn("a.example"):
                starts.append(clock.now)

        await asyncio.gather(*(one() for _ in range(4)))
        politeness.gate("a.example").pause_until(clock.now + 600)
        with pytest.raises(HostPaused):
            async with politeness.turn("a.example"):
                pass
        return starts

    starts = asyncio.run(go())
    assert [b - a for a, b in pairwise(starts)] == [2.0, 2.0, 2.0]
    assert clock.sleeps == [2.0, 2.0, 2.0]  # one sleep per wait: no polling
