"""`pressharvest links FILE --site SITE --url URL`: a saved list page or feed → its article links."""

from __future__ import annotations

import argparse

from pressharvest.commands._common import add_saved_page_arguments, add_sites_option, print_model, read_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("links", help="list the article links of a saved news list page or RSS feed")
    add_saved_page_arguments(parser, "the saved list page or feed", url_required=True,
                             url_help="the page's address (links are resolved against it)")
    add_sites_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.parse import Registry, parse_links

    content = read_file(args.file)
    print_model(parse_links(content, site=args.site, url=args.url, registry=Registry.load(args.sites)))
    return 0
