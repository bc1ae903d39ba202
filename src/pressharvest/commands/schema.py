"""`pressharvest schema`: print the record's JSON Schema (generated from the pydantic model)."""

from __future__ import annotations

import argparse
import sys

from pressharvest.schema import render_schema


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("schema", help="print the JSON Schema of the press-release record")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(render_schema())
    return 0
