"""What a harvest loads: modules it needs only for other commands, or only at export, stay unimported.

Checked in a fresh interpreter (this one has imported everything the other tests use)."""

from __future__ import annotations

import json
import subprocess
import sys

# Each is megabytes of RSS: numpy ~10 MB (export imports it, once the crawl is over), numpy.random
# ~5 MB more (never needed: MinHash gets datasketch's permutations as numbers), scipy ~50 MB (through
# datasketch's package __init__), the rest are extras for other commands.
NOT_AT_IMPORT = ("numpy", "scipy", "datasketch", "pyarrow", "matplotlib", "warcio", "rich", "trafilatura")


def _modules_after(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_harvest_loads_neither_numpy_nor_any_extra() -> None:
    loaded = _modules_after(
        "import pressharvest.cli, pressharvest.commands.harvest, pressharvest.harvest.run, pressharvest.parse"
    )
    assert "pressharvest.harvest.run" in loaded
    assert not loaded & set(NOT_AT_IMPORT), sorted(loaded & set(NOT_AT_IMPORT))


def test_republication_groups_load_numpy_but_not_numpy_random_or_scipy() -> None:
    loaded = _modules_after(
        "from datetime import UTC, datetime\n"
        "from pressharvest.datasets.republication import Document, group_republications\n"
        "body = ['раз два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать']\n"
        "t = datetime(2025, 1, 1, tzinfo=UTC)\n"
        "groups = group_republications([Document('a', t, body), Document('b', t, body)])\n"
        "assert sorted(groups) == ['a', 'b'], groups"
    )
    assert {"numpy", "datasketch.minhash"} <= loaded
    assert not loaded & {"numpy.random", "scipy", "datasketch.lsh"}, sorted(loaded & {"numpy.random", "scipy"})
