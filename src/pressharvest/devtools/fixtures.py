"""A fixtures folder: its `index.json`, file names for saved pages, and the records expected of them.

    fixtures/<folder>/index.json   {"site", "family", "base_url", "timezone", "pages": [entry, …]}
    entry                          {"file", "url", "kind", "charset", "expected", "draft"?, "headers"?, …}

`kind` is `article`, `article-error` (the page must be refused; expected `{"error": field}`), `list`
or `rss`. An expected record drafted by a tool carries `"draft": true` until a person has checked it:
the golden test refuses drafts. The reference folders copied from shared/sites are never rewritten.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from pressharvest.decode import decode_page
from pressharvest.devtools.index_file import read_index
from pressharvest.errors import ConfigError, ParseError
from pressharvest.parse import Registry, parse_links, parse_page
from pressharvest.sites.config import Site
from pressharvest.sites.feeds import looks_like_feed
from pressharvest.urls import absolute_url, canonical_url

logger = logging.getLogger(__name__)

# Copied reference folders: their pages and expected records come from shared/sites, never from a tool.
REFERENCE_FOLDERS = frozenset({"admobninsk", "admoblkaluga", "gossite", "gosweb"})
ARTICLE_KINDS = ("article", "article-error")
_HEADLINE_LINKS = 3  # a page whose headings link to this many of its article links is a list page
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def refuse_reference(folder: Path) -> None:
    if folder.name in REFERENCE_FOLDERS:
        raise ConfigError(f"{folder} is a copied reference folder; tools never rewrite it", key="folder")


@dataclass
class FixtureIndex:
    folder: Path
    site: str
    family: str
    base_url: str
    timezone: str = "Europe/Moscow"
    pages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / "index.json"

    @classmethod
    def load(cls, folder: Path) -> FixtureIndex:
        data = read_index(folder)
        return cls(folder, data["site"], data.get("family", ""), data["base_url"], data.get("timezone",
                   "Europe/Moscow"), list(data.get("pages", [])))

    @classmethod
    def for_site(cls, folder: Path, site: Site) -> FixtureIndex:
        """The folder's index when it has one, else a new one for `site`."""
        if (folder / "index.json").is_file():
            return cls.load(folder)
        return cls(folder, site.id, site.family, site.base_url, site.timezone)

    def entry(self, file: str) -> dict[str, Any] | None:
        return next((page for page in self.pages if page.get("file") == file), None)

    def put(self, entry: dict[str, Any]) -> None:
        """Add the entry, or replace the one for the same file."""
        for number, page in enumerate(self.pages):
            if page.get("file") == entry["file"]:
                self.pages[number] = entry
                return
        self.pages.append(entry)

    def save(self) -> None:
        data = {"site": self.site, "family": self.family, "base_url": self.base_url, "timezone": self.timezone,
                "pages": self.pages}
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def file_name(url: str, kind: str) -> str:
    """`article_2025-03-14-vesennij-subbotnik.html`, `list_category-novosti-page-2.html`, `rss_feed.xml`."""
    parts = urlsplit(url)
    path = parts.path.rsplit(".", 1)[0] if re.search(r"\.(html?|php|aspx?)$", parts.path) else parts.path
    slug = _SLUG.sub("-", "-".join(p for p in [path.strip("/"), parts.query] if p)).strip("-")[-60:].strip("-")
    prefix = "list" if kind == "list" else "rss" if kind == "rss" else "article"
    return f"{prefix}_{slug or 'index'}.{'xml' if kind == 'rss' else 'html'}"


def _headline_links(content: bytes, headers: Mapping[str, str] | None, url: str, articles: set[str]) -> int:
    tree = LexborHTMLParser(decode_page(content, headers))
    hrefs = {canonical_url(absolute_url(a.attributes.get("href") or "", url))
             for a in tree.css("h1 a[href], h2 a[href], h3 a[href], h4 a[href]")}
    return len(hrefs & articles)


def guess_kind(content: bytes, *, site: Site, url: str, registry: Registry,
               headers: Mapping[str, str] | None = None) -> str:
    """`rss`, `list` or `article`: a feed; a page whose headings link to several articles (or that no
    article parse accepts but that links to articles); else an article (possibly one to refuse)."""
    if url in (site.rss_url,) or looks_like_feed(decode_page(content, headers)[:2048]):
        return "rss"
    if site.list_url and canonical_url(url) == canonical_url(site.list_url):
        return "list"
    try:
        articles = set(parse_links(content, site=site.id, url=url, headers=headers, registry=registry).articles)
    except ParseError:
        articles = set()
    articles.discard(canonical_url(url))
    if _headline_links(content, headers, url, articles) >= _HEADLINE_LINKS:
        return "list"
    try:
        parse_page(content, site=site.id, url=url, headers=headers, registry=registry)
    except ParseError:
        return "list" if articles else "article-error"
    return "article"


def expected_for(kind: str, content: bytes, *, site: str, url: str, registry: Registry,
                 headers: Mapping[str, str] | None = None,
                 fetched_at: datetime | None = None) -> tuple[str, dict[str, Any]]:
    """What the page gives now, as an expected file holds it: (kind, data); provenance left out."""
    if kind in ("list", "rss"):
        links = parse_links(content, site=site, url=url, headers=headers, registry=registry)
        return kind, links.model_dump(mode="json")
    try:
        record = parse_page(content, site=site, url=url, headers=headers, fetched_at=fetched_at, registry=registry)
    except ParseError as exc:
        return "article-error", {"error": exc.field}
    data = record.model_dump(mode="json")
    data.pop("provenance")
    return "article", data


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
