"""The exported form of a record: the record's JSON plus the derived `republication` object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pressharvest.datasets.republication import Republication, republication_of
from pressharvest.models import PressRelease


def export_dict(record: PressRelease, republications: Mapping[str, Republication]) -> dict[str, Any]:
    """`record.model_dump(mode="json")` with `republication` ({group, origin, is_origin} or None) last."""
    data = record.model_dump(mode="json")
    data["republication"] = republication_of(republications, record.id)
    return data
