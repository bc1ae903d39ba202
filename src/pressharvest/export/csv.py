"""CSV: `FILE` with one row per record, and `<stem>.quotes.csv` beside it with one row per quote.

Both are UTF-8 (no BOM), comma-separated, RFC 4180 quoting (a field with a comma, quote or line
break is quoted), CRLF row ends, a header row.

Lists are joined with a line feed (`LIST_SEPARATOR = "\\n"`): every text field of a record is folded
to single spaces, so no element contains one, and a cell holding a list is simply split on "\\n". An
empty list is an empty cell. Null is an empty cell too (no nullable field can be the empty string).

Record columns (`RECORD_COLUMNS`): `id, schema_version, site, url, title, published_at, updated_at`
(ISO 8601 text with the site's offset, as in the record), `body`, `reference`, `images` (lists),
`attachment_urls`, `attachment_titles` (two parallel lists: the n-th title belongs to the n-th URL;
a title may be empty), `source`, `rating`, `language`, `quote_count`, `provenance_fetched_at`,
`provenance_content_sha256`, `provenance_parser`, `provenance_tool_version`, `republication_group`,
`republication_origin`, `republication_is_origin` (`true`/`false`, empty when the record has no group).

Quote columns (`QUOTE_COLUMNS`): `record_id, quote_index` (0-based order within the record),
`paragraph, kind, speaker, speaker_raw, speaker_role, text`.

The two files are each written atomically (quotes first, then records), so a reader never sees a
half-written file; `rows_from_csv` reads them back into the exported JSON objects.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pressharvest.datasets.republication import Republication
from pressharvest.export.atomic import atomic_writer
from pressharvest.export.rows import export_dict
from pressharvest.models import PressRelease

LIST_SEPARATOR = "\n"
RECORD_COLUMNS = (
    "id", "schema_version", "site", "url", "title", "published_at", "updated_at", "body", "reference", "images",
    "attachment_urls", "attachment_titles", "source", "rating", "language", "quote_count",
    "provenance_fetched_at", "provenance_content_sha256", "provenance_parser", "provenance_tool_version",
    "republication_group", "republication_origin", "republication_is_origin",
)
QUOTE_COLUMNS = ("record_id", "quote_index", "paragraph", "kind", "speaker", "speaker_raw", "speaker_role", "text")


def quotes_path(path: Path) -> Path:
    """`records.csv` → `records.quotes.csv` (beside it)."""
    return path.with_name(f"{path.stem}.quotes.csv")


def _join(items: Iterable[str]) -> str:
    items = list(items)
    for item in items:
        if LIST_SEPARATOR in item or (item == "" and len(items) == 1):
            raise ValueError(f"list element {item!r} cannot be joined with {LIST_SEPARATOR!r}")
    return LIST_SEPARATOR.join(items)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def record_row(data: Mapping[str, Any]) -> dict[str, str]:
    """An exported JSON object → the record CSV row."""
    provenance, republication = data["provenance"], data["republication"] or {}
    row = {
        **{key: _cell(data[key]) for key in ("id", "schema_version", "site", "url", "title", "published_at",
                                             "updated_at", "source", "rating", "language")},
        "body": _join(data["body"]),
        "reference": _join(data["reference"]),
        "images": _join(data["images"]),
        "attachment_urls": _join(item["url"] for item in data["attachments"]),
        "attachment_titles": LIST_SEPARATOR.join(item["title"] for item in data["attachments"]),
        "quote_count": str(len(data["quotes"])),
        **{f"provenance_{key}": _cell(provenance[key]) for key in provenance},
        **{f"republication_{key}": _cell(republication.get(key)) for key in ("group", "origin", "is_origin")},
    }
    return {key: row[key] for key in RECORD_COLUMNS}


def quote_rows(data: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    for index, quote in enumerate(data["quotes"]):
        yield {"record_id": data["id"], "quote_index": str(index),
               **{key: _cell(quote[key]) for key in QUOTE_COLUMNS[2:]}}


def write_csv(
    records: Iterable[PressRelease], path: Path, republications: Mapping[str, Republication] | None = None
) -> int:
    """Write `path` and `<stem>.quotes.csv`; returns how many records. The records are read once:
    the quotes file is written while the record rows are buffered in a temp file of their own."""
    groups = republications or {}
    count = 0
    with atomic_writer(path) as record_stream:
        records_out = csv.DictWriter(record_stream, fieldnames=RECORD_COLUMNS)
        records_out.writeheader()
        with atomic_writer(quotes_path(path)) as quote_stream:
            quotes_out = csv.DictWriter(quote_stream, fieldnames=QUOTE_COLUMNS)
            quotes_out.writeheader()
            for record in records:
                data = export_dict(record, groups)
                records_out.writerow(record_row(data))
                quotes_out.writerows(quote_rows(data))
                count += 1
    return count


def _split(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def _none(cell: str) -> str | None:
    return cell or None


def rows_from_csv(path: Path) -> Iterator[dict[str, Any]]:
    """The exported JSON objects back from a CSV export and its quotes file (inverse of `write_csv`)."""
    quotes: dict[str, list[dict[str, Any]]] = {}
    with open(quotes_path(path), encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            quotes.setdefault(row["record_id"], []).append({
                "text": row["text"], "speaker": _none(row["speaker"]), "speaker_raw": row["speaker_raw"],
                "speaker_role": _none(row["speaker_role"]), "kind": row["kind"], "paragraph": int(row["paragraph"]),
            })
    with open(path, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            urls = _split(row["attachment_urls"])
            titles = row["attachment_titles"].split(LIST_SEPARATOR) if urls else []
            yield {
                "schema_version": int(row["schema_version"]),
                "id": row["id"],
                "site": row["site"],
                "url": row["url"],
                "title": row["title"],
                "published_at": row["published_at"],
                "updated_at": _none(row["updated_at"]),
                "body": _split(row["body"]),
                "quotes": quotes.get(row["id"], []),
                "reference": _split(row["reference"]),
                "source": _none(row["source"]),
                "rating": int(row["rating"]) if row["rating"] else None,
                "images": _split(row["images"]),
                "attachments": [{"url": url, "title": title} for url, title in zip(urls, titles, strict=True)],
                "language": row["language"],
                "provenance": {
                    "fetched_at": _none(row["provenance_fetched_at"]),
                    "content_sha256": row["provenance_content_sha256"],
                    "parser": row["provenance_parser"],
                    "tool_version": row["provenance_tool_version"],
                },
                "republication": None if not row["republication_group"] else {
                    "group": row["republication_group"],
                    "origin": row["republication_origin"],
                    "is_origin": row["republication_is_origin"] == "true",
                },
            }
