"""argparse `type=` functions shared by the commands: a bad value is a usage error (exit 2) that
names the flag (argparse prints `argument --x: …`), never a traceback or a late error."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from pressharvest.urls import http_address_error

# The bounds a site TOML puts on `delay` (`sites/config.py`): `--delay` keeps to the same.
MAX_DELAY = 3600.0
# Longest span a seconds flag of the slice commands may give: a year (time arithmetic stays finite).
MAX_SPAN = 366 * 86_400.0


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


def positive_int(value: str) -> int:
    """A whole number of at least 1."""
    number = _int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def non_negative_int(value: str) -> int:
    """A whole number of at least 0."""
    number = _int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {number}")
    return number


def seconds(*, maximum: float, positive: bool = False) -> Callable[[str], float]:
    """A finite number of seconds from 0 (or above 0, when `positive`) up to `maximum`."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
        low_ok = number > 0 if positive else number >= 0
        if not math.isfinite(number) or not low_ok or number > maximum:
            low = "above 0" if positive else "from 0"
            raise argparse.ArgumentTypeError(f"must be {low} up to {maximum:.0f} seconds, got {value!r}")
        return number

    return parse


def http_url(value: str) -> str:
    """An absolute http(s) URL with a host (and, if given, a valid port)."""
    error = http_address_error(value)
    if error is not None:
        raise argparse.ArgumentTypeError(error)
    return value


def url_or_file(value: str) -> str:
    """A page address (checked as `http_url` when it starts with http:// or https://) or a file path."""
    return http_url(value) if value.lower().startswith(("http://", "https://")) else value


def site_id(value: str) -> str:
    """A site id as the site TOML and the record model require it."""
    from pressharvest.sites.config import SITE_ID_RULE, is_site_id

    if not is_site_id(value):
        raise argparse.ArgumentTypeError(f"bad site id {value!r}: {SITE_ID_RULE}")
    return value


def time_zone(value: str) -> str:
    """An IANA time zone name this machine knows (e.g. Europe/Moscow)."""
    from pressharvest.text.dates import zone

    try:
        zone(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def user_agent(value: str) -> str:
    """A User-Agent header value: not empty, printable ASCII (no line breaks, no control characters)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    if not all(" " <= char <= "~" for char in value):
        raise argparse.ArgumentTypeError(f"printable ASCII only (no line breaks): {value!r}")
    return value
