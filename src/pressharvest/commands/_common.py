"""Option bundles and small helpers shared by subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from pressharvest.errors import InputError


def add_sites_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sites", metavar="FILE", help="a TOML file adding or overriding sites (also $PRESSHARVEST_SITES)"
    )


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def iso_datetime(value: str) -> datetime:
    """argparse type: an ISO 8601 moment with offset (a naive one is taken as UTC)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {value!r}") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"needs an offset, e.g. {value}+00:00")
    return moment


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
