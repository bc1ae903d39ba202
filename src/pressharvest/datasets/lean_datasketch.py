"""datasketch's `MinHash` without the rest of datasketch.

`import datasketch` (or `from datasketch import MinHash`) runs the package's `__init__`, which imports
every sketch it ships; its LSH modules import scipy. In a harvest that is ~50 MB of RSS at export time,
most of the run's peak, for a class that needs only numpy. `MinHash` here is loaded from its own module
with the package's `__init__` skipped; a later `import datasketch` still runs that `__init__` and finds
this very module, so `datasketch.MinHash is MinHash` either way.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

__all__ = ["minhash_class"]

_LOCK = threading.Lock()


def minhash_class() -> Any:
    """The `datasketch.MinHash` class (typed Any: datasketch's own hints are partial)."""
    with _LOCK:
        module = sys.modules.get("datasketch.minhash")
        if module is None and "datasketch" not in sys.modules:
            spec = importlib.util.find_spec("datasketch")
            if spec is not None and spec.submodule_search_locations is not None:
                # A bare package object stands in for `datasketch` while its `minhash` (and `hashfunc`)
                # submodules load, then is taken out again: the real package imports on first demand.
                stub = types.ModuleType("datasketch")
                stub.__path__ = list(spec.submodule_search_locations)
                sys.modules["datasketch"] = stub
                try:
                    module = importlib.import_module("datasketch.minhash")
                finally:
                    if sys.modules.get("datasketch") is stub:
                        del sys.modules["datasketch"]
        if module is None:
            from datasketch import MinHash

            return MinHash
        return module.MinHash
