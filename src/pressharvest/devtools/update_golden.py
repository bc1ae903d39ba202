"""Regenerate the expected records of a fixtures folder you own, showing what changed.

    python -m pressharvest.devtools.update_golden fixtures/wordpress [--check] [--site SITE]

Every page of the folder's `index.json` is parsed again (with the registered site the index names)
and its `*.expected.json` rewritten; a unified diff of each changed file is printed. A page that now
fails gives `{"error": field}` (kind `article-error`), one that parses again becomes an `article`.
Draft marks are kept as they are: a person drops `"draft": true` after checking a record. A missing
expected file is written as a draft. `--check` writes nothing and exits 1 when a file would change.
The copied reference folders (`fixtures/{admobninsk,admoblkaluga,gossite,gosweb}`) are refused: their
expected records come from shared/sites, never from the parser under test.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pressharvest.devtools.fixtures import FixtureIndex, dump_json, expected_for, refuse_reference
from pressharvest.errors import PressHarvestError
from pressharvest.parse import Registry

logger = logging.getLogger(__name__)


def _headers(entry: dict[str, Any]) -> dict[str, str]:
    return entry.get("headers") or {"content-type": f"text/html; charset={entry.get('charset') or 'utf-8'}"}


def update_folder(folder: Path, *, registry: Registry, site: str | None = None, write: bool = True,
                  out: TextIO | None = None) -> int:
    """Regenerate (or, with `write=False`, compare) every expected file; returns how many differ."""
    out = out if out is not None else sys.stdout
    refuse_reference(folder)
    index = FixtureIndex.load(folder)
    site_id = site or index.site
    changed = 0
    for entry in index.pages:
        if not entry.get("file") or entry.get("kind") == "article-missing":
            continue
        content = (folder / entry["file"]).read_bytes()
        kind, data = expected_for(entry["kind"], content, site=site_id, url=entry["url"], registry=registry,
                                  headers=_headers(entry))
        name = entry.get("expected") or f"{entry['file']}.expected.json"
        path = folder / name
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        new = dump_json(data)
        if old == new and kind == entry["kind"]:
            continue
        changed += 1
        out.writelines(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                            f"a/{folder.name}/{name}", f"b/{folder.name}/{name}"))
        if kind != entry["kind"]:
            out.write(f"# {entry['file']}: kind {entry['kind']} -> {kind}\n")
        if write:
            path.write_text(new, encoding="utf-8")
            entry.update(kind=kind, expected=name)
            if not old:
                entry["draft"] = True
    if write and changed:
        index.save()
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pressharvest.devtools.update_golden",
        description="Regenerate the expected records of fixtures folders you own, printing a diff of each change.",
    )
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER", help="a fixtures folder with index.json")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument("--site", help="parse as this site (default: the index's site)")
    parser.add_argument("--sites", metavar="FILE", help="a TOML file adding or overriding sites")
    args = parser.parse_args(argv)
    try:
        registry = Registry.load(args.sites)
        changed = sum(update_folder(folder, registry=registry, site=args.site, write=not args.check)
                      for folder in args.folders)
    except PressHarvestError as exc:
        print(f"pressharvest: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:
        print(f"pressharvest: cannot update: {exc}", file=sys.stderr)
        return 1
    verb = "differ" if args.check else "updated"
    print(f"{changed} expected file(s) {verb}", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
