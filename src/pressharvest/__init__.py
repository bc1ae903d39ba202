"""pressharvest: press releases from Russian administration websites as clean, validated records."""

from __future__ import annotations

__version__ = "0.1.0"
