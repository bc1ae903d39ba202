"""The polite, bounded HTTP fetcher (robots.txt, pacing, retries, caps, address rules).

    async with Fetcher(FetchConfig(mirrors={"https://admobninsk.ru": "http://127.0.0.1:8081"},
                                   allow_loopback=True)) as fetcher:
        result = await fetcher.fetch("https://admobninsk.ru/news/")
"""

from __future__ import annotations

from pressharvest.fetch.addresses import IPAddress, Resolver, SystemResolver
from pressharvest.fetch.client import Fetcher, FetchResult
from pressharvest.fetch.config import FetchConfig, HostLimits, RetryConfig, default_user_agent
from pressharvest.fetch.robots import RobotsRules, parse_robots
from pressharvest.fetch.stats import FetchStats, HostStats

__all__ = [
    "FetchConfig",
    "FetchResult",
    "FetchStats",
    "Fetcher",
    "HostLimits",
    "HostStats",
    "IPAddress",
    "Resolver",
    "RetryConfig",
    "RobotsRules",
    "SystemResolver",
    "default_user_agent",
    "parse_robots",
]
