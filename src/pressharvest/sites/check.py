"""`sites check`: does a site's family parser fit its pages? Field by field, for a person to read.

An article page is read by the site's family layout and each required field (`url`, `title`,
`published_at`, `body`) is judged on its own, so a redesign shows every field it broke at once, not
just the first; when all of them are found the whole record is built and its other fields (quotes,
reference, source, rating, images, attachments, updated_at) are summarised. A list page reports its
article links and next page. The family fits when every article gives its required fields and the
list page links to articles.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from pressharvest.decode import decode_page
from pressharvest.errors import ParseError
from pressharvest.models import PressRelease
from pressharvest.normalize import build_record, record_url, split_blocks
from pressharvest.parse import Registry, parse_links
from pressharvest.sites.base import Page, RawArticle
from pressharvest.sites.config import Site
from pressharvest.sites.registry import family_of
from pressharvest.text.clean import clean_text
from pressharvest.text.dates import find_date, iso_minutes, zone

logger = logging.getLogger(__name__)

REQUIRED = ("url", "title", "published_at", "body")
_SHOWN = 70  # characters of a text value shown in the report


@dataclass(frozen=True)
class FieldResult:
    name: str
    ok: bool
    value: str
    required: bool = False


@dataclass
class PageCheck:
    url: str
    kind: str  # "article" or "list"
    parser: str | None = None
    fields: list[FieldResult] = field(default_factory=list)
    error: str | None = None  # the page could not be fetched or read at all
    # Why the page says nothing of the parser (an article the site has removed: 404, 410): not a failure.
    skipped: str | None = None

    @property
    def failed(self) -> list[str]:
        names = [f.name for f in self.fields if not f.ok and (f.required or self.kind == "list")]
        return names or (["page"] if self.error else [])

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "kind": self.kind, "parser": self.parser, "error": self.error,
                "skipped": self.skipped, "failed": self.failed,
                "fields": {f.name: {"ok": f.ok, "value": f.value} for f in self.fields}}


@dataclass
class CheckReport:
    site: Site
    pages: list[PageCheck] = field(default_factory=list)

    @property
    def articles(self) -> list[PageCheck]:
        """The article pages checked (not those skipped)."""
        return [page for page in self.pages if page.kind == "article" and page.skipped is None]

    @property
    def fits(self) -> bool:
        return bool(self.articles) and not any(page.failed for page in self.pages)

    def as_dict(self) -> dict[str, Any]:
        return {"site": self.site.id, "family": self.site.family, "fits": self.fits,
                "pages": [page.as_dict() for page in self.pages]}

    def render(self) -> str:
        lines = [f"site {self.site.id} (family {self.site.family})"]
        for page in self.pages:
            parser = f"  [{page.parser}]" if page.parser else ""
            lines.append(f"{page.kind} {page.url}{parser}")
            if page.error:
                lines.append(f"  FAIL  {page.error}")
            if page.skipped:
                lines.append(f"  skip  {page.skipped}")
            for result in page.fields:
                mark = "ok" if result.ok else ("FAIL" if result.required or page.kind == "list" else "-")
                lines.append(f"  {mark:4}  {result.name:13} {result.value}")
        bad = [page for page in self.pages if page.failed]
        if self.fits:
            lines.append(f"result: the family fits ({len(self.articles)} article(s) checked)")
        elif not self.articles:
            lines.append("result: no article page could be checked")
        else:
            failed = sorted({name for page in bad for name in page.failed})
            lines.append(f"result: {len(bad)} page(s) fail: {', '.join(failed)}")
        return "\n".join(lines)


def _short(text: str | None) -> str:
    if not text:
        return "(none)"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _required(raw: RawArticle, page: Page) -> list[FieldResult]:
    """Each required field judged apart, with the rules `build_record` applies."""
    site, tz = page.site, zone(page.site.timezone)
    url = record_url(raw.canonical_url, page.url, site.base_url)
    title = clean_text(raw.title or "")
    published = find_date(raw.published or "", tz, now=page.fetched_at)
    body = split_blocks(raw.blocks).body
    when = iso_minutes(published.value) if published else f"no date in {_short(raw.published)!s}"
    return [
        FieldResult("url", bool(url), url or "no canonical link and no page URL", True),
        FieldResult("title", bool(title), _short(title) if title else "no headline found", True),
        FieldResult("published_at", published is not None, when, True),
        FieldResult("body", bool(body), f"{len(body)} paragraph(s)", True),
    ]


def _optional(record: PressRelease) -> list[FieldResult]:
    first_quote = f" (first by {record.quotes[0].speaker_raw})" if record.quotes else ""
    return [
        FieldResult("updated_at", record.updated_at is not None, record.updated_at or "(none)"),
        FieldResult("quotes", bool(record.quotes), f"{len(record.quotes)}{first_quote}"),
        FieldResult("reference", bool(record.reference), f"{len(record.reference)} paragraph(s)"),
        FieldResult("source", record.source is not None, _short(record.source)),
        FieldResult("rating", record.rating is not None, str(record.rating) if record.rating is not None else "(none)"),
        FieldResult("images", bool(record.images), str(len(record.images))),
        FieldResult("attachments", bool(record.attachments), str(len(record.attachments))),
    ]


def check_article(content: bytes, *, site: Site, url: str | None, headers: Mapping[str, str] | None = None,
                  fetched_at: datetime | None = None) -> PageCheck:
    tree = LexborHTMLParser(decode_page(content, headers))
    layout = family_of(site).layout_for(tree, site.layout)
    page = Page(site, url, fetched_at)
    check = PageCheck(url or "(no URL)", "article", layout.parser_name)
    try:
        raw = layout.article(tree, page)
    except ParseError as exc:
        check.fields.append(FieldResult(exc.field, False, exc.detail, True))
        return check
    check.fields = _required(raw, page)
    if all(result.ok for result in check.fields):
        try:
            check.fields += _optional(build_record(raw, page, content, layout.parser_name))
        except ParseError as exc:  # a value the record model refuses (e.g. a malformed image URL)
            check.fields.append(FieldResult(exc.field, False, exc.detail, True))
    return check


def check_list(content: bytes, *, site: Site, url: str, registry: Registry,
               headers: Mapping[str, str] | None = None) -> tuple[PageCheck, list[str]]:
    """The list page's check and its article links (the pages to check next)."""
    check = PageCheck(url, "list")
    try:
        links = parse_links(content, site=site.id, url=url, headers=headers, registry=registry)
    except ParseError as exc:
        check.fields.append(FieldResult(exc.field, False, exc.detail))
        return check, []
    articles = [str(link) for link in links.articles]
    check.fields = [
        FieldResult("links", bool(articles), f"{len(articles)} article link(s)"),
        FieldResult("next", True, str(links.next) if links.next else "(none)"),
    ]
    return check, articles
