"""The press-release record (shared/RECORD.md, version 1) as pydantic models.

The JSON Schema shipped in `schema/press_release.schema.json` is generated from `PressRelease`;
a test fails when the two differ (`pressharvest schema > src/pressharvest/schema/...` regenerates it).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from pressharvest.text.clean import clean_text

SCHEMA_VERSION: Literal[1] = 1

# ISO 8601 with an explicit offset, minutes precision: 2020-07-15T07:29:00+03:00
_ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$")
_ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$")


def _clean(value: str) -> str:
    if value != clean_text(value):
        raise ValueError("text is not normalised (NFC, no zero-width characters, single spaces, stripped)")
    return value


def _http_url(value: str) -> str:
    # What `urlsplit` decides is known without it for most URLs (uncached it costs more than the
    # record's other URL checks together): `http://` or `https://` then a character that starts the
    # host (`urlsplit` deletes tabs and newlines first), ASCII (it checks a non-ASCII host against
    # NFKC) and no bracket (it checks IPv6 literals). Any other value is split.
    if value.isascii() and "[" not in value and "]" not in value:
        if value[:8] == "https://":
            first = value[8:9]
        elif value[:7] == "http://":
            first = value[7:8]
        else:
            first = ""
        if first != "" and first not in "/?#\t\r\n":
            return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    return value


def _local_time(value: str) -> str:
    if not _ISO_WITH_OFFSET.match(value):
        raise ValueError(f"not ISO 8601 with offset at minutes precision: {value!r}")
    datetime.fromisoformat(value)  # raises on an impossible date
    return value


def _utc_time(value: str) -> str:
    if not _ISO_UTC.match(value):
        raise ValueError(f"not ISO 8601 UTC: {value!r}")
    return value


# The `Field` constraints put what JSON Schema can say into the shipped schema (so a consumer's
# validator checks it too); the validators check the rest (NFC, real calendar dates).
CleanStr = Annotated[str, AfterValidator(_clean)]
# `min_length` is checked before the validators run, so an empty string never reaches `_clean`.
NonEmptyStr = Annotated[str, Field(min_length=1), AfterValidator(_clean)]
# A scheme and a host's first character: what the shipped schema can say of an absolute http(s) URL.
HTTP_URL_PATTERN = r"^https?://[^\s/?#]+"
HttpUrl = Annotated[str, Field(pattern=HTTP_URL_PATTERN), AfterValidator(_http_url)]
LocalTime = Annotated[str, Field(pattern=_ISO_WITH_OFFSET.pattern), AfterValidator(_local_time)]
UtcTime = Annotated[str, Field(pattern=_ISO_UTC.pattern), AfterValidator(_utc_time)]

_STRICT = ConfigDict(extra="forbid", frozen=True)


class Quote(BaseModel):
    """Speech in the body: who said what, and where."""

    model_config = _STRICT

    text: NonEmptyStr
    speaker: NonEmptyStr | None
    speaker_raw: NonEmptyStr
    speaker_role: NonEmptyStr | None
    kind: Literal["direct", "indirect"]
    paragraph: int = Field(ge=0)


class Attachment(BaseModel):
    model_config = _STRICT

    url: HttpUrl
    title: CleanStr


class Provenance(BaseModel):
    model_config = _STRICT

    fetched_at: UtcTime | None
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    parser: str = Field(pattern=r"^[a-z0-9_-]+/[A-Za-z0-9_.-]+$")
    tool_version: str


class PressRelease(BaseModel):
    """One press release, as shared/RECORD.md defines it."""

    model_config = _STRICT

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*:[A-Za-z0-9]+$")
    site: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    url: HttpUrl
    title: NonEmptyStr
    published_at: LocalTime
    updated_at: LocalTime | None
    body: list[NonEmptyStr] = Field(min_length=1)
    quotes: list[Quote]
    reference: list[NonEmptyStr]
    source: NonEmptyStr | None
    rating: int | None
    images: list[HttpUrl]
    attachments: list[Attachment]
    language: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    provenance: Provenance

    @field_validator("images")
    @classmethod
    def _images_unique(cls, images: list[str]) -> list[str]:
        if len(set(images)) != len(images):
            raise ValueError("images must be deduplicated")
        return images

    @model_validator(mode="after")
    def _id_matches_site(self) -> PressRelease:
        if not self.id.startswith(self.site + ":"):
            raise ValueError(f"id {self.id!r} does not start with the site {self.site!r}")
        for quote in self.quotes:
            if quote.paragraph >= len(self.body):
                raise ValueError(f"quote paragraph {quote.paragraph} is outside the body")
        return self

    def content_dict(self) -> dict[str, object]:
        """The record without provenance: what decides whether an article changed."""
        return self.model_dump(mode="json", exclude={"provenance"})


class Links(BaseModel):
    """What a news list page (or RSS feed) links to."""

    model_config = _STRICT

    articles: list[HttpUrl]
    next: HttpUrl | None
