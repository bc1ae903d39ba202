"""The JSON Schemas of the record and of an exported record, generated from the pydantic model and
shipped as files.

An exported record (JSONL, and the rows of the other formats) is the record plus the derived
`republication` object, which is computed at export and never stored in the record model.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pressharvest.models import PressRelease

SCHEMA_FILE = "press_release.schema.json"
SCHEMA_ID = "https://pressharvest.invalid/schema/press_release.v1.json"
EXPORT_SCHEMA_FILE = "exported_record.schema.json"
EXPORT_SCHEMA_ID = "https://pressharvest.invalid/schema/exported_record.v1.json"
_REPUBLICATION = {
    "anyOf": [
        {
            "type": "object",
            "properties": {
                "group": {"type": "string", "pattern": "^rg-[0-9a-f]{12}$"},
                "origin": {"type": "string"},
                "is_origin": {"type": "boolean"},
            },
            "required": ["group", "origin", "is_origin"],
            "additionalProperties": False,
        },
        {"type": "null"},
    ],
    "description": "derived at export: the record's near-duplicate group, its presumed origin, "
    "and whether this record is that origin; null when the record has no near-duplicate",
}


def generate_schema() -> dict[str, Any]:
    schema = PressRelease.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def generate_export_schema() -> dict[str, Any]:
    schema = generate_schema()
    schema["$id"] = EXPORT_SCHEMA_ID
    schema["title"] = "ExportedRecord"
    schema["properties"] = {**schema["properties"], "republication": _REPUBLICATION}
    schema["required"] = [*schema["required"], "republication"]
    return schema


def render_schema(*, export: bool = False) -> str:
    schema = generate_export_schema() if export else generate_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_schema(*, export: bool = False) -> str:
    name = EXPORT_SCHEMA_FILE if export else SCHEMA_FILE
    return resources.files("pressharvest.schema").joinpath(name).read_text(encoding="utf-8")
