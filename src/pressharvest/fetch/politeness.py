"""Per-host pacing and connection limits under one global concurrency limit.

A request to a host waits, in order, for: one of the host's connection slots (default 1), the host's
next allowed start (previous start + delay, or later if the server asked for a pause), and one of the
global slots. The start time is claimed only once all three are held, so a wait for a global slot can
never squeeze two starts to one host closer than its delay. When the response is over the client
stamps the start again (`HostGate.restamp`), so the delay counts from the end of the previous
response: a request sent late by a busy event loop cannot bring the next one closer than the delay
at the server. Every wait is a sleep or a semaphore: no busy loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class HostPaused(Exception):
    """The host asked us (Retry-After) to stay away longer than the run is willing to wait."""

    def __init__(self, host: str, seconds: float) -> None:
        self.host = host
        self.seconds = seconds
        super().__init__(f"{host} asked for a pause of {seconds:.0f} s")


class HostGate:
    def __init__(self, host: str, delay: float, max_connections: int, clock: Clock) -> None:
        self.host = host
        self.delay = delay
        self.max_connections = max_connections
        self._slots = asyncio.Semaphore(max_connections)
        self._clock = clock
        self._last_start: float | None = None
        self._paused_until = 0.0

    def raise_delay(self, delay: float) -> None:
        """Crawl-delay: only ever makes the host slower."""
        if delay > self.delay:
            logger.info("%s: delay raised to %.2f s by robots.txt", self.host, delay)
            self.delay = delay

    def pause_until(self, when: float) -> None:
        self._paused_until = max(self._paused_until, when)

    def pause_left(self) -> float:
        return self._paused_until - self._clock()

    def next_start(self) -> float:
        earliest = self._paused_until
        if self._last_start is not None:
            earliest = max(earliest, self._last_start + self.delay)
        return earliest

    def restamp(self) -> None:
        """Count the current request's start from now (its response is over): whatever delayed the
        send (a busy event loop, a worker's lease renewal) cannot shorten the gap the server sees."""
        self._last_start = self._clock()

    def try_start(self) -> bool:
        # No await between the check and the claim: atomic under asyncio.
        now = self._clock()
        if now < self.next_start():
            return False
        self._last_start = now
        return True


class Politeness:
    def __init__(
        self,
        *,
        concurrency: int,
        delay_for: Callable[[str], float],
        connections_for: Callable[[str], int],
        max_wait: float,  # the longest server-requested pause a request waits out
        clock: Clock,
        sleep: Sleep,
    ) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._delay_for = delay_for
        self._connections_for = connections_for
        self._max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._gates: dict[str, HostGate] = {}

    def gate(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = HostGate(host, self._delay_for(host), self._connections_for(host), self._clock)
            self._gates[host] = gate
        return gate

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Hold a connection slot of `host` and a global slot, with the host's pacing respected."""
        gate = self.gate(host)
        async with gate._slots:
            while True:
                pause = gate.pause_left()
                if pause > self._max_wait:
                    raise HostPaused(host, pause)
                wait = gate.next_start() - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                async with self._global:
                    if gate.try_start():
                        yield
                        return
                # Someone else started on this host while we waited for a global slot: wait again.
