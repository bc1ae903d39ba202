"""`pressharvest report`: one self-contained HTML page describing the dataset in the store.

Plots are drawn with matplotlib's object API (`matplotlib.figure.Figure`, rendered by the Agg
backend: no display, no pyplot global state) and embedded as base64 PNG `data:` URIs; the styles
are inline. The page opens from a file with no network: records per site per week, publication
hours, field completeness per site, top speakers, republication share, failures per site from the
runs, and a dataset card (sites, period, counts, schema and tool versions).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pressharvest import __version__
from pressharvest.datasets import republication as rep
from pressharvest.datasets.stats import COMPLETENESS_FIELDS, FAILURE_OUTCOMES, DatasetStats, collect
from pressharvest.export.atomic import atomic_writer
from pressharvest.models import SCHEMA_VERSION

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from pressharvest.harvest.store.base import Store

TOP_SPEAKERS = 15
DPI = 100
_WIDTH = 10.0  # inches: 1000 px at DPI


def require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        from pressharvest.errors import ConfigError

        raise ConfigError("the report needs the 'matplotlib' package: pip install 'pressharvest[datasets]'",
                          key="report") from None


def _figure(height: float) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(_WIDTH, height), dpi=DPI, layout="constrained")
    return figure, figure.add_subplot()


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_axis_off()


def plot_weekly(stats: DatasetStats) -> Figure:
    """One row per site over the site's own period (sites may span different years), a bar per week."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    sites = sorted(stats.weekly)
    figure = Figure(figsize=(_WIDTH, 0.6 + 1.25 * max(len(sites), 1)), dpi=DPI, layout="constrained")
    if not sites:
        _empty(figure.add_subplot(), "no records")
        return figure
    axes = figure.subplots(len(sites), 1, squeeze=False)[:, 0]
    for ax, site in zip(axes, sites, strict=True):
        weeks = stats.weekly[site]
        first, last = min(weeks), max(weeks)
        span = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
        moments = [datetime(w.year, w.month, w.day, tzinfo=UTC) for w in span]
        ax.bar(moments, [weeks.get(w, 0) for w in span], width=5, align="edge", color="#3b6ea5")
        pad = timedelta(days=7)
        ax.set_xlim(moments[0] - pad, moments[-1] + pad + timedelta(days=7))
        ax.set_ylim(0, max(weeks.values()) + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(site, rotation=0, ha="right", va="center", fontsize=9)
        locator = AutoDateLocator(minticks=3, maxticks=9)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        ax.tick_params(labelsize=8)
        ax.grid(axis="y", alpha=0.3)
    figure.suptitle("Records per site per week (bars: weeks starting Monday, site's local dates; "
                    "each row spans that site's period)", fontsize=11)
    return figure


def plot_hours(stats: DatasetStats) -> Figure:
    figure, ax = _figure(2.6)
    hours = list(range(24))
    ax.bar(hours, [stats.hours[h] for h in hours], color="#3b6ea5")
    ax.set_xticks(hours)
    ax.set_xlabel("local hour of publication (site's time zone)")
    ax.set_ylabel("records")
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(f"Publication hour — {sum(stats.hours.values())} records with a time; "
                 f"{stats.date_only} show a date only and are left out")
    return figure


def plot_completeness(stats: DatasetStats) -> Figure:
    sites = sorted(stats.sites)
    figure, ax = _figure(0.6 + 0.45 * max(len(sites), 1) + 0.6)
    if not sites:
        _empty(ax, "no records")
        return figure
    shares = [[stats.sites[s].present[f] / stats.sites[s].records for f in COMPLETENESS_FIELDS] for s in sites]
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(COMPLETENESS_FIELDS)), COMPLETENESS_FIELDS)
    ax.set_yticks(range(len(sites)), [f"{s} ({stats.sites[s].records})" for s in sites])
    for row, values in enumerate(shares):
        for col, value in enumerate(values):
            ax.text(col, row, f"{value:.0%}", ha="center", va="center",
                    color="white" if value > 0.6 else "black", fontsize=9)
    figure.colorbar(image, ax=ax, label="share of the site's records")
    ax.set_title("Field completeness per site (records with the field present / non-empty)")
    return figure


