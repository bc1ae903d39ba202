"""datasketch's MinHash is loaded without the package's other modules (scipy): same class, same values."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_minhash_without_scipy() -> None:
    assert _run(
        """
        import sys
        from pressharvest.datasets.lean_datasketch import minhash_class
        minhash_class()(num_perm=8, seed=1, hashfunc=int).update_batch([1, 2, 3])
        print("scipy" in sys.modules, "datasketch" in sys.modules)
        """
    ) == "False False"


def test_same_class_and_values_as_the_full_package() -> None:
    assert _run(
        """
        from pressharvest.datasets.lean_datasketch import minhash_class
        lean = minhash_class()
        a = lean(num_perm=16, seed=1, hashfunc=int)
        a.update_batch([5, 7, 11])
        import datasketch
        b = datasketch.MinHash(num_perm=16, seed=1, hashfunc=int)
        b.update_batch([5, 7, 11])
        print(datasketch.MinHash is lean, (a.hashvalues == b.hashvalues).all(), minhash_class() is lean)
        """
    ) == "True True True"


def test_the_permutation_table_is_what_datasketch_draws() -> None:
    """`minhash_template(128, 1)` passes datasketch's seed-1 permutations in as numbers (no numpy.random);
    they must stay what the installed datasketch draws, or signatures (and so groups) would change."""
    assert _run(
        """
        import sys
        import numpy as np
        from pressharvest.datasets.lean_datasketch import minhash_class, minhash_template
        ours = minhash_template(128, 1)
        random_loaded = "numpy.random" in sys.modules
        drawn = minhash_class()(num_perm=128, seed=1)
        other = minhash_template(64, 2)
        print(random_loaded, ours.scheme == drawn.scheme, ours.permutations.dtype == drawn.permutations.dtype,
              np.array_equal(ours.permutations, drawn.permutations),
              np.array_equal(other.permutations, minhash_class()(num_perm=64, seed=2).permutations))
        """
    ) == "False True True True True"
