"""Counters the harvest reads for its run report: per host and in total."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class HostStats:
    requests: int = 0  # HTTP requests sent, robots.txt and redirects and retries included
    bytes: int = 0  # decoded body bytes received
    wire_bytes: int = 0  # body bytes as sent (compressed)
    retries: int = 0
    robots_denied: int = 0
    refused: int = 0  # policy refusals other than robots (address, scheme, state-changing)
    not_modified: int = 0
    redirects: int = 0
    failures: int = 0  # fetches that ended in a FetchError
    statuses: Counter[int] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests, "bytes": self.bytes, "wire_bytes": self.wire_bytes,
            "retries": self.retries, "robots_denied": self.robots_denied, "refused": self.refused,
            "not_modified": self.not_modified, "redirects": self.redirects, "failures": self.failures,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


@dataclass(slots=True)
class FetchStats:
    hosts: dict[str, HostStats] = field(default_factory=dict)

    def host(self, host: str) -> HostStats:
        stats = self.hosts.get(host)
        if stats is None:
            stats = self.hosts[host] = HostStats()
        return stats

    def total(self) -> HostStats:
        total = HostStats()
        for stats in self.hosts.values():
            for name in ("requests", "bytes", "wire_bytes", "retries", "robots_denied", "refused",
                         "not_modified", "redirects", "failures"):
                setattr(total, name, getattr(total, name) + getattr(stats, name))
            total.statuses.update(stats.statuses)
        return total

    def as_dict(self) -> dict[str, Any]:
        hosts = {host: stats.as_dict() for host, stats in sorted(self.hosts.items())}
        return {"total": self.total().as_dict(), "hosts": hosts}
