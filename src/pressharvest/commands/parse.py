"""`pressharvest parse FILE [--site SITE] [--url URL] [--fetched-at ISO]`: one saved page → one record."""

from __future__ import annotations

import argparse

from pressharvest.commands._common import (
    add_saved_page_arguments,
    add_sites_option,
    iso_datetime,
    print_model,
    read_file,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("parse", help="parse a saved article page into a record (JSON on stdout)")
    add_saved_page_arguments(parser, "the saved page", url_help="the page's address (default: its canonical link)")
    parser.add_argument("--fetched-at", type=iso_datetime, help="when the page was fetched (resolves 'Сегодня')")
    add_sites_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.errors import ParseError
    from pressharvest.parse import Registry, parse_page

    content = read_file(args.file)
    try:
        record = parse_page(
            content, site=args.site, url=args.url, fetched_at=args.fetched_at, registry=Registry.load(args.sites)
        )
    except ParseError as exc:  # without --url, the file names the page
        raise exc.located(site=args.site, url=str(args.file)) from None
    print_model(record)
    return 0
