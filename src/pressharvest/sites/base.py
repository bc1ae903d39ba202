"""The contract between a family parser and the rest of pressharvest.

A family knows one CMS template: *where* the title, date line, text blocks, pictures, documents,
rating and "updated" stamp sit, and where a list page's items and pager are. It returns raw fields
(`RawArticle`, `RawLinks`); the normalizer turns them into a `PressRelease`, so date parsing, time
zones, text rules, reference/attribution splitting, quotes and ids are written once for every site.

A family may hold several dated layouts (a redesign keeps old pages parseable): `Family.layouts` is
tried in order and the first whose `matches()` accepts the page parses it; the record's
`provenance.parser` names it as `<family>/<layout version>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from selectolax.lexbor import LexborHTMLParser

from pressharvest.sites.config import Site
from pressharvest.text.blocks import Block, Link

if TYPE_CHECKING:
    from pressharvest.sites.fingerprints import Fingerprint


@dataclass(frozen=True)
class Page:
    """What a parser knows about the page besides its markup."""

    site: Site
    url: str | None
    fetched_at: datetime | None = None


@dataclass
class RawArticle:
    """Where things are on an article page, as raw strings and blocks (not yet normalised)."""

    title: str | None
    published: str | None  # the text carrying the publication date (a date line, or a microdata value)
    blocks: list[Block]  # the editor's text field: body, then any reference block and attribution line
    updated: str | None = None
    rating: str | None = None
    lead_images: list[str] = field(default_factory=list)  # the detail picture shown before the text
    gallery_images: list[str] = field(default_factory=list)  # photos shown after the text
    documents: list[Link] = field(default_factory=list)  # a documents block outside the text
    canonical_url: str | None = None


@dataclass
class RawLinks:
    articles: list[str]
    next: str | None


class Layout:
    """One version of a family's template. Subclasses implement `article` and `links`."""

    family: ClassVar[str]
    version: ClassVar[str] = "1"

    def matches(self, tree: LexborHTMLParser) -> bool:
        """Whether this layout recognises the page (the last layout of a family should accept any)."""
        return True

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        raise NotImplementedError

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        raise NotImplementedError

    @property
    def parser_name(self) -> str:
        return f"{self.family}/{self.version}"


@dataclass(frozen=True)
class Family:
    name: str
    layouts: tuple[Layout, ...]
    description: str = ""
    # Marks for `sites detect`; the built-in families' are in `sites/fingerprints.py`.
    fingerprints: tuple[Fingerprint, ...] = ()

    def layout_for(self, tree: LexborHTMLParser, pinned: str | None = None) -> Layout:
        if pinned is not None:
            for layout in self.layouts:
                if layout.version == pinned:
                    return layout
        for layout in self.layouts:
            if layout.matches(tree):
                return layout
        return self.layouts[-1]
