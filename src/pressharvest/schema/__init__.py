"""The JSON Schema of the record, generated from the pydantic model and shipped as a file."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pressharvest.models import PressRelease

SCHEMA_FILE = "press_release.schema.json"
SCHEMA_ID = "https://pressharvest.invalid/schema/press_release.v1.json"


def generate_schema() -> dict[str, Any]:
    schema = PressRelease.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def render_schema() -> str:
    return json.dumps(generate_schema(), ensure_ascii=False, indent=2) + "\n"


def shipped_schema() -> str:
    return resources.files("pressharvest.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
