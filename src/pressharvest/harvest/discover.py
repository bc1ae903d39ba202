"""Discovery: a site's news list pages newest first (following `next`) and its RSS feed.

Incremental: the walk stops at the first list page whose articles are all known already, so a quiet
day costs one list request per site. `backfill` walks at least that many pages; `since` keeps
walking until a page's articles are all older than that day (its articles are harvested as the walk
goes, so their dates are known). List pages and feeds are fetched with conditional GET.

A walk that did not reach its end is finished by the next run (`resume`): from the list page that
broke it (or from the first page, when the run was killed), to the end whether its pages are known or
not; then the usual incremental walk from the first page. Otherwise that run would stop at the first,
already known, page and never see the articles listed only on the pages the broken walk did not reach;
and restarting from the first page each time never gets deep into a long list on a flaky server.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from pressharvest.errors import FetchError, ParseError
from pressharvest.harvest.context import SiteContext
from pressharvest.harvest.store.base import RunInfo
from pressharvest.models import Links
from pressharvest.parse import parse_links

logger = logging.getLogger(__name__)

# Harvests the given new article URLs of one list page; returns their publication days.
PageHarvester = Callable[[list[str]], Awaitable[list[date]]]


@dataclass
class DiscoveryContext(SiteContext):
    backfill: int
    max_list_pages: int
    since: date | None
    resume: str | None = None  # where the site's last walk broke: walked from there to the end first


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
    broke = None
    if ctx.resume is not None:
        broke = await _walk(ctx, ctx.resume, harvest_new, to_the_end=True)
    broke = await _walk(ctx, ctx.site.list_url, harvest_new, to_the_end=False) or broke
    ctx.report.walk_resume = broke
    ctx.report.walk_complete = broke is None


async def _walk(ctx: DiscoveryContext, url: str | None, harvest_new: PageHarvester, *, to_the_end: bool) -> str | None:
    """Walk list pages from `url`; the list URL the walk broke at, or None when it ended normally."""
    pages = 0
    while url is not None and pages < ctx.max_list_pages:
        links = await _links(ctx, url)
        pages += 1
        if links is None:
            return url
        fresh = _new(ctx, links.articles)
        days = await harvest_new(fresh)
        if ctx.since is not None:
            if days and max(days) < ctx.since:
                break
        elif not fresh and pages >= ctx.backfill and not to_the_end:
            break
        url = links.next
    return None


def unfinished_walks(runs: list[RunInfo], current_run: int) -> dict[str, str | None]:
    """Sites whose latest walk before `current_run` did not finish → the list URL it broke at (None:
    from the first page, because the run never finished, i.e. was killed)."""
    latest: dict[str, tuple[bool, str | None]] = {}
    for info in runs:
        if info.run_id >= current_run:
            continue
        reports = info.report.get("sites", [])
        walked = {str(r.get("site")): r for r in reports if isinstance(r, dict)} if isinstance(reports, list) else {}
        for site in info.sites:
            entry = walked.get(site, {})
            if info.finished_at is None:
                latest[site] = (False, None)
                continue
            resume = entry.get("walk_resume")
            latest[site] = (bool(entry.get("walk_complete", True)), resume if isinstance(resume, str) else None)
    return {site: resume for site, (complete, resume) in latest.items() if not complete}
