"""The decompressed-size cap: round trips for every coding, bombs aborted at the cap."""

from __future__ import annotations

import asyncio
import gzip
import os
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable

import brotli  # type: ignore[import-untyped]
import pytest

from pressharvest.fetch.body import BodyDecodingError, BodyTooLarge, brotli_window, read_capped

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


ENCODINGS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": lambda b: brotli.compress(b, quality=5, lgwin=16),  # a 64 KiB window, counted in the cap
    "identity": lambda b: b,
}


@pytest.mark.parametrize("coding", sorted(ENCODINGS))
@pytest.mark.parametrize("size", [1, 977, 65536, 10 * MiB])
def test_round_trip_under_the_cap(coding: str, size: int) -> None:
    data = PAYLOAD if size > 1 else PAYLOAD[:3000]  # byte-at-a-time on a short body
    assert read(ENCODINGS[coding](data), coding, len(data) + 65536, size) == data


def test_raw_deflate_multi_member_gzip_and_chains() -> None:
    assert read(zlib.compress(PAYLOAD)[2:-4], "deflate", 2 * MiB) == PAYLOAD
    assert read(gzip.compress(PAYLOAD[:10]) + gzip.compress(PAYLOAD[10:]), "gzip", 2 * MiB) == PAYLOAD
    assert read(gzip.compress(PAYLOAD) + b"\0\0junk", "gzip", 2 * MiB) == PAYLOAD
    assert read(brotli.compress(gzip.compress(PAYLOAD), quality=5, lgwin=18), "gzip, br", 2 * MiB) == PAYLOAD


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
        read(brotli.compress(PAYLOAD, quality=5, lgwin=16)[:-100], "br", 2 * MiB)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_bombs_abort_at_the_cap_without_inflating_further(coding: str) -> None:
    cap = 1 * MiB
    if coding == "gzip":
        bomb = gzip_bomb(200 * MiB)
    elif coding == "deflate":
        bomb = zlib.compress(bytes(64 * MiB), 9)
    else:
        bomb = brotli.compress(bytes(64 * MiB), quality=1, lgwin=16)
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


@pytest.mark.parametrize("lgwin", range(10, 25))
def test_brotli_window_is_read_from_the_stream_header(lgwin: int) -> None:
    assert brotli_window(brotli.compress(b"x" * 100, lgwin=lgwin)[0]) == (1 << lgwin) - 16


def test_a_brotli_window_counts_against_the_cap() -> None:
    # The decoder's ring buffer (here 4 MiB) lives outside the output limit: it takes its share.
    body = os.urandom(1000) * 3000  # 3 MB
    assert read(brotli.compress(body, quality=5, lgwin=22), "br", 8 * MiB) == body
    with pytest.raises(BodyTooLarge):
        read(brotli.compress(body, quality=5, lgwin=22), "br", 6 * MiB)  # 3 MB + 4 MiB window > 6 MiB
    with pytest.raises(BodyTooLarge):  # refused before inflating anything
        read(brotli.compress(body, quality=5, lgwin=24), "br", 10 * MiB)
    with pytest.raises(BodyDecodingError):  # robots.txt: unreadable rather than silently empty
        read(brotli.compress(b"User-agent: *", lgwin=22), "br", 500 * 1024, truncate=True)
