"""What is retried, how long to wait, and how many retries a host and a run may spend.

Retried: connection errors, timeouts (the total deadline included), truncated or undecodable bodies,
408, 429 and 5xx. Never retried: any other 4xx, policy refusals, oversized bodies. The wait is
exponential with jitter (`base * 2**n + U(0, base)`, capped) or the server's `Retry-After` when that
is longer; a `Retry-After` beyond the cap is not waited for at all (the client pauses the host).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type

from pressharvest.fetch.config import RetryConfig

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))


class Retryable(Exception):
    """One failed attempt that may succeed if tried again."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        super().__init__(reason)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or an HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # HTTP dates are GMT
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


class RetryBudget:
    """Retries left for each host and for the whole run; spent one at a time, never refilled."""

    def __init__(self, per_host: int, per_run: int) -> None:
        self.per_host = per_host
        self.run_left = per_run
        self._spent: dict[str, int] = {}

    def take(self, host: str) -> bool:
        spent = self._spent.get(host, 0)
        if self.run_left <= 0 or spent >= self.per_host:
            return False
        self.run_left -= 1
        self._spent[host] = spent + 1
        return True

    def spent(self, host: str) -> int:
        return self._spent.get(host, 0)


def retrying(
    config: RetryConfig,
    budget: RetryBudget,
    host: str,
    *,
    sleep: Callable[[float], Awaitable[None]],
    on_retry: Callable[[RetryCallState], None] | None = None,
) -> AsyncRetrying:
    def wait(state: RetryCallState) -> float:
        # Written out rather than tenacity's wait_exponential_jitter, whose parameters moved in 9.x.
        exponent = min(state.attempt_number - 1, 60)
        backoff = config.backoff_base * 2.0**exponent + random.uniform(0, config.backoff_base)
        seconds = min(backoff, config.backoff_cap)
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, Retryable) and exc.retry_after is not None:
            seconds = max(seconds, min(exc.retry_after, config.retry_after_cap))
        return seconds

    def stop(state: RetryCallState) -> bool:
        if state.attempt_number >= config.attempts:
            return True
        if not budget.take(host):
            logger.warning("%s: retry budget spent, giving up", host)
            return True
        return False

    return AsyncRetrying(
        retry=retry_if_exception_type(Retryable),
        wait=wait,
        stop=stop,
        sleep=sleep,
        reraise=True,
        before_sleep=on_retry,
    )
