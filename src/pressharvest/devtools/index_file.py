"""Reading a fixtures folder's `index.json` (see `devtools.fixtures` for its shape), checked.

`capture`, `sites check --from-dir`, `new-family` and the demo's server all read it; a file that is
not JSON, not an object, lacks a key or holds a value of the wrong type is one `InputError` naming
the file and the key, not a `KeyError` later on. Kept free of heavy imports: the demo server uses it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pressharvest.errors import InputError

_REQUIRED = ("site", "base_url")
_PAGE_REQUIRED = ("url", "kind")


def read_index(folder: Path) -> dict[str, Any]:
    """The folder's index.json as a dict whose required keys and page entries have been checked."""
    path = folder / "index.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), getattr(exc, "strerror", None) or f"not JSON in UTF-8 ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(str(path), f"must be a JSON object, not {type(data).__name__}")
    for key in _REQUIRED:
        _require_text(path, data, key, key)
    pages = data.setdefault("pages", [])
    if not isinstance(pages, list):
        raise InputError(str(path), "key 'pages' must be a list")
    for number, page in enumerate(pages):
        _check_page(path, page, f"pages[{number}]")
    return data


def _require_text(path: Path, data: dict[str, Any], key: str, name: str) -> None:
    if key not in data:
        raise InputError(str(path), f"key '{name}' is missing")
    if not isinstance(data[key], str):
        raise InputError(str(path), f"key '{name}' must be a string")


def _check_page(path: Path, page: object, name: str) -> None:
    if not isinstance(page, dict):
        raise InputError(str(path), f"{name} must be an object")
    for key in _PAGE_REQUIRED:
        _require_text(path, page, key, f"{name}.{key}")
    if page.get("headers") is not None and not isinstance(page["headers"], dict):
        raise InputError(str(path), f"key '{name}.headers' must be an object")
    if page.get("fetched_at"):
        _require_text(path, page, "fetched_at", f"{name}.fetched_at")
        try:
            datetime.fromisoformat(page["fetched_at"])
        except ValueError:
            raise InputError(str(path), f"key '{name}.fetched_at' is not an ISO date-time") from None
    file = page.get("file")
    if file is None or file == "":  # a page that was not saved (`article-missing`)
        return
    if not isinstance(file, str) or Path(file).name != file or file in (".", ".."):
        raise InputError(str(path), f"key '{name}.file' must be a file name inside the folder, got {file!r}")
