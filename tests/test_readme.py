"""README.md is assembled from docs/: it must be current, and its first two commands are the contract."""

from __future__ import annotations

import argparse
import re

from pressharvest.devtools.readme import ROOT, anchor, build


def test_readme_is_built_from_docs() -> None:
    assert (ROOT / "README.md").read_text(encoding="utf-8") == build(), "run: python -m pressharvest.devtools.readme"


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", build(), re.S)
    assert blocks[0].strip().endswith("pressharvest demo")
    assert blocks[1].strip().endswith("python -m pytest -q")


def test_every_internal_link_has_its_heading() -> None:
    text = build()
    heads = {anchor(m.group(1)) for m in re.finditer(r"(?m)^#{1,6} (.+)$", text)}
    missing = {link for link in re.findall(r"\]\(#([^)]+)\)", text) if link not in heads}
    assert not missing


def _long_flags(parser: argparse.ArgumentParser) -> set[str]:
    flags = {option for action in parser._actions for option in action.option_strings if option.startswith("--")}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                flags |= _long_flags(child)
    return flags


def test_every_flag_in_the_help_is_in_the_readme() -> None:
    from pressharvest.cli import build_parser

    text = build()
    generic = {"--help", "--verbose", "--version"}
    missing = {flag for flag in _long_flags(build_parser()) - generic
               if not re.search(re.escape(flag) + r"(?![\w-])", text)}
    assert not missing, f"flags in --help but not in docs/*.md: {sorted(missing)}"
