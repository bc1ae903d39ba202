"""`pressharvest links FILE --site SITE --url URL`: a saved list page or feed → its article links."""

from __future__ import annotations

import argparse

from pressharvest.commands._common import add_sites_option, print_json, read_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("links", help="list the article links of a saved news list page or RSS feed")
    parser.add_argument("file", help="the saved list page or feed")
    parser.add_argument("--site", help="site id (default: the registered site matching --url)")
    parser.add_argument("--url", required=True, help="the page's address (links are resolved against it)")
    add_sites_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pressharvest.parse import Registry, parse_links

    content = read_file(args.file)
    links = parse_links(content, site=args.site, url=args.url, registry=Registry.load(args.sites))
    print_json(links.model_dump(mode="json"))
    return 0
