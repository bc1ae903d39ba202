"""The decompressed-size cap: round trips for every coding, bombs aborted at the cap."""

from __future__ import annotations

import asyncio
import gzip
import os
import tracemalloc
import zlib
from collections.abc import AsyncIterator

import brotli  # type: ignore[import-untyped]
import pytest

from pressharvest.fetch.body import BodyDecodingError, BodyTooLarge, read_capped

MiB = 1024 * 1024
PAYLOAD = os.urandom(50_000) + "Пресс-служба администрации ".encode() * 20_000


async def chunks(data: bytes, size: int) -> AsyncIterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]


def read(data: bytes, coding: str | None, limit: int, size: int = 65536, truncate: bool = False) -> bytes:
    return asyncio.run(read_capped(chunks(data, size), coding, limit, truncate=truncate))[0]


def gzip_bomb(size: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    return b"".join(c.compress(zeros) for _ in range(size // MiB)) + c.flush()


ENCODINGS = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "identity": lambda b: b,
}


@pytest.mark.parametrize("coding", sorted(ENCODINGS))
@pytest.mark.parametrize("size", [1, 977, 65536, 10 * MiB])
def test_round_trip_under_the_cap(coding: str, size: int) -> None:
    data = PAYLOAD if size > 1 else PAYLOAD[:3000]  # byte-at-a-time on a short body
    assert read(ENCODINGS[coding](data), coding, len(data), size) == data


def test_raw_deflate_multi_member_gzip_and_chains() -> None:
    assert read(zlib.compress(PAYLOAD)[2:-4], "deflate", 2 * MiB) == PAYLOAD
    assert read(gzip.compress(PAYLOAD[:10]) + gzip.compress(PAYLOAD[10:]), "gzip", 2 * MiB) == PAYLOAD
    assert read(gzip.compress(PAYLOAD) + b"\0\0junk", "gzip", 2 * MiB) == PAYLOAD
    assert read(brotli.compress(gzip.compress(PAYLOAD)), "gzip, br", 2 * MiB) == PAYLOAD


def test_exactly_at_the_cap_passes_one_byte_over_fails() -> None:
    body = gzip.compress(PAYLOAD)
    assert read(body, "gzip", len(PAYLOAD)) == PAYLOAD
    with pytest.raises(BodyTooLarge):
        read(body, "gzip", len(PAYLOAD) - 1)
    assert read(body, "gzip", 100, truncate=True) == PAYLOAD[:100]


def test_truncated_or_corrupt_bodies_are_decoding_errors() -> None:
    with pytest.raises(BodyDecodingError):
        read(gzip.compress(PAYLOAD)[:-5000], "gzip", 2 * MiB)
    with pytest.raises(BodyDecodingError):
        read(b"this is not gzip at all", "gzip", 2 * MiB)
    with pytest.raises(BodyDecodingError):
        read(brotli.compress(PAYLOAD)[:-100], "br", 2 * MiB)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_bombs_abort_at_the_cap_without_inflating_further(coding: str) -> None:
    cap = 1 * MiB
    if coding == "gzip":
        bomb = gzip_bomb(200 * MiB)
    elif coding == "deflate":
        bomb = zlib.compress(bytes(64 * MiB), 9)
    else:
        bomb = brotli.compress(bytes(64 * MiB), quality=1)
    assert len(bomb) < cap // 4  # small on the wire, huge inflated
    # Network-sized raw chunks: a single 64 KiB chunk of such a bomb inflates to ~64 MiB, so the cap
    # must hold inside one chunk, not between chunks.
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge):
            read(bomb, coding, cap, size=65536)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1.1 * cap + 256 * 1024, peak


def test_a_stream_that_inflates_to_nothing_is_capped_on_raw_bytes() -> None:
    empty_member = gzip.compress(b"")
    with pytest.raises(BodyTooLarge):
        read(empty_member * 20_000, "gzip", 64 * 1024)
