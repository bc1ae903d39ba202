"""`pressharvest sites check SITE`: fetch (or read saved) list and article pages and report, field by
field, what the site's family parser finds. Exit 0 when the family fits, 1 when required fields fail.
(Registered by `commands/sites.py`; the logic is `pressharvest.sites.check`.)"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pressharvest.commands._common import add_sites_option, read_file
from pressharvest.commands._types import positive_int
from pressharvest.commands.harvest import add_fetch_options

if TYPE_CHECKING:
    from pressharvest.parse import Registry
    from pressharvest.sites.check import CheckReport


def add_check(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        "check", help="report, field by field, what a site's family parser finds on its list and article pages"
    )
    parser.add_argument("site", help="site id (built-in or from --sites)")
    add_sites_option(parser)
    parser.add_argument("--from-dir", type=Path, metavar="DIR",
                        help="read saved pages (a folder with index.json, as `capture` writes) instead of fetching")
    parser.add_argument("--articles", type=positive_int, default=3, metavar="N", help="check the first N articles (3)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_fetch_options(parser)
    parser.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    from pressharvest.parse import Registry
    from pressharvest.sites.check import CheckReport

    registry = Registry.load(args.sites)
    site = registry.resolve(args.site, None)
    report = CheckReport(site)
    if args.from_dir is not None:
        _check_saved(report, args.from_dir, args.articles, registry)
    else:
        _check_fetched(report, args, registry)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.render())
    return 0 if report.fits else 1


def _check_saved(report: CheckReport, folder: Path, count: int, registry: Registry) -> None:
    from datetime import datetime

    from pressharvest.devtools.fixtures import ARTICLE_KINDS, FixtureIndex
    from pressharvest.sites.check import check_article, check_list

    index = FixtureIndex.load(folder)
    lists = [page for page in index.pages if page.get("file") and page.get("kind") in ("list", "rss")]
    articles = [page for page in index.pages if page.get("file") and page.get("kind") in ARTICLE_KINDS]
    for entry in [*lists[:1], *articles[:count]]:
        content = read_file(str(folder / entry["file"]))
        headers = entry.get("headers") or {"content-type": f"text/html; charset={entry.get('charset') or 'utf-8'}"}
        if entry["kind"] in ("list", "rss"):
            report.pages.append(check_list(content, site=report.site, url=entry["url"], registry=registry,
                                           headers=headers)[0])
            continue
        fetched_at = datetime.fromisoformat(entry["fetched_at"]) if entry.get("fetched_at") else None
        report.pages.append(check_article(content, site=report.site, url=entry["url"], headers=headers,
                                          fetched_at=fetched_at))


def _check_fetched(report: CheckReport, args: argparse.Namespace, registry: Registry) -> None:
    from pressharvest.devtools.fetching import Fetched, config_from_args, fetch_pages
    from pressharvest.errors import ConfigError
    from pressharvest.sites.check import PageCheck, check_article, check_list

    site = report.site
    if not site.list_url:
        raise ConfigError("the site has no list_url to start from (or use --from-dir)", key=f"sites.{site.id}")

    def articles_of(fetched: list[Fetched]) -> list[str]:
        (listed,) = fetched
        if listed.result is None:
            report.pages.append(PageCheck(listed.url, "list", error=str(listed.error)))
            return []
        check, links = check_list(listed.result.content, site=site, url=listed.url, registry=registry,
                                  headers=listed.result.headers)
        report.pages.append(check)
        return links[: args.articles]

    pages = fetch_pages(config_from_args(args, (site,)), [site.list_url], follow=articles_of)
    for page in pages[1:]:
        if page.result is None and page.error is not None and page.error.status in (404, 410):
            # An article the site has removed since listing it says nothing of the family.
            report.pages.append(PageCheck(page.url, "article", skipped=f"gone ({page.error.reason})"))
            continue
        if page.result is None:
            report.pages.append(PageCheck(page.url, "article", error=str(page.error)))
            continue
        report.pages.append(check_article(page.result.content, site=site, url=page.url,
                                          headers=page.result.headers, fetched_at=page.result.fetched_at))
