"""One article URL: fetch it, keep the raw page, parse it, commit the outcome — never losing another page.

Every outcome ends in the store: a record (new / changed / unchanged), a final state (404 → gone,
robots or policy refusal, a page refused for an empty body, a parse error), or a failed attempt to
retry in the next run. Exceptions other than pressharvest's own are bugs: one raised while parsing
a page is logged with its traceback and fails that page (retried in the next run, as a fixed release
may parse it), so that a parser's bug on one page costs that page, not the run; anywhere else (the
fetcher, the store) it propagates.

What one bad answer cannot decide is retried, and becomes final only at the URL's `MAX_ATTEMPTS`-th
failed outcome: a page without title or date (an error page or an empty body served with status 200
looks exactly like that), a redirect to a refused address (the server may stop redirecting; a link to
a refused address itself is refused at once), a host
whose robots.txt could not be read (RFC 9309: disallowed for now), and every network failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pressharvest.errors import FetchError, ParseError, PolicyError, RobotsDenied
from pressharvest.harvest.context import SiteContext
from pressharvest.harvest.store.base import HostLease
from pressharvest.models import PressRelease
from pressharvest.parse import parse_page

logger = logging.getLogger(__name__)

# Fields whose absence on a site's page means its family parser no longer fits (a drift alarm);
# a missing body is a page the site really published empty and is refused quietly.
DRIFT_FIELDS = frozenset({"title", "published_at", "url"})
# Failed outcomes of one URL (over runs) after which its failure is final and it is no longer retried.
MAX_ATTEMPTS = 5


@dataclass
class PageContext(SiteContext):
    lease: HostLease | None = None  # a worker's host lease: every commit checks it still holds


async def harvest_page(ctx: PageContext, url: str) -> PressRelease | None:
    """Fetch, parse and commit one article URL; returns the record when one was stored."""
    store, report, site = ctx.store, ctx.report, ctx.site
    try:
        result = await ctx.fetcher.fetch(url)
    except RobotsDenied as exc:
        if (await ctx.fetcher.robots(url)).deny_all:  # robots.txt unreachable, not a rule
            _failed(ctx, url, f"robots.txt unavailable ({exc.reason})", final=False)
            return None
        store.mark_failed(url, exc.reason, final=True, run_id=ctx.run_id)
        report.outcomes["robots_denied"] += 1
        return None
    except PolicyError as exc:
        # An address the rules refuse stays refused; one a redirect led to may not be asked for again.
        if exc.after_redirect and not _last_attempt(ctx, url):
            _failed(ctx, url, exc.reason, final=False)
            return None
        store.mark_failed(url, exc.reason, final=True, run_id=ctx.run_id)
        report.outcomes["policy_refused"] += 1
        report.failures[exc.reason] += 1
        return None
    except FetchError as exc:
        if exc.status in (404, 410):
            store.commit_page(
                url, site.id, None, None, run_id=ctx.run_id, outcome="gone", reason=exc.reason, lease=ctx.lease
            )
            report.outcomes["gone"] += 1
            return None
        if exc.final and exc.status:
            # A final HTTP answer (403, 400, …) is an outcome to report, not a failure to retry.
            store.mark_failed(url, exc.reason, final=True, run_id=ctx.run_id)
            report.outcomes["http_error"] += 1
            report.failures[exc.reason] += 1
            return None
        _failed(ctx, url, exc.reason, final=False)
        return None
    raw_sha = store.put_raw(url, result.content, result.headers, result.fetched_at, result.status)
    try:
        record = parse_page(
            result.content,
            site=site.id,
            url=url,
            headers=result.headers,
            fetched_at=result.fetched_at,
            registry=ctx.registry,
        )
    except ParseError as exc:
        reason = f"parse error: field {exc.field}"
        if exc.field in DRIFT_FIELDS:
            report.drift.append({"url": url, "field": exc.field, "error": str(exc)})
            if not _last_attempt(ctx, url):
                _failed(ctx, url, str(exc), final=False, counted_as=reason)
                return None
        store.commit_page(
            url, site.id, None, raw_sha, run_id=ctx.run_id, outcome="refused", reason=str(exc), lease=ctx.lease
        )
        report.outcomes["refused"] += 1
        report.failures[reason] += 1
        return None
    except Exception as exc:  # a bug: see the module's docstring
        logger.exception("%s: pressharvest failed on this page (a bug to report); the run goes on", url)
        _failed(ctx, url, f"internal error while parsing ({type(exc).__name__})", final=False)
        return None
    outcome = store.commit_page(url, site.id, record, raw_sha, run_id=ctx.run_id, lease=ctx.lease)
    report.outcomes[outcome.value] += 1
    return record


def _last_attempt(ctx: PageContext, url: str) -> bool:
    """Whether this failure is the URL's `MAX_ATTEMPTS`-th: then it is final."""
    state = ctx.store.url_state(url)
    return state is not None and state.attempts + 1 >= MAX_ATTEMPTS


def _failed(ctx: PageContext, url: str, reason: str, *, final: bool, counted_as: str | None = None) -> None:
    """A failed attempt: retried in the next run, or final when `final` or at the last attempt."""
    final = final or _last_attempt(ctx, url)
    ctx.store.mark_failed(url, reason, final=final, run_id=ctx.run_id)
    ctx.report.outcomes["failed"] += 1
    ctx.report.failures[counted_as or reason] += 1
    ctx.report.failed_urls.append(url)
    logger.info("%s: %s%s", url, reason, " (final)" if final else "")
