"""A harvest in a child process, for the SIGKILL trials: `python -m tests.hardening.harvest_worker JSON`.

JSON: {"count", "articles", "unservable", "mirrors", "folder"}; the sites are regenerated from the
same arguments (generation is deterministic). Prints `started` once imports are done, so the parent
kills it during the harvest rather than during interpreter start-up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pressharvest.harvest.run import harvest
from tests.hardening.harness import chaos_options_for, private_name_resolves_to_10
from tests.hardening.sites import make_sites


def main() -> None:
    spec = json.loads(sys.argv[1])
    sites = make_sites(count=spec["count"], articles=spec["articles"], unservable_share=spec["unservable"])
    options = chaos_options_for(sites, spec["mirrors"], Path(spec["folder"]), export=False)
    print("started", flush=True)
    with private_name_resolves_to_10():
        harvest(options)


if __name__ == "__main__":
    main()
