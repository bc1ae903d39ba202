"""JSONL: one record per line, UTF-8, not ASCII-escaped.

U+2028 and U+2029 are escaped: JSON allows them raw, but line-oriented readers (and JavaScript)
treat them as line breaks, which would split a record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pressharvest.export.atomic import atomic_writer
from pressharvest.models import PressRelease


def record_line(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_jsonl(records: Iterable[PressRelease], path: Path) -> int:
    """Write the records to `path` atomically; returns how many were written."""
    count = 0
    with atomic_writer(path) as stream:
        for record in records:
            stream.write(record_line(record.model_dump(mode="json")))
            stream.write("\n")
            count += 1
    return count
