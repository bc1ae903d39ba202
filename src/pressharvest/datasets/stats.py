"""Dataset statistics for the report: one pass over the store's records, plus its runs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pressharvest.datasets.republication import Document, Republication, RepublicationIndex
from pressharvest.harvest.report import OUTCOMES

if TYPE_CHECKING:
    from pressharvest.harvest.store.base import Store

# Field completeness: the share of a site's records where the field is present / non-empty.
COMPLETENESS_FIELDS = ("quotes", "reference", "rating", "images", "attachments", "source", "updated_at")
# Run outcomes that are not a stored record, per site (see harvest.report.OUTCOMES).
FAILURE_OUTCOMES = ("failed", "refused", "gone", "robots_denied", "policy_refused")


@dataclass
class SiteStats:
    site: str
    records: int = 0
    first: date | None = None
    last: date | None = None
    present: Counter[str] = field(default_factory=Counter)  # completeness field → records having it
    quotes: int = 0
    grouped: int = 0  # records in a republication group
    origins: int = 0  # … of which the group's origin

    def see_day(self, day: date) -> None:
        self.first = day if self.first is None or day < self.first else self.first
        self.last = day if self.last is None or day > self.last else self.last


@dataclass
class DatasetStats:
    sites: dict[str, SiteStats] = field(default_factory=dict)
    weekly: dict[str, Counter[date]] = field(default_factory=lambda: defaultdict(Counter))  # site → Monday → n
    hours: Counter[int] = field(default_factory=Counter)  # local publication hour → records (with a time)
    date_only: int = 0  # records whose page shows no time (published_at at 00:00)
    speakers: Counter[str] = field(default_factory=Counter)  # speaker → quotes
    speaker_records: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    quotes_without_speaker: int = 0
    groups: dict[str, Republication] = field(default_factory=dict)
    failures: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # site → outcome → n
    runs: int = 0
    url_counts: dict[str, int] = field(default_factory=dict)  # frontier URLs by status
    schema_versions: Counter[int] = field(default_factory=Counter)
    tool_versions: Counter[str] = field(default_factory=Counter)
    parsers: Counter[str] = field(default_factory=Counter)

    @property
    def records(self) -> int:
        return sum(site.records for site in self.sites.values())

    @property
    def quotes(self) -> int:
        return sum(site.quotes for site in self.sites.values())

    @property
    def period(self) -> tuple[date, date] | None:
        firsts = [s.first for s in self.sites.values() if s.first]
        lasts = [s.last for s in self.sites.values() if s.last]
        return (min(firsts), max(lasts)) if firsts and lasts else None

    @property
    def group_count(self) -> int:
        return len({rep.group for rep in self.groups.values()})


def collect(store: Store) -> DatasetStats:
    """Everything the report shows, from the store: records (one pass), republication groups, runs."""
    stats = DatasetStats()
    index = RepublicationIndex()
    site_of: dict[str, str] = {}
    for record in store.records():
        site = stats.sites.setdefault(record.site, SiteStats(record.site))
        site_of[record.id] = record.site
        local = datetime.fromisoformat(record.published_at)
        site.records += 1
        site.see_day(local.date())
        stats.weekly[record.site][local.date() - timedelta(days=local.weekday())] += 1
        if local.hour == 0 and local.minute == 0:
            stats.date_only += 1
        else:
            stats.hours[local.hour] += 1
        values = {"quotes": record.quotes, "reference": record.reference, "rating": record.rating is not None,
                  "images": record.images, "attachments": record.attachments, "source": record.source,
                  "updated_at": record.updated_at}
        for name in COMPLETENESS_FIELDS:
            if values[name]:
                site.present[name] += 1
        site.quotes += len(record.quotes)
        for quote in record.quotes:
            if quote.speaker:
                stats.speakers[quote.speaker] += 1
                stats.speaker_records[quote.speaker].add(record.id)
            else:
                stats.quotes_without_speaker += 1
        stats.schema_versions[record.schema_version] += 1
        stats.tool_versions[record.provenance.tool_version] += 1
        stats.parsers[record.provenance.parser] += 1
        index.add(Document.of(record))
    stats.groups = index.groups()
    for record_id, rep in stats.groups.items():
        site = stats.sites[site_of[record_id]]
        site.grouped += 1
        site.origins += rep.is_origin
    for run in store.runs():
        stats.runs += 1
        sites = run.report.get("sites", [])
        if not isinstance(sites, list):
            continue
        for entry in sites:
            if isinstance(entry, dict) and isinstance(entry.get("site"), str):
                for outcome in FAILURE_OUTCOMES:
                    if outcome in OUTCOMES:
                        stats.failures[entry["site"]][outcome] += int(entry.get(outcome, 0) or 0)
    stats.url_counts = store.url_counts()
    return stats
