"""Discovery: a site's news list pages newest first (following `next`) and its RSS feed.

Incremental: the walk stops at the first list page whose articles are all known already, so a quiet
day costs one list request per site. `backfill` walks at least that many pages; `since` keeps
walking until a page's articles are all older than that day (its articles are harvested as the walk
goes, so their dates are known). List pages and feeds are fetched with conditional GET.

A walk that did not reach its end (a list page failed, or the run was killed) is redone in full by
the next run (`resume`): otherwise that run would stop at the first, already known, page and never
see the articles listed only on the pages the broken walk did not reach.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from pressharvest.errors import FetchError, ParseError
from pressharvest.fetch import Fetcher
from pressharvest.harvest.report import SiteReport
from pressharvest.harvest.store.base import RunInfo, Store
from pressharvest.models import Links
from pressharvest.parse import Registry, parse_links
from pressharvest.sites.config import Site

logger = logging.getLogger(__name__)

# Harvests the given new article URLs of one list page; returns their publication days.
PageHarvester = Callable[[list[str]], Awaitable[list[date]]]


@dataclass
class DiscoveryContext:
    site: Site
    store: Store
    fetcher: Fetcher
    registry: Registry
    report: SiteReport
    run_id: int
    backfill: int
    max_list_pages: int
    since: date | None
    resume: bool = False  # the site's last walk did not finish: walk to the end, known pages or not


async def _links(ctx: DiscoveryContext, url: str) -> Links | None:
    """Fetch and parse one list page or feed; None when it failed (counted) or did not change (304)."""
    state = ctx.store.url_state(url)
    try:
        result = await ctx.fetcher.fetch(
            url, etag=state.etag if state else None, last_modified=state.last_modified if state else None
        )
    except FetchError as exc:
        ctx.report.failures[f"list page: {exc.reason}"] += 1
        ctx.report.failed_urls.append(url)
        if not exc.final:
            ctx.report.list_failed += 1  # the walk stopped short: exit 3, retried next run
        logger.warning("%s: list page %s: %s", ctx.site.id, url, exc.reason)
        return None
    if result.not_modified:
        return Links(articles=[], next=None)
    ctx.report.list_pages += 1
    try:
        links = parse_links(result.content, site=ctx.site.id, url=url, headers=result.headers, registry=ctx.registry)
    except ParseError as exc:
        ctx.report.failures[f"list page: parse error: field {exc.field}"] += 1
        ctx.report.drift.append({"url": url, "field": exc.field, "error": str(exc)})
        return None
    if not links.articles and links.next is None:
        # An error page or an empty body served with status 200 reads as a list with nothing on it;
        # taken as the end of the list, it would end the walk as if complete.
        ctx.report.failures["list page: no article links"] += 1
        ctx.report.failed_urls.append(url)
        logger.warning("%s: list page %s has no article links", ctx.site.id, url)
        return None
    ctx.store.add_urls(ctx.site.id, [url], kind="list", discovered_in_run=ctx.run_id)
    ctx.store.put_raw(url, result.content, result.headers, result.fetched_at, result.status)  # for the archive
    ctx.store.set_validators(url, result.headers.get("etag"), result.headers.get("last-modified"))
    return links


def _new(ctx: DiscoveryContext, urls: list[str]) -> list[str]:
    known = ctx.store.known_urls(ctx.site.id, urls)
    fresh = [url for url in urls if url not in known]
    ctx.store.add_urls(ctx.site.id, fresh, discovered_in_run=ctx.run_id)
    ctx.report.discovered += len(fresh)
    return fresh


async def discover(ctx: DiscoveryContext, harvest_new: PageHarvester) -> None:
    """Walk the site's feed and list pages, harvesting each page's new articles as it goes."""
    if ctx.site.rss_url:
        links = await _links(ctx, ctx.site.rss_url)
        if links is not None:
            await harvest_new(_new(ctx, links.articles))
    url: str | None = ctx.site.list_url
    pages = 0
    while url is not None and pages < ctx.max_list_pages:
        links = await _links(ctx, url)
        pages += 1
        if links is None:
            return  # walk_complete stays False: the next run walks again to the end
        fresh = _new(ctx, links.articles)
        days = await harvest_new(fresh)
        if ctx.since is not None:
            if days and max(days) < ctx.since:
                break
        elif not fresh and pages >= ctx.backfill and not ctx.resume:
            break
        url = links.next
    ctx.report.walk_complete = True


def unfinished_walks(runs: list[RunInfo], current_run: int) -> set[str]:
    """Sites whose latest walk before `current_run` did not finish: its run never finished (killed)
    or its report says a list page broke the walk."""
    latest: dict[str, bool] = {}
    for info in runs:
        if info.run_id >= current_run:
            continue
        reports = info.report.get("sites", [])
        walked = {str(r.get("site")): bool(r.get("walk_complete", True))
                  for r in reports if isinstance(r, dict)} if isinstance(reports, list) else {}
        for site in info.sites:
            latest[site] = info.finished_at is not None and walked.get(site, True)
    return {site for site, complete in latest.items() if not complete}
