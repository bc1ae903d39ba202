"""datasketch's `MinHash` without the rest of datasketch.

`import datasketch` (or `from datasketch import MinHash`) runs the package's `__init__`, which imports
every sketch it ships; its LSH modules import scipy. In a harvest that is ~50 MB of RSS at export time,
most of the run's peak, for a class that needs only numpy. `MinHash` here is loaded from its own module
with the package's `__init__` skipped; a later `import datasketch` still runs that `__init__` and finds
this very module, so `datasketch.MinHash is MinHash` either way.

`minhash_template` gives a MinHash whose permutations are datasketch's own for the usual seed, passed in
as numbers (drawn once by datasketch 2.0 from `numpy.random.RandomState(1)`) rather than drawn again: the
draw imports numpy.random, ~5 MB of RSS (its compiled modules) for 256 numbers. tests/datasets check
that they still equal what the installed datasketch draws.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

__all__ = ["minhash_class", "minhash_template"]

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


# `MinHash(num_perm=128, seed=1).permutations` of datasketch 2.0 (scheme "affine32": a odd, b any, uint32).
_SEED1_SCHEME = "affine32"
_AFFINE32_SEED1_A = (
    3582191691, 4270784983, 1892572953, 3715639441, 982527, 1100580627, 2597016983, 4286725387, 1260623519,
    2027988865, 793182497, 3406602499, 1599963033, 3332127887, 2968344027, 1458107385, 3408206605, 3741252147,
    333433189, 2974788137, 3600853501, 2690998987, 1591023397, 210867113, 1756231447, 3809231353, 3248004053,
    1972053305, 235257659, 295613213, 1464304741, 3555906697, 3584620975, 3927359407, 504141779, 3699672547,
    1205914607, 3772079037, 1701678785, 2391345325, 2583376155, 1855172563, 4022336275, 2600667151, 2692293247,
    797152891, 1652038701, 155929203, 3233158147, 3135500033, 3389645433, 2827350435, 730524177, 2831271345,
    335478043, 2345481447, 1458832223, 508895189, 3248219379, 1464824721, 844792893, 799426703, 3617286919,
    1474497421, 3933241131, 3537230947, 284887667, 1696949255, 1648211849, 2487899697, 2710258659, 1220802647,
    1602030745, 2433652789, 2874412649, 3543681697, 157095131, 293529319, 2148723283, 1065409445, 4199284767,
    1379850369, 2131726729, 2564055091, 2408995551, 3832266181, 2484890543, 1908035343, 886704693, 630193459,
    3847376081, 4030728237, 3509808659, 826113415, 2522126287, 3464923389, 2471971375, 1026415355, 1116936905,
    213025079, 166360907, 718316147, 1536185511, 3580811597, 1817871633, 3525724737, 2281028421, 2567790101,
    4222581295, 724897055, 458380767, 566180015, 636665395, 978722703, 1260388839, 3921611449, 767128725,
    2241792381, 1715911261, 1984407361, 879046065, 287320367, 3556713839, 3864939139, 1669884643, 4235349659,
    3557772807, 348755713
)
_AFFINE32_SEED1_B = (
    214548472, 3287733501, 2301657549, 194758406, 2850976308, 601149909, 2211431878, 3403347458, 4057003596,
    127995867, 2519234709, 3792995019, 3880081671, 2322667597, 590449352, 1924060235, 598187340, 3831694379,
    3467719188, 1621712414, 1708008996, 2312516455, 710190855, 2801602349, 3983619012, 1551604281, 1493642992,
    2452463100, 3224713426, 2739486816, 3118137613, 542518282, 3793770775, 2964406140, 2678651729, 2782062471,
    3225273209, 1520156824, 1498506954, 3278061020, 1159331476, 1531292064, 3847801996, 3233201345, 1838637662,
    3785334332, 4143956457, 50118808, 2849459538, 2139362163, 2670162785, 316934274, 492830188, 3379930844,
    4078025319, 275167074, 1932357898, 1526046390, 2484164448, 4045158889, 1752934226, 1631242710, 1018023110,
    3276716738, 3879985479, 3313975271, 2463934640, 1294333494, 12327951, 3318889349, 2650617233, 656828586,
    1402929172, 2485213814, 2263697328, 38689046, 3805092325, 3045314445, 1534461937, 2021386866, 3902128737,
    3283900085, 2677311316, 2007436298, 67951712, 1155350711, 3991902525, 3572092472, 2967379673, 2367922581,
    4283469031, 300997728, 740196857, 2029264851, 588993561, 3190150641, 4005467022, 824445069, 2992811220,
    1994202740, 283468587, 989400710, 3244689101, 2182906552, 3237873595, 895794063, 3964360216, 211760123,
    3055975561, 2228494786, 533739719, 739929909, 85384517, 1702152612, 112575333, 461130488, 121575445,
    2189618472, 1057468493, 438667483, 3693791921, 1240033649, 2314261807, 995395021, 2374352296, 4156102094,
    3616495149, 1195370327
)


def minhash_template(num_perm: int, seed: int) -> Any:
    """`MinHash(num_perm=num_perm, seed=seed)`, empty: a template whose `permutations` and `scheme` are
    passed on to every signature. For 128 permutations of seed 1 they come from the table above (numpy.random
    stays unimported); otherwise datasketch draws them (its `b` draws follow all the `a` draws, so a table
    for 128 gives no other count)."""
    minhash = minhash_class()
    if (num_perm, seed) == (len(_AFFINE32_SEED1_A), 1):
        return minhash(num_perm=num_perm, permutations=(_AFFINE32_SEED1_A, _AFFINE32_SEED1_B), scheme=_SEED1_SCHEME)
    return minhash(num_perm=num_perm, seed=seed)
