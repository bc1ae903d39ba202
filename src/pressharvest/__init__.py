"""pressharvest: press releases from Russian administration websites as clean, validated records.

The public API lives here and only here; everything else is internal.
"""

from __future__ import annotations

__version__ = "0.1.0"

from pressharvest.errors import (
    ConfigError,
    FetchError,
    InputError,
    ParseError,
    PolicyError,
    PressHarvestError,
    StoreError,
)
from pressharvest.models import Attachment, Links, PressRelease, Provenance, Quote
from pressharvest.parse import Registry, parse_links, parse_page

__all__ = [
    "Attachment",
    "ConfigError",
    "FetchError",
    "InputError",
    "Links",
    "ParseError",
    "PolicyError",
    "PressHarvestError",
    "PressRelease",
    "Provenance",
    "Quote",
    "Registry",
    "StoreError",
    "__version__",
    "parse_links",
    "parse_page",
]
