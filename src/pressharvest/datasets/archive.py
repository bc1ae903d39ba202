"""WARC archives of the stored raw responses (warcio), and reading them back.

`write_warc` writes one gzip-compressed WARC/1.1 file: a `warcinfo` record naming the tool, then one
`response` record per stored raw page (`Store.raw_pages()`: the latest response of every URL,
article pages and list pages alike), in URL order:

- `WARC-Target-URI`: the URL as harvested (the site's own URL, also under `--mirror`);
- `WARC-Date`: the moment it was fetched, to the microsecond (WARC/1.1 allows fractions), so a
  re-parse resolves "Сегодня, 16:04" against the very same moment;
- `PressHarvest-Site` / `PressHarvest-Kind`: the site id and `article` or `list` (WARC extension
  fields), so a re-parse needs no database;
- the HTTP block: status line, the stored headers, the body as stored. The store keeps bodies
  *decoded* (gzip/br undone by the client), so `Content-Encoding`, `Transfer-Encoding` and
  `Content-Length` are renamed `X-PressHarvest-Orig-…` and a true `Content-Length` is set: any WARC
  tool (pywb, warcio, wget's readers) then reads the body as it is, and `read_warc` restores the
  stored headers exactly (a header block is ASCII: a value that is not is written %-encoded, UTF-8,
  as `X-PressHarvest-Pct-<name>`).

`read_warc` yields `ArchivedPage`s from such a file (or from any WARC's `response` records, with
site and kind left to the URL when the extension fields are absent).
"""

from __future__ import annotations

import http
import io
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pressharvest import __version__
from pressharvest.errors import InputError
from pressharvest.export.atomic import atomic_path

if TYPE_CHECKING:
    from pressharvest.harvest.store.base import Store, UrlKind

SITE_FIELD = "PressHarvest-Site"
KIND_FIELD = "PressHarvest-Kind"
_RENAMED = ("content-encoding", "transfer-encoding", "content-length")
_ORIG = "x-pressharvest-orig-"
_PERCENT = "x-pressharvest-pct-"  # a header whose value is not ASCII, %-encoded (UTF-8)


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """A raw response as archived: what `parse_page` and `Store.put_raw` need."""

    url: str
    site: str | None
    kind: UrlKind
    content: bytes
    headers: dict[str, str]
    fetched_at: datetime
    status: int


def require_warcio() -> None:
    try:
        import warcio  # noqa: F401
    except ImportError:
        from pressharvest.errors import ConfigError

        raise ConfigError("WARC needs the 'warcio' package: pip install 'pressharvest[datasets]'",
                          key="--format") from None


def store_pages(store: Store, site: str | None = None) -> Iterator[ArchivedPage]:
    """The store's raw pages with their URL kind (`article` unless the frontier says `list`)."""
    for raw in store.raw_pages(site):
        state = store.url_state(raw.url)
        kind: UrlKind = state.kind if state is not None else "article"
        yield ArchivedPage(raw.url, raw.site, kind, raw.content, dict(raw.headers), raw.fetched_at, raw.status)


def _http_headers(page: ArchivedPage) -> Any:
    from warcio.statusandheaders import StatusAndHeaders

    headers = []
    for name, value in page.headers.items():
        key = name.lower()
        written = _ORIG + key if key in _RENAMED else name
        if value.isascii():
            headers.append((written, value))
        else:  # warcio would %-encode it ambiguously: mark it, and undo on reading
            headers.append((_PERCENT + written.lower(), urllib.parse.quote(value, safe="")))
    headers.append(("Content-Length", str(len(page.content))))
    try:
        phrase = http.HTTPStatus(page.status).phrase
    except ValueError:
        phrase = "Unknown"
    return StatusAndHeaders(f"{page.status} {phrase}", headers, protocol="HTTP/1.1")


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_warc_pages(pages: Iterator[ArchivedPage], path: Path) -> int:
    """Write the pages to `path` (gzip WARC/1.1) atomically; returns how many response records."""
    require_warcio()
    from warcio.warcwriter import WARCWriter

    count = 0
    with atomic_path(path) as tmp, open(tmp, "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        info = {"software": f"pressharvest {__version__}", "format": "WARC File Format 1.1",
                "description": "raw responses stored by pressharvest (bodies decoded; see X-PressHarvest-Orig-*)"}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for page in pages:
            warc_headers = {"WARC-Date": _warc_date(page.fetched_at), KIND_FIELD: page.kind}
            if page.site:
                warc_headers[SITE_FIELD] = page.site
            record = writer.create_warc_record(
                page.url, "response", payload=io.BytesIO(page.content), length=len(page.content),
                http_headers=_http_headers(page), warc_headers_dict=warc_headers,
            )
            writer.write_record(record)
            count += 1
    return count


def write_warc(store: Store, path: Path, site: str | None = None) -> int:
    """Archive the store's raw pages (of one site) to `path`; returns how many."""
    return write_warc_pages(store_pages(store, site), path)


def _parse_date(text: str) -> datetime:
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def read_warc(path: Path, site: str | None = None) -> Iterator[ArchivedPage]:
    """The `response` records of a WARC file (gzip or not) as `ArchivedPage`s, in file order;
    `site` keeps only that site's pages."""
    require_warcio()
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is exhausted
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    with stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                page_site = record.rec_headers.get_header(SITE_FIELD)
                if site is not None and page_site != site:
                    continue
                headers: dict[str, str] = {}
                for name, value in record.http_headers.headers:
                    key = name.lower()
                    if key == "content-length":
                        continue
                    text = value
                    if key.startswith(_PERCENT):
                        key, text = key[len(_PERCENT):], urllib.parse.unquote(value)
                    headers[key[len(_ORIG):] if key.startswith(_ORIG) else key] = text
                kind = record.rec_headers.get_header(KIND_FIELD) or "article"
                url = record.rec_headers.get_header("WARC-Target-URI")
                content = record.raw_stream.read()
                if getattr(record.raw_stream, "limit", 0):  # bytes its length promised and the file lacks
                    raise InputError(str(path), f"truncated: the record of {url} ends early")
                yield ArchivedPage(
                    url=url,
                    site=page_site,
                    kind="list" if kind == "list" else "article",
                    content=content,
                    headers=headers,
                    fetched_at=_parse_date(record.rec_headers.get_header("WARC-Date")),
                    status=int(record.http_headers.get_statuscode() or 200),
                )
        except ArchiveLoadFailed as exc:
            raise InputError(str(path), f"not a WARC file ({exc})") from None