def plot_speakers(stats: DatasetStats) -> Figure:
    top = stats.speakers.most_common(TOP_SPEAKERS)
    figure, ax = _figure(0.8 + 0.24 * max(len(top), 3))
    if not top:
        _empty(ax, "no attributed quotes")
        return figure
    names = [name for name, _ in reversed(top)]
    counts = [count for _, count in reversed(top)]
    bars = ax.barh(names, counts, color="#5a8f5a")
    ax.bar_label(bars, labels=[f"{c} in {len(stats.speaker_records[n])} rec." for n, c in zip(names, counts,
                                                                                                  strict=True)],
                 padding=3, fontsize=8)
    ax.set_xlabel("quotes")
    ax.margins(x=0.15)
    ax.set_title(f"Top {len(top)} speakers by quotes ({stats.quotes} quotes, "
                 f"{stats.quotes_without_speaker} without a resolved speaker)")
    return figure


def plot_republication(stats: DatasetStats) -> Figure:
    sites = sorted(stats.sites)
    figure, ax = _figure(0.8 + 0.45 * max(len(sites), 2))
    if not sites:
        _empty(ax, "no records")
        return figure
    origin = [stats.sites[s].origins / stats.sites[s].records for s in sites]
    copy = [(stats.sites[s].grouped - stats.sites[s].origins) / stats.sites[s].records for s in sites]
    alone = [1 - o - c for o, c in zip(origin, copy, strict=True)]
    ax.barh(sites, origin, color="#c77c2e", label="origin of a group")
    ax.barh(sites, copy, left=origin, color="#e3b05c", label="republication (a later copy)")
    ax.barh(sites, alone, left=[o + c for o, c in zip(origin, copy, strict=True)], color="#dddddd",
            label="no near-duplicate")
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3 if len(sites) < 4 else -0.15), ncols=3, fontsize=8,
              frameon=False)
    ax.set_title(f"Republication share per site — {len(stats.groups)} records in {stats.group_count} groups")
    return figure


def plot_failures(stats: DatasetStats) -> Figure:
    sites = sorted(stats.failures)
    figure, ax = _figure(0.8 + 0.45 * max(len(sites), 2))
    totals = {s: sum(stats.failures[s].values()) for s in sites}
    if not sites:
        _empty(ax, "no runs recorded")
        return figure
    left = [0.0] * len(sites)
    colors = ("#b33a3a", "#d9822b", "#8c8c8c", "#6b5ca5", "#3b6ea5")
    for outcome, color in zip(FAILURE_OUTCOMES, colors, strict=True):
        values = [float(stats.failures[s][outcome]) for s in sites]
        ax.barh(sites, values, left=left, color=color, label=outcome.replace("_", " "))
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel(f"pages over all {stats.runs} run(s)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45 if len(sites) < 4 else -0.3), ncols=5, fontsize=8,
              frameon=False)
    if not any(totals.values()):
        ax.text(0.5, 0.5, "no failures", ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_title("Pages without a record per site, summed over the run reports")
    return figure


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(cell))}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _period(first: date | None, last: date | None) -> str:
    return f"{first} — {last}" if first and last else "—"


