"""Fetcher settings: one frozen dataclass with safe defaults, so a caller only states what differs.

Every limit that protects the servers we visit (delays, connections, retries) or protects us
(deadline, size cap, address rules) lives here; nothing in `fetch/` hard-codes one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pressharvest.errors import ConfigError

logger = logging.getLogger(__name__)

CONTACT_URL = "https://github.com/pressharvest/pressharvest"
MiB = 1024 * 1024


def _package_version() -> str:
    # Read from the installed metadata, not `pressharvest.__version__`: the package's __init__ imports
    # the harvest, which imports this module, and a cycle would leave the attribute unset.
    try:
        return version("pressharvest")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


def default_user_agent() -> str:
    return f"pressharvest/{_package_version()} (+{CONTACT_URL})"


@dataclass(frozen=True, slots=True)
class RetryConfig:
    """Retries of one request: backoff `base * 2**n` plus up to `base` of jitter, capped at `backoff_cap`."""

    attempts: int = 3
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    # A Retry-After longer than this is not waited for in this run: the URL fails (not final) and the
    # host is paused until the time the server gave.
    retry_after_cap: float = 120.0
    budget_per_host: int = 50
    budget_per_run: int = 1000

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ConfigError("must be at least 1", key="retry.attempts")
        for name in ("backoff_base", "backoff_cap", "retry_after_cap"):
            if getattr(self, name) < 0:
                raise ConfigError("must not be negative", key=f"retry.{name}")
        if self.budget_per_host < 0 or self.budget_per_run < 0:
            raise ConfigError("must not be negative", key="retry.budget")


@dataclass(frozen=True, slots=True)
class HostLimits:
    """Per-host overrides of the default delay and connection limit (a site's `delay`, `max_connections`)."""

    delay: float | None = None
    max_connections: int | None = None


@dataclass(frozen=True, slots=True)
class FetchConfig:
    user_agent: str = field(default_factory=default_user_agent)
    # The robots.txt product token; by default the user agent's first word (`pressharvest`).
    robots_token: str | None = None
    delay: float = 1.0
    max_connections_per_host: int = 1
    concurrency: int = 16
    deadline: float = 30.0
    connect_timeout: float = 10.0
    max_bytes: int = 10 * MiB
    max_redirects: int = 5
    robots_max_bytes: int = 500 * 1024  # RFC 9309 §2.5: at least 500 KiB must be parsed
    crawl_delay_cap: float = 30.0
    retry: RetryConfig = field(default_factory=RetryConfig)
    allow_loopback: bool = False
    allow_private: bool = False
    # Extra CA files, added to the certifi and system trust; there is deliberately no switch to turn
    # certificate verification off.
    ca_bundles: tuple[Path, ...] = ()
    # ORIGIN → URL: requests for the origin go to the URL; politeness and robots stay the origin's.
    mirrors: Mapping[str, str] = field(default_factory=dict)
    hosts: Mapping[str, HostLimits] = field(default_factory=dict)
    http2: bool = True

    def __post_init__(self) -> None:
        checks: dict[str, bool] = {
            "user_agent": bool(self.user_agent.strip()),
            "delay": self.delay >= 0,
            "max_connections_per_host": self.max_connections_per_host >= 1,
            "concurrency": self.concurrency >= 1,
            "deadline": self.deadline > 0,
            "connect_timeout": self.connect_timeout > 0,
            "max_bytes": self.max_bytes > 0,
            "max_redirects": self.max_redirects >= 0,
            "robots_max_bytes": self.robots_max_bytes > 0,
            "crawl_delay_cap": self.crawl_delay_cap >= 0,
        }
        for key, ok in checks.items():
            if not ok:
                raise ConfigError(f"bad value {getattr(self, key)!r}", key=key)
        for host, limits in self.hosts.items():
            if limits.delay is not None and limits.delay < 0:
                raise ConfigError(f"bad value {limits.delay!r}", key=f"hosts.{host}.delay")
            if limits.max_connections is not None and limits.max_connections < 1:
                key = f"hosts.{host}.max_connections"
                raise ConfigError(f"bad value {limits.max_connections!r}", key=key)
        for bundle in self.ca_bundles:
            if not Path(bundle).is_file():
                raise ConfigError(f"no such file: {bundle}", key="ca_bundle")

    @property
    def product_token(self) -> str:
        token = self.robots_token or self.user_agent.split("/", 1)[0].split()[0]
        return token.lower()

    def host_delay(self, host: str) -> float:
        limits = self.hosts.get(host)
        return limits.delay if limits is not None and limits.delay is not None else self.delay

    def host_connections(self, host: str) -> int:
        limits = self.hosts.get(host)
        if limits is not None and limits.max_connections is not None:
            return limits.max_connections
        return self.max_connections_per_host
