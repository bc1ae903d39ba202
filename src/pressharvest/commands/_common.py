"""Option bundles and small helpers shared by subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pressharvest.commands._types import http_url
from pressharvest.errors import ConfigError, InputError, unknown_site

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pressharvest.sites.config import Site

DEFAULT_DB = "output/pressharvest.sqlite3"


def add_sites_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sites", metavar="FILE", help="a TOML file adding or overriding sites (also $PRESSHARVEST_SITES)"
    )


def add_site_selection(parser: argparse.ArgumentParser, verb: str) -> None:
    """`--site` (repeatable) and `--sites`, read back by `selected_sites`."""
    parser.add_argument("--site", action="append", default=[], metavar="ID",
                        help=f"{verb} this site (repeatable; default: every enabled site)")
    add_sites_option(parser)


def selected_sites(args: argparse.Namespace) -> tuple[Site, ...]:
    """The sites `add_site_selection`'s flags name: each `--site` once, else every enabled site."""
    from pressharvest.sites.config import load_sites

    sites = load_sites(args.sites)
    if args.site:
        unknown = [site for site in args.site if site not in sites]
        if unknown:
            raise unknown_site(unknown[0])
        return tuple(sites[site] for site in dict.fromkeys(args.site))  # a repeated --site runs once
    enabled = tuple(site for site in sites.values() if site.enabled)
    if not enabled:
        raise ConfigError("no enabled sites; name some with --site", key="site")
    return enabled


def known_site(site: str | None, user_file: str | None) -> None:
    """A `--site` that names no registered site (built-in or from `--sites`) is a `ConfigError`."""
    from pressharvest.sites.config import load_sites

    if site is not None and site not in load_sites(user_file):
        raise unknown_site(site)


def add_date_range(parser: argparse.ArgumentParser) -> None:
    """`--since`/`--until DATE`; `check_date_range` refuses a since after the until (exit 2)."""
    parser.add_argument("--since", type=date.fromisoformat, metavar="DATE", help="published on or after DATE")
    parser.add_argument("--until", type=date.fromisoformat, metavar="DATE", help="published on or before DATE")
    parser.set_defaults(usage_error=parser.error)


def check_date_range(args: argparse.Namespace) -> None:
    if args.since is not None and args.until is not None and args.since > args.until:
        args.usage_error(f"argument --since: {args.since} is after --until {args.until}")


def add_db_option(parser: argparse.ArgumentParser, note: str = "") -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL ({DEFAULT_DB}){note}")


def require_database(db: str) -> None:
    """A `--db` file path that names no file is bad input (a database URL is the server's to judge)."""
    if "://" not in db and not Path(db).is_file():
        raise InputError(db, "no such database (run `pressharvest harvest` first, or pass --db)")


def add_saved_page_arguments(parser: argparse.ArgumentParser, file_help: str, *, url_help: str,
                             url_required: bool = False) -> None:
    """FILE, `--site` and `--url` of the commands that parse one saved page."""
    parser.add_argument("file", help=file_help)
    parser.add_argument("--site", help="site id (default: the registered site matching --url)")
    parser.add_argument("--url", type=http_url, required=url_required, help=url_help)


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


def print_model(model: BaseModel) -> None:
    print_json(model.model_dump(mode="json"))
