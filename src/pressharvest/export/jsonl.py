"""JSONL: one record per line, UTF-8, not ASCII-escaped, with its `republication` object last.

U+2028 and U+2029 are escaped: JSON allows them raw, but line-oriented readers (and JavaScript)
treat them as line breaks, which would split a record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pressharvest.datasets.republication import Republication
from pressharvest.export.atomic import atomic_writer
from pressharvest.export.rows import export_dict
from pressharvest.models import PressRelease


def record_line(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_jsonl(
    records: Iterable[PressRelease], path: Path, republications: Mapping[str, Republication] | None = None
) -> int:
    """Write the records to `path` atomically; returns how many were written.

    `republications` (id → group, from `store_republications`) fills each record's `republication`
    object; without it every record's `republication` is null."""
    count = 0
    groups = republications or {}
    with atomic_writer(path) as stream:
        for record in records:
            stream.write(record_line(export_dict(record, groups)))
            stream.write("\n")
            count += 1
    return count
