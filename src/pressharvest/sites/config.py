"""Site instances: a family is code, a site is data.

The built-in registry (`sites/builtin.toml`) ships every site the reference pages cover; a user's
TOML (`--sites FILE` or `PRESSHARVEST_SITES`) adds sites or overrides built-in ones key by key.
An unknown key or a bad value is a `ConfigError` naming the site and the key.
"""

from __future__ import annotations

import os
import pkgutil
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from pressharvest.errors import ConfigError
from pressharvest.text.dates import zone
from pressharvest.urls import ascii_host, http_address_error

SITES_ENV = "PRESSHARVEST_SITES"


class _SiteEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    base_url: str
    list_url: str | None = None
    timezone: str = "Europe/Moscow"
    rss_url: str | None = None
    ca_bundle: str | None = None
    delay: float = Field(default=1.0, ge=0, le=3600)
    max_connections: int = Field(default=1, ge=1, le=16)
    layout: str | None = None
    enabled: StrictBool = True  # `enabled = "no"` must not read as true
    name: str | None = None

    @field_validator("base_url", "list_url", "rss_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        error = http_address_error(value) if value is not None else None
        if error is not None:
            raise ValueError(error)
        return value

    @field_validator("ca_bundle")
    @classmethod
    def _existing_file(cls, value: str | None) -> str | None:
        if value is not None and not Path(value).is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        zone(value)
        return value


@dataclass(frozen=True)
class Site:
    id: str
    family: str
    base_url: str
    list_url: str | None = None
    timezone: str = "Europe/Moscow"
    rss_url: str | None = None
    ca_bundle: str | None = None
    delay: float = 1.0
    max_connections: int = 1
    layout: str | None = None
    enabled: bool = True
    name: str | None = None

    @property
    def host(self) -> str:
        """The host requests name (ASCII: a `.рф` base URL's punycode), which pacing and leases key on."""
        return ascii_host(self.base_url)


# Site ids name folders and files (`capture` writes `fixtures/<site>/`) and start every record id,
# so they are plain lower-case names, as the record model requires of `site`.
_SITE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
SITE_ID_RULE = "lower-case latin letters, digits, '-' and '_' only (at most 64)"


def is_site_id(value: str) -> bool:
    return _SITE_ID.fullmatch(value) is not None


def _site(site_id: str, raw: Mapping[str, Any], source: str) -> Site:
    if not is_site_id(site_id):
        raise ConfigError(f"bad site id {site_id!r}: {SITE_ID_RULE}", key=f"sites.{site_id}", source=source)
    if not isinstance(raw, Mapping):
        raise ConfigError("a site entry must be a table", key=f"sites.{site_id}", source=source)
    try:
        entry = _SiteEntry.model_validate(dict(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "?"
        raise ConfigError(first["msg"], key=f"sites.{site_id}.{key}", source=source) from None
    return Site(id=site_id, **entry.model_dump())


def _known_family(family: str) -> bool:
    """Whether `family` names a family. The registry finds families by importing every module of
    `pressharvest.sites.families` (its path may be extended by the user's modules); a family's module
    bears its name, so a listing answers the common case and the import runs only on a miss."""
    from pressharvest.sites import families

    if any(info.name == family for info in pkgutil.iter_modules(families.__path__)):
        return True
    from pressharvest.sites.registry import all_families

    return family in all_families()


def _check_families(sites: Mapping[str, Site], sources: Mapping[str, str]) -> None:
    for site in sites.values():
        if not _known_family(site.family):
            from pressharvest.sites.registry import all_families

            known = ", ".join(sorted(all_families()))
            raise ConfigError(f"unknown family {site.family!r} (known: {known})", key=f"sites.{site.id}.family",
                              source=sources[site.id])


def _read_user_file(path: str | Path) -> str:
    """The user's sites file as text: UTF-8, a leading byte-order mark allowed."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read sites file ({exc.strerror})", source=str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", source=str(path)) from None


def _tables(text: str, source: str) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML ({exc})", source=source) from None
    unknown = set(data) - {"sites"}
    if unknown:
        raise ConfigError("unknown top-level key", key=sorted(unknown)[0], source=source)
    sites = data.get("sites", {})
    if not isinstance(sites, dict):
        raise ConfigError("must be a table of sites", key="sites", source=source)
    return sites


def load_sites(user_file: str | Path | None = None) -> dict[str, Site]:
    """Built-in sites, then the user's file (argument, else $PRESSHARVEST_SITES) on top."""
    builtin = resources.files("pressharvest.sites").joinpath("builtin.toml").read_text(encoding="utf-8")
    merged: dict[str, dict[str, Any]] = {k: dict(v) for k, v in _tables(builtin, "builtin.toml").items()}
    sources = dict.fromkeys(merged, "builtin.toml")
    path = user_file if user_file is not None else os.environ.get(SITES_ENV) or None
    if path is not None:
        for site_id, entry in _tables(_read_user_file(path), str(path)).items():
            if not isinstance(entry, dict):
                raise ConfigError("a site entry must be a table", key=f"sites.{site_id}", source=str(path))
            merged[site_id] = {**merged.get(site_id, {}), **entry}
            sources[site_id] = str(path)
    sites = {site_id: _site(site_id, raw, sources[site_id]) for site_id, raw in merged.items()}
    _check_families(sites, sources)
    return sites
