"""The `pressharvest` command: argument parsing, one-line errors and exit codes only.

Each subcommand lives in `pressharvest.commands.<name>` and is discovered there: a module defines
`register(subparsers)` which adds its parser and sets `handler` (a function `args -> exit code`).

Exit codes: 0 done; 1 bad input (ParseError, ConfigError, unreadable file); 2 usage error;
3 harvest finished with pages still failing; 4 drift alarm; 5 could not start (store locked/corrupt).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from pressharvest import __version__, commands
from pressharvest.errors import PressHarvestError, StoreError

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_PAGES_FAILED = 3
EXIT_DRIFT = 4
EXIT_CANNOT_START = 5


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressharvest",
        description="Harvest press releases from Russian administration websites into validated records.",
    )
    parser.add_argument("--version", action="version", version=f"pressharvest {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def exit_code_for(error: PressHarvestError) -> int:
    """A store that cannot be opened or is locked: could not start; anything else the user gave: bad input."""
    return EXIT_CANNOT_START if isinstance(error, StoreError) else EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # (output to a full disk fails here, not unreported at exit)
    except PressHarvestError as exc:
        print(f"pressharvest: {exc}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        print("pressharvest: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # what the machine answered (a read-only folder, a full disk): not a bug
        where = f": {exc.filename}" if exc.filename else ""
        print(f"pressharvest: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code
