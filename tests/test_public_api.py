from __future__ import annotations

import pressharvest


def test_all_is_sorted_and_complete() -> None:
    assert pressharvest.__all__ == sorted(pressharvest.__all__, key=str.lower) or pressharvest.__all__ == sorted(
        pressharvest.__all__
    )
    for name in pressharvest.__all__:
        assert hasattr(pressharvest, name), name
