"""`pressharvest schema`: print the record's JSON Schema (generated from the pydantic model)."""

from __future__ import annotations

import argparse
import sys

from pressharvest.schema import render_schema


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("schema", help="print the JSON Schema of the press-release record")
    parser.add_argument("--export", action="store_true",
                        help="the schema of an exported record (the record plus its `republication`)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(render_schema(export=args.export))
    return 0