def dataset_card(stats: DatasetStats, db: str) -> str:
    period = stats.period
    facts = [
        ("records", stats.records),
        ("sites", len(stats.sites)),
        ("period (local publication dates)", _period(*period) if period else "—"),
        ("quotes", stats.quotes),
        ("republication groups", f"{stats.group_count} ({len(stats.groups)} records)"),
        ("record schema version", ", ".join(map(str, sorted(stats.schema_versions))) or str(SCHEMA_VERSION)),
        ("tool version (records)", ", ".join(sorted(stats.tool_versions)) or "—"),
        ("tool version (this report)", __version__),
        ("parsers", ", ".join(f"{p} ({n})" for p, n in sorted(stats.parsers.items())) or "—"),
        ("harvest runs", stats.runs),
        ("URLs by state", ", ".join(f"{k} {v}" for k, v in stats.url_counts.items() if v) or "—"),
        ("database", db),
        ("generated", datetime.now(UTC).isoformat(timespec="seconds")),
        ("republication method", f"MinHash/LSH over {rep.SHINGLE_WORDS}-word shingles of the body, "
                                 f"{rep.NUM_PERM} permutations, {rep.BANDS}×{rep.ROWS} bands; joined when "
                                 f"overlap ≥ {rep.MIN_OVERLAP} and Jaccard ≥ {rep.MIN_JACCARD}"),
    ]
    rows = [
        (name, s.records, _period(s.first, s.last), s.quotes,
         *(f"{s.present[f] / s.records:.0%}" for f in ("quotes", "reference", "rating", "images")),
         f"{s.grouped / s.records:.0%}")
        for name, s in sorted(stats.sites.items())
    ]
    return (
        _table(("", ""), facts).replace("<thead><tr><th></th><th></th></tr></thead>", "")
        + "<h3>Sites</h3>"
        + _table(("site", "records", "period", "quotes", "with quotes", "with reference", "with rating",
                  "with images", "in a group"), rows)
    )


_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px auto; max-width: 1040px; color: #222; }
h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 18px; border-bottom: 1px solid #ccc; }
p.lead { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 12px; margin: 8px 0; }
td, th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
figure { margin: 4px 0 12px 0; } img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #555; font-size: 13px; }
"""

SECTIONS = (
    ("weekly", "Records per site per week", plot_weekly,
     "Records by the Monday of their local publication week."),
    ("hours", "Publication hour", plot_hours,
     "Local hour in each site's time zone; pages that show only a date are counted apart."),
    ("completeness", "Field completeness per site", plot_completeness,
     "Share of each site's records where the field is present: a quote, a reference block, a rating, "
     "images, attachments, an attribution line, an update stamp."),
    ("speakers", "Top speakers", plot_speakers, "Quotes per resolved speaker (nominative name)."),
    ("republication", "Republication share", plot_republication,
     "Records whose body is a near-duplicate of another's (docs/datasets.md): the group's earliest "
     "record is its origin, later ones are republications."),
    ("failures", "Failures per site", plot_failures,
     "Page outcomes without a record, summed over the harvest runs' reports: failed = fetch failures "
     "(retried in the next run), refused = pages refused by the parser (no title, date or body), "
     "gone = 404/410, robots denied, policy refused (address or scheme rules)."),
)


def render(stats: DatasetStats, db: str) -> str:
    """The report page as one HTML string (plots embedded as base64 PNG)."""
    period = stats.period
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>pressharvest dataset report — {stats.records} records</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>pressharvest dataset report</h1>",
        f'<p class="lead">{stats.records} press releases from {len(stats.sites)} site(s)'
        + (f", published {period[0]} — {period[1]}" if period else "") + "</p>",
        '<section id="card"><h2>Dataset card</h2>', dataset_card(stats, db), "</section>",
    ]
    for key, title, plot, caption in SECTIONS:
        parts.append(f'<section id="{key}"><h2>{html.escape(title)}</h2><figure>')
        parts.append(f'<img alt="{html.escape(title)}" src="data:image/png;base64,{_png(plot(stats))}">')
        parts.append(f"<figcaption>{html.escape(caption)}</figcaption></figure></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(store: Store, path: Path, db: str) -> DatasetStats:
    """Collect the statistics, render the page and write it atomically; returns the statistics."""
    require_matplotlib()
    stats = collect(store)
    page = render(stats, db)
    with atomic_writer(path) as stream:
        stream.write(page)
    return stats
