"""Exports from the store: JSONL, Parquet and CSV, each written atomically.

Every exported record carries the derived `republication` object ({group, origin, is_origin}, or
null), computed over the whole store at export time (`pressharvest.datasets.republication`), so a
filtered export still names an origin that lies outside the filter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pressharvest.harvest.store.base import Store

Format = Literal["jsonl", "parquet", "csv"]
FORMATS: tuple[Format, ...] = ("jsonl", "parquet", "csv")


def export_records(
    store: Store,
    fmt: Format,
    path: Path,
    *,
    site: str | None = None,
    since: date | None = None,
    until: date | None = None,
    run_id: int | None = None,
) -> int:
    """Write the store's records (filtered) to `path` in `fmt`; returns how many were written."""
    from pressharvest.datasets.republication import store_republications

    if fmt == "parquet":
        from pressharvest.export.parquet import require_pyarrow, write_parquet

        require_pyarrow()  # before the grouping pass: fail fast
        writer = write_parquet
    elif fmt == "csv":
        from pressharvest.export.csv import write_csv as writer
    elif fmt == "jsonl":
        from pressharvest.export.jsonl import write_jsonl as writer
    else:
        raise ValueError(f"unknown format {fmt!r}")
    groups = store_republications(store)
    records = store.records(site=site, since=since, until=until, run_id=run_id)
    return writer(records, path, groups)
