"""Re-parse raw pages (from the store or from a WARC archive) with the current parsers.

The way to improve a parser without re-crawling, and to rebuild a dataset from an archive: every
archived *article* page is parsed again with `parse_page(content, site=…, url=…, headers=…,
fetched_at=…)` — the same arguments the harvest used, so the result is what a harvest with today's
parsers would have stored. Each result is compared with the record the store holds for that URL,
field by field, and committed with `Store.commit_page` (a new version only where the content
changed; an unchanged record keeps its version and gets the new provenance) unless `dry_run`.

From a WARC, the pages' raw bytes, headers and URLs are also put into the store (`put_raw`,
`add_urls` with their site and kind), so reparsing an archive into an empty database rebuilds the
harvest's raw pages and records; URL states other than those of the archived pages (404s, failures,
retry times) and the runs are not in an archive and are not rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pressharvest.datasets.archive import ArchivedPage
from pressharvest.errors import ParseError
from pressharvest.models import PressRelease

if TYPE_CHECKING:
    from pressharvest.harvest.store.base import Store
    from pressharvest.parse import Registry

EXAMPLES_PER_FIELD = 3
_EXAMPLE_CHARS = 160


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…"


def field_changes(old: PressRelease, new: PressRelease) -> dict[str, tuple[Any, Any]]:
    """Fields whose values differ: top-level record fields, and `provenance.<name>` for provenance."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    changes: dict[str, tuple[Any, Any]] = {}
    for name in after:
        if name == "provenance":
            for key in after[name]:
                if before[name].get(key) != after[name][key]:
                    changes[f"provenance.{key}"] = (before[name].get(key), after[name][key])
        elif before.get(name) != after[name]:
            changes[name] = (before.get(name), after[name])
    return changes


@dataclass
class ReparseReport:
    dry_run: bool
    pages: int = 0  # raw pages read (articles and lists)
    articles: int = 0  # article pages parsed
    outcomes: Counter[str] = field(default_factory=Counter)  # new / changed / unchanged / refused / id_changed
    fields: Counter[str] = field(default_factory=Counter)  # field → records where it changed
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    refusals: Counter[str] = field(default_factory=Counter)  # "field" → pages refused on it
    newly_refused: list[str] = field(default_factory=list)  # URLs that had a record and are now refused

    def _example(self, name: str, record_id: str, old: Any, new: Any) -> None:
        bucket = self.examples.setdefault(name, [])
        if len(bucket) < EXAMPLES_PER_FIELD:
            bucket.append({"id": record_id, "old": _short(old), "new": _short(new)})

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "pages": self.pages,
            "articles": self.articles,
            "outcomes": dict(self.outcomes),
            "fields_changed": dict(self.fields.most_common()),
            "examples": self.examples,
            "refused_by_field": dict(self.refusals.most_common()),
            "newly_refused": self.newly_refused[:100],
        }

    def summary(self) -> str:
        o = self.outcomes
        verb = "would be" if self.dry_run else "were"
        lines = [
            f"reparse: {self.pages} raw pages, {self.articles} article pages parsed — {o['new']} new, "
            f"{o['changed']} changed, {o['unchanged']} unchanged, {o['refused']} refused"
            + (f", {o['id_changed']} with a new id" if o["id_changed"] else "")
            + ("" if self.dry_run else "; store updated")
            + (" (dry run: nothing written)" if self.dry_run else ""),
        ]
        if self.fields:
            lines.append(f"fields that changed (records; changed records {verb} committed as new versions):")
            for name, count in self.fields.most_common():
                lines.append(f"  {name}: {count}")
                for example in self.examples.get(name, []):
                    lines.append(f"      {example['id']}: {example['old']!s} → {example['new']!s}")
        for name, count in self.refusals.most_common():
            lines.append(f"  refused on field {name}: {count} page(s)")
        if self.newly_refused:
            lines.append(f"  {len(self.newly_refused)} page(s) had a record and are now refused, e.g. "
                         f"{self.newly_refused[0]} (their stored records are kept)")
        return "\n".join(lines)


def reparse_pages(
    store: Store,
    pages: Iterable[ArchivedPage],
    registry: Registry,
    *,
    dry_run: bool = False,
    import_raw: bool = False,
) -> ReparseReport:
    """Re-parse `pages` against `store`; `import_raw` also stores the pages' raw responses and URLs
    (pages from a WARC). Returns what changed."""
    from pressharvest.parse import parse_page

    report = ReparseReport(dry_run)
    for page in pages:
        report.pages += 1
        raw_sha: str | None = None
        if import_raw and not dry_run:
            if page.site:
                store.add_urls(page.site, [page.url], kind=page.kind)
            raw_sha = store.put_raw(page.url, page.content, page.headers, page.fetched_at, page.status)
        if page.kind != "article":
            continue
        report.articles += 1
        state = store.url_state(page.url)
        old = store.get_record(state.record_id) if state is not None and state.record_id else None
        if raw_sha is None and not dry_run:  # the page is in the store already: content-addressed
            raw_sha = hashlib.sha256(page.content).hexdigest()
        site = page.site or (state.site if state is not None else registry.resolve(None, page.url).id)
        try:
            record = parse_page(page.content, site=site, url=page.url, headers=page.headers,
                                fetched_at=page.fetched_at, registry=registry)
        except ParseError as exc:
            report.outcomes["refused"] += 1
            report.refusals[exc.field] += 1
            if old is not None:
                report.newly_refused.append(page.url)
            if not dry_run:
                store.commit_page(page.url, site, None, raw_sha, run_id=None, outcome="refused", reason=str(exc))
            continue
        if old is None:
            old = store.get_record(record.id)
        if old is None:
            report.outcomes["new"] += 1
        else:
            if old.id != record.id:
                report.outcomes["id_changed"] += 1
            changes = field_changes(old, record)
            content = [name for name in changes if not name.startswith("provenance.")]
            report.outcomes["changed" if content else "unchanged"] += 1
            for name, (before, after) in changes.items():
                report.fields[name] += 1
                report._example(name, record.id, before, after)
        if not dry_run:
            store.commit_page(page.url, record.site, record, raw_sha, run_id=None)
    return report
