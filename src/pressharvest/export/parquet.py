"""Parquet: one row per record, with a typed Arrow schema (pyarrow).

Columns, in order (`SCHEMA`); nested values stay nested:

| column | Arrow type |
|---|---|
| `schema_version` | int32 |
| `id`, `site`, `url`, `title` | string (never null) |
| `published_at` | timestamp[us, tz=UTC] — the instant |
| `published_at_local` | string — the record's ISO text with the site's offset (`2012-12-26T09:30:00+04:00`) |
| `updated_at`, `updated_at_local` | the same pair for the "обновлено" stamp, null when the page shows none |
| `body`, `reference` | list<string> |
| `quotes` | list<struct<text, speaker, speaker_raw, speaker_role, kind: string, paragraph: int32>> |
| `source` | string (null: no attribution line) |
| `rating` | int64 (null: no rating) |
| `images` | list<string> |
| `attachments` | list<struct<url, title: string>> |
| `language` | string |
| `provenance` | struct<fetched_at: timestamp[us, tz=UTC], content_sha256, parser, tool_version: string> |
| `republication` | struct<group, origin: string, is_origin: bool>, null when the record has no group |

Arrow keeps one time zone per column, and the sites span several (Moscow, Samara, …), so the
timestamps are stored in UTC and the local text with its offset is kept beside them: the local
wall-clock hour of a record is `published_at_local[11:13]`. The file's key-value metadata carries
`pressharvest.schema_version` and `pressharvest.tool_version`.

`rows_from_parquet` turns a file back into the exported JSON objects (what JSONL holds), which is how
the round-trip test compares the formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pressharvest import __version__
from pressharvest.datasets.republication import Republication
from pressharvest.export.atomic import atomic_path
from pressharvest.export.rows import export_dict
from pressharvest.models import SCHEMA_VERSION, PressRelease

BATCH_ROWS = 2_000  # rows per row group: bounded memory whatever the store's size

try:
    import pyarrow as pa
except ImportError:  # pragma: no cover - the command names the missing package instead
    pa = None


def _schema() -> Any:
    timestamp = pa.timestamp("us", tz="UTC")
    text = pa.string()
    quote = pa.struct([
        pa.field("text", text, nullable=False),
        pa.field("speaker", text),
        pa.field("speaker_raw", text, nullable=False),
        pa.field("speaker_role", text),
        pa.field("kind", text, nullable=False),
        pa.field("paragraph", pa.int32(), nullable=False),
    ])
    attachment = pa.struct([pa.field("url", text, nullable=False), pa.field("title", text, nullable=False)])
    provenance = pa.struct([
        pa.field("fetched_at", timestamp),
        pa.field("content_sha256", text, nullable=False),
        pa.field("parser", text, nullable=False),
        pa.field("tool_version", text, nullable=False),
    ])
    republication = pa.struct([
        pa.field("group", text, nullable=False),
        pa.field("origin", text, nullable=False),
        pa.field("is_origin", pa.bool_(), nullable=False),
    ])
    return pa.schema(
        [
            pa.field("schema_version", pa.int32(), nullable=False),
            pa.field("id", text, nullable=False),
            pa.field("site", text, nullable=False),
            pa.field("url", text, nullable=False),
            pa.field("title", text, nullable=False),
            pa.field("published_at", timestamp, nullable=False),
            pa.field("published_at_local", text, nullable=False),
            pa.field("updated_at", timestamp),
            pa.field("updated_at_local", text),
            pa.field("body", pa.list_(pa.field("item", text, nullable=False)), nullable=False),
            pa.field("quotes", pa.list_(pa.field("item", quote, nullable=False)), nullable=False),
            pa.field("reference", pa.list_(pa.field("item", text, nullable=False)), nullable=False),
            pa.field("source", text),
            pa.field("rating", pa.int64()),
            pa.field("images", pa.list_(pa.field("item", text, nullable=False)), nullable=False),
            pa.field("attachments", pa.list_(pa.field("item", attachment, nullable=False)), nullable=False),
            pa.field("language", text, nullable=False),
            pa.field("provenance", provenance, nullable=False),
            pa.field("republication", republication),
        ],
        metadata={
            "pressharvest.schema_version": str(SCHEMA_VERSION),
            "pressharvest.tool_version": __version__,
        },
    )


def require_pyarrow() -> None:
    """Raise the one-line error naming the missing package when pyarrow is not installed."""
    if pa is None:
        from pressharvest.errors import ConfigError

        raise ConfigError(
            "Parquet needs the 'pyarrow' package: pip install 'pressharvest[datasets]'", key="--format"
        )


def schema() -> Any:
    """The Arrow schema of the Parquet export (a `pyarrow.Schema`)."""
    require_pyarrow()
    return _schema()


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).astimezone(UTC)


def arrow_row(data: Mapping[str, Any]) -> dict[str, Any]:
    """An exported JSON object (`export_dict`) → the Parquet row."""
    return {
        **{key: data[key] for key in ("schema_version", "id", "site", "url", "title")},
        "published_at": _instant(data["published_at"]),
        "published_at_local": data["published_at"],
        "updated_at": _instant(data["updated_at"]),
        "updated_at_local": data["updated_at"],
        **{key: data[key] for key in ("body", "quotes", "reference", "source", "rating", "images", "attachments",
                                      "language")},
        "provenance": {**data["provenance"], "fetched_at": _instant(data["provenance"]["fetched_at"])},
        "republication": data["republication"],
    }


def write_parquet(
    records: Iterable[PressRelease], path: Path, republications: Mapping[str, Republication] | None = None
) -> int:
    """Write the records to `path` atomically (zstd-compressed row groups); returns how many."""
    require_pyarrow()
    import pyarrow.parquet as pq

    arrow_schema = _schema()
    groups = republications or {}
    count = 0
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, arrow_schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(arrow_row(export_dict(record, groups)))
            if len(batch) >= BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
            count += len(batch)
    return count


def _utc_text(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def rows_from_parquet(path: Path) -> Iterator[dict[str, Any]]:
    """The exported JSON objects back from a Parquet export (inverse of `arrow_row`)."""
    require_pyarrow()
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
        for row in batch.to_pylist():
            data = {key: row[key] for key in ("schema_version", "id", "site", "url", "title")}
            data["published_at"] = row["published_at_local"]
            data["updated_at"] = row["updated_at_local"]
            for key in ("body", "quotes", "reference", "source", "rating", "images", "attachments", "language"):
                data[key] = row[key]
            data["provenance"] = {**row["provenance"], "fetched_at": _utc_text(row["provenance"]["fetched_at"])}
            data["republication"] = row["republication"]
            yield data


def metadata(path: Path) -> dict[str, str]:
    """The file's pressharvest key-value metadata."""
    require_pyarrow()
    import pyarrow.parquet as pq

    raw = pq.read_schema(path).metadata or {}
    return {key.decode(): value.decode() for key, value in raw.items() if key.startswith(b"pressharvest.")}

