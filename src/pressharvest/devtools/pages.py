"""Saving pages into a fixtures folder: the bytes as served, an index entry, a draft expected record.

Used by `capture` (pages of a registered site, drafted by its family parser) and by `new-family`
(pages of a new site, drafted by the generic extractor). An existing file is never overwritten
unless the caller says `force`; every expected record written here is marked `"draft": true`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pressharvest.decode import choose_charset
from pressharvest.devtools.fixtures import FixtureIndex, dump_json, expected_for, file_name, guess_kind
from pressharvest.errors import InputError
from pressharvest.parse import Registry
from pressharvest.sites.config import Site

if TYPE_CHECKING:
    from pressharvest.devtools.fetching import Fetched  # the harvest machinery, only when fetching

logger = logging.getLogger(__name__)

# Response headers that say nothing about the page and may identify the session: not kept.
_DROPPED_HEADERS = frozenset({"set-cookie", "date", "connection", "keep-alive", "transfer-encoding", "age",
                              "content-encoding", "content-length"})  # the bytes kept are decompressed


@dataclass(frozen=True)
class PageBytes:
    """A page as received: its URL, raw bytes, response headers (None for a file) and fetch time."""

    url: str
    content: bytes
    headers: Mapping[str, str] | None = None
    fetched_at: datetime | None = None
    status: int | None = None


def received(fetched: list[Fetched]) -> tuple[list[PageBytes], list[Fetched]]:
    """The pages that came back, and the fetches that failed (for the caller to report)."""
    pages = [PageBytes(f.url, f.result.content, f.result.headers, f.result.fetched_at, f.result.status)
             for f in fetched if f.result is not None]
    return pages, [f for f in fetched if f.result is None]


def captured(folder: Path) -> list[PageBytes]:
    """The pages a `capture` folder holds, with the URLs, headers and fetch times it recorded."""
    index = FixtureIndex.load(folder)
    pages = []
    for entry in index.pages:
        if entry.get("file"):
            fetched_at = datetime.fromisoformat(entry["fetched_at"]) if entry.get("fetched_at") else None
            content = _read(folder / entry["file"])
            pages.append(PageBytes(entry["url"], content, entry.get("headers"), fetched_at, entry.get("status")))
    return pages


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None


@dataclass(frozen=True)
class Saved:
    url: str
    file: str
    kind: str
    written: bool  # False: the file existed and `force` was not given


def save_pages(pages: list[PageBytes], index: FixtureIndex, *, site: Site, registry: Registry,
               force: bool = False, kind: str | None = None) -> list[Saved]:
    """Write each page and its draft expected record into the index's folder; the index is saved."""
    saved: list[Saved] = []
    index.folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        guessed = kind or guess_kind(page.content, site=site, url=page.url, registry=registry, headers=page.headers)
        name = file_name(page.url, guessed)
        path = index.folder / name
        expected_path = index.folder / f"{name}.expected.json"
        if not force and (path.exists() or expected_path.exists()):
            logger.warning("%s exists; not overwritten (use --force)", path)
            saved.append(Saved(page.url, name, guessed, False))
            continue
        final_kind, expected = expected_for(guessed, page.content, site=site.id, url=page.url, registry=registry,
                                            headers=page.headers, fetched_at=page.fetched_at)
        path.write_bytes(page.content)
        expected_path.write_text(dump_json(expected), encoding="utf-8")
        entry: dict[str, object] = {
            "file": name,
            "url": page.url,
            "kind": final_kind,
            "charset": choose_charset(page.content, page.headers),
            "expected": expected_path.name,
            "draft": True,
        }
        if page.headers is not None:
            entry["status"] = page.status
            entry["headers"] = {k: v for k, v in page.headers.items() if k.lower() not in _DROPPED_HEADERS}
        if page.fetched_at is not None:
            entry["fetched_at"] = page.fetched_at.isoformat(timespec="seconds")
        index.put(entry)
        saved.append(Saved(page.url, name, final_kind, True))
    index.save()
    return saved
