"""The run report: what a harvest did, as JSON (for machines) and as a short summary (for people)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Page outcomes the report counts; "failed" pages are retried in the next run.
OUTCOMES = (
    "new", "changed", "unchanged", "gone", "refused", "robots_denied", "policy_refused", "http_error", "failed",
)  # fmt: skip
# The drift alarm (exit 4) needs at least this many drift pages on a site, or this share of the pages
# the site's parser read in the run: one odd page among many does not page the job owner, while a
# redesign — every new page failing — does, even on a quiet day with one or two new articles.
DRIFT_MIN_PAGES = 2
DRIFT_MIN_SHARE = 0.2


@dataclass
class SiteReport:
    site: str
    list_pages: int = 0
    list_failed: int = 0  # list pages or feeds that failed for now (network, 5xx): the walk stopped short
    discovered: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # reason → count
    failed_urls: list[str] = field(default_factory=list)
    drift: list[dict[str, str]] = field(default_factory=list)  # {url, field, error}
    walk_complete: bool = False  # the list walk reached its end (not cut short by a failed list page)
    walk_resume: str | None = None  # the list page that cut it short: the next run goes on from there

    @property
    def drift_urls(self) -> list[str]:
        """The pages that failed a required field, each once (a page retried in the run is one page)."""
        return list(dict.fromkeys(item["url"] for item in self.drift))

    @property
    def parsed(self) -> int:
        """Pages the site's parser read in this run: records, refused pages, drift pages, list pages."""
        records = sum(self.outcomes[name] for name in ("new", "changed", "unchanged", "refused"))
        return records + len(self.drift_urls) + self.list_pages

    @property
    def drift_alarm(self) -> bool:
        """Enough drift pages to call it a redesign (see DRIFT_MIN_PAGES / DRIFT_MIN_SHARE)."""
        count = len(self.drift_urls)
        return count >= DRIFT_MIN_PAGES or (count > 0 and count >= DRIFT_MIN_SHARE * self.parsed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "list_pages": self.list_pages,
            "list_failed": self.list_failed,
            "discovered": self.discovered,
            **{name: self.outcomes[name] for name in OUTCOMES},
            "failures_by_reason": dict(self.failures.most_common()),
            "failed_urls": self.failed_urls[:100],
            "drift": self.drift[:100],
            "drift_alarm": self.drift_alarm,
            "walk_complete": self.walk_complete,
            "walk_resume": self.walk_resume,
        }


@dataclass
class RunReport:
    run_id: int
    started_at: str
    finished_at: str = ""
    duration_s: float = 0.0
    sites: dict[str, SiteReport] = field(default_factory=dict)
    fetch: dict[str, Any] = field(default_factory=dict)
    exported: str | None = None
    exported_records: int = 0

    def site(self, site_id: str) -> SiteReport:
        if site_id not in self.sites:
            self.sites[site_id] = SiteReport(site_id)
        return self.sites[site_id]

    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for site in self.sites.values():
            total.update({name: site.outcomes[name] for name in OUTCOMES})
            total["list_pages"] += site.list_pages
            total["discovered"] += site.discovered
        return total

    @property
    def drift_sites(self) -> list[str]:
        return [site.site for site in self.sites.values() if site.drift_alarm]

    @property
    def failed_pages(self) -> int:
        return sum(site.outcomes["failed"] + site.list_failed for site in self.sites.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "duration_s": round(self.duration_s, 3),
            "totals": dict(self.totals()),
            "sites": [site.as_dict() for site in self.sites.values()],
            "fetch": self.fetch,
            "drift_alarm": self.drift_sites,
            "drift_urls": {site: self.sites[site].drift_urls[:100] for site in self.drift_sites},
            "exported": self.exported,
            "exported_records": self.exported_records,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def summary(self) -> str:
        """A few lines a person reads in a cron mail."""
        total = self.totals()
        fetch_total = self.fetch.get("total", {})
        lines = [
            f"run {self.run_id}: {len(self.sites)} site(s) in {self.duration_s:.1f} s — "
            f"{total['new']} new, {total['changed']} changed, {total['unchanged']} unchanged, "
            f"{total['failed']} failed, {total['gone']} gone (404), {total['http_error']} other HTTP errors, "
            f"{total['refused']} refused, "
            f"{total['robots_denied']} robots-denied; {total['list_pages']} list pages; "
            f"{fetch_total.get('requests', 0)} requests, {fetch_total.get('bytes', 0) / 1e6:.1f} MB",
        ]
        width = max((len(s) for s in self.sites), default=4)
        for site in self.sites.values():
            o = site.outcomes
            line = (
                f"  {site.site:{width}}  lists {site.list_pages:3d}  new {o['new']:4d}  changed {o['changed']:3d}  "
                f"unchanged {o['unchanged']:4d}  failed {o['failed']:3d}  gone {o['gone']:3d}  "
                f"refused {o['refused']:3d}  robots {o['robots_denied']:3d}"
            )
            lines.append(line)
            for reason, count in site.failures.most_common(5):
                lines.append(f"      {count} × {reason}")
            if site.drift:
                fields = Counter(item["field"] for item in site.drift)
                what = ", ".join(f"{name} ({count})" for name, count in fields.most_common())
                urls = ", ".join(site.drift_urls[:3]) + (" …" if len(site.drift_urls) > 3 else "")
                label = "DRIFT" if site.drift_alarm else "drift (below the alarm threshold)"
                lines.append(f"      {label}: the {site.site} parser fails on {what}: {urls}")
        if self.exported:
            lines.append(f"exported {self.exported_records} records to {self.exported}")
        return "\n".join(lines)
