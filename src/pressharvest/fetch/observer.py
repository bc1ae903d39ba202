"""`HostObserver`: lets a caller see (and veto) each request to a host as the fetcher's pacing starts it.

The fetcher paces hosts in-process; a worker that shares hosts with other processes through a
database also needs to record each start where they can read it, and to stop at once when it no
longer owns the host. The harvest slice (`harvest/slice.py`) implements this with a host lease.
"""

from __future__ import annotations

from typing import Protocol


class HostObserver(Protocol):
    def starting(self, host: str, next_start_in: float) -> None:
        """A request to `host` is about to be sent; the one after it may start `next_start_in` seconds
        from now. Raising here (e.g. `LeaseLost`) cancels the request and propagates to the caller."""
        ...

    def finished(self, host: str, next_start_in: float) -> None:
        """The request to `host` is over (answered or failed); the next may start `next_start_in`
        seconds from now: the fetcher counts a worker's delay from the end of each response."""
        ...

    def paused(self, host: str, seconds: float) -> None:
        """The server asked (Retry-After) that `host` be left alone for `seconds`."""
        ...
