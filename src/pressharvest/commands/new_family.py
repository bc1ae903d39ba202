"""`pressharvest new-family NAME --from URL|DIR|FILE[=URL]…`: start a family parser from sample pages.

Writes `src/pressharvest/sites/families/NAME.py` (one `V1` layout with the selectors the generic
extractor used), saves the pages under `fixtures/NAME/` with an index, and drafts their expected
records from the generic output, marked `"draft": true`. Refuses to overwrite a family or a folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pressharvest.commands._types import http_url, site_id, time_zone
from pressharvest.commands.harvest import add_fetch_options

if TYPE_CHECKING:
    from pressharvest.devtools.pages import PageBytes
    from pressharvest.sites.config import Site

_FAMILIES_DIR = Path(__file__).resolve().parent.parent / "sites" / "families"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("new-family", help="scaffold a family module and draft fixtures from sample pages")
    parser.add_argument("name", help="the family's name (module name: lower-case letters, digits, _)")
    parser.add_argument("--from", dest="sources", nargs="+", required=True, metavar="URL|DIR|FILE[=URL]",
                        help="sample pages: URLs to fetch, a folder written by `capture`, or saved files "
                             "(FILE=URL gives a file's address; else its canonical link, else <site-url>/<name>)")
    parser.add_argument("--site-url", type=http_url, help="the site's base URL (default: the first page's origin)")
    parser.add_argument("--site-id", type=site_id,
                        help="the site id written in the fixtures index (default: NAME with - for _)")
    parser.add_argument("--timezone", type=time_zone, default="Europe/Moscow",
                        help="the site's IANA time zone (Europe/Moscow)")
    parser.add_argument("--fixtures", type=Path, default=Path("fixtures"), help="fixtures root (fixtures/)")
    parser.add_argument("--module-dir", type=Path, default=_FAMILIES_DIR,
                        help="where family modules live (default: this installation's source tree, "
                             "pressharvest/sites/families)")
    add_fetch_options(parser)
    parser.set_defaults(handler=run)


def _source_url(value: str) -> str:
    """A `--from` address, checked as the URL flags are (a usage slip named by its flag)."""
    from pressharvest.errors import ConfigError

    try:
        return http_url(value)
    except argparse.ArgumentTypeError as exc:
        raise ConfigError(str(exc), key="--from") from None


def _split_source(source: str) -> tuple[str, str | None]:
    """`FILE=URL` → (FILE, URL); a bare URL or FILE → (it, None)."""
    head, sep, tail = source.partition("=")
    if sep and tail.startswith(("http://", "https://")) and not head.startswith(("http://", "https://")):
        return head, tail
    return source, None


def _file_url(content: bytes, path: Path, site_url: str | None) -> str | None:
    from selectolax.lexbor import LexborHTMLParser

    from pressharvest.decode import decode_page
    from pressharvest.sites.landmarks import canonical_link, meta_content

    tree = LexborHTMLParser(decode_page(content))
    found = canonical_link(tree) or meta_content(tree, "og:url")
    if found and found.startswith(("http://", "https://")):
        return found
    return f"{site_url.rstrip('/')}/{path.name}" if site_url else None


def run(args: argparse.Namespace) -> int:
    from pressharvest.commands._common import read_file
    from pressharvest.devtools.pages import PageBytes, captured
    from pressharvest.devtools.scaffold import new_family, refuse_existing
    from pressharvest.errors import ConfigError
    from pressharvest.sites.config import Site

    refuse_existing(args.name, args.module_dir / f"{args.name}.py", args.fixtures / args.name)
    sources = [_split_source(source) for source in args.sources]
    files: list[PageBytes] = []
    urls: list[str] = []
    for where, given_url in sources:
        if where.startswith(("http://", "https://")):
            urls.append(_source_url(where))
            continue
        if Path(where).is_dir():
            files += captured(Path(where))
            continue
        content = read_file(where)
        url = _source_url(given_url) if given_url else _file_url(content, Path(where), args.site_url)
        if url is None:
            raise ConfigError(f"{where}: no canonical link; give FILE=URL or --site-url", key="--from")
        files.append(PageBytes(url, content))
    first = args.site_url or (urls + [page.url for page in files])[0]
    parts = urlsplit(first)
    site = Site(id=args.site_id or args.name.replace("_", "-"), family="generic",
                base_url=f"{parts.scheme}://{parts.netloc}", timezone=args.timezone)
    pages = _fetched(args, site, urls) + files
    if not pages:
        raise ConfigError("no page could be read", key="--from")
    scaffold = new_family(args.name, pages, site=site, module_dir=args.module_dir, fixtures=args.fixtures)
    for item in scaffold.saved:
        print(f"{item.kind:13} {scaffold.folder / item.file}  (draft)  {item.url}")
    for role, chosen in scaffold.selectors.items():
        print(f"{role:5} selector: {chosen.selector if chosen else '(none found)'}")
    print(f"wrote {scaffold.module}")
    lists = [item.url for item in scaffold.saved if item.kind == "list"]
    print("\nnext: add the site (builtin.toml or your --sites file), fill in the parser, then\n"
          f"  python -m pressharvest.devtools.update_golden {scaffold.folder}\n"
          "check every draft, drop \"draft\": true, and run the golden test. Site entry:\n")
    print(f'[sites.{site.id}]\nfamily = "{args.name}"\nbase_url = "{site.base_url}"')
    if lists:
        print(f'list_url = "{lists[0]}"')
    print(f'timezone = "{site.timezone}"')
    return 0


def _fetched(args: argparse.Namespace, site: Site, urls: list[str]) -> list[PageBytes]:
    from pressharvest.devtools.fetching import config_from_args, fetch_pages
    from pressharvest.devtools.pages import received

    if not urls:
        return []
    pages, failed = received(fetch_pages(config_from_args(args, (site,)), urls))
    for page in failed:
        print(f"pressharvest: {page.error}", file=sys.stderr)
    return pages
