"""Reading a response body under a size cap counted on the DECOMPRESSED bytes.

httpx's own decoders (`aiter_bytes`) inflate a whole network chunk at once: a 64 KiB gzip chunk of
zeros is 64 MiB before any cap can look at it, and brotli is worse. So the fetcher reads the raw
stream (`aiter_raw`) and inflates it here with an output limit per step (`zlib` `max_length`, brotli
`output_buffer_limit`), never holding more than the cap plus one step. The raw bytes are capped too,
so a stream that inflates to nothing (empty gzip members, brotli metadata) cannot run forever.

A brotli decoder also keeps a ring buffer of up to its stream's window (16 MiB at the format's usual
maximum), outside any output limit. That window is counted against the cap: a body may inflate to
the cap minus its window, and a window larger than the cap is refused outright. (The fetcher does
not ask for brotli for the same reason; this guards servers that send it anyway.)
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import AsyncIterator
from typing import Protocol

import brotli  # type: ignore[import-untyped]  # installed by httpx[brotli]; no stubs

logger = logging.getLogger(__name__)

STEP = 64 * 1024


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"body larger than {limit} bytes")


class BodyDecodingError(Exception):
    """The body does not decode with its Content-Encoding."""


class _Stage(Protocol):
    reserved: int  # memory the decoder holds outside its output (brotli's window), counted in the cap

    def feed(self, data: bytes) -> None: ...
    def pull(self, limit: int) -> bytes:
        """Up to `limit` output bytes from the input fed so far; b"" when it needs more input."""
        ...
    def finish(self) -> None: ...


class _Identity:
    reserved = 0

    def __init__(self) -> None:
        self._pending = bytearray()

    def feed(self, data: bytes) -> None:
        self._pending += data

    def pull(self, limit: int) -> bytes:
        out = bytes(self._pending[:limit])
        del self._pending[:limit]
        return out

    def finish(self) -> None:
        return None


class _Zlib:
    """gzip (multi-member) or deflate (zlib-wrapped, or raw as some servers send it)."""

    reserved = 0  # a 32 KiB window at most

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._wbits = zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS
        self._d = zlib.decompressobj(self._wbits)
        self._pending = b""
        self._started = False  # the current member has accepted input
        self._members = 0  # members decoded to the end
        self._more = False  # the last call stopped at its limit: output may be waiting inside zlib
        self._done = False  # what follows the last member is ignored, as httpx does

    def feed(self, data: bytes) -> None:
        if not self._done:
            self._pending = self._pending + data if self._pending else data

    def _stop(self) -> bytes:
        self._done, self._pending, self._more = True, b"", False
        return b""

    def pull(self, limit: int) -> bytes:
        while (self._pending or self._more) and not self._done:
            if self._d.eof:
                if not self._gzip or not self._pending:
                    return self._stop()
                self._d = zlib.decompressobj(self._wbits)  # the next gzip member
                self._started = False
            try:
                out = self._d.decompress(self._pending, limit)
            except zlib.error as exc:
                if not self._gzip and not self._started and self._wbits > 0:
                    # "deflate" sent as a raw stream: start again without the zlib header.
                    self._wbits = -zlib.MAX_WBITS
                    self._d = zlib.decompressobj(self._wbits)
                    continue
                if self._members and not self._started:
                    return self._stop()  # junk after a complete gzip member
                raise BodyDecodingError(str(exc)) from exc
            self._started = True
            self._more = len(out) >= limit
            if self._d.eof:
                self._members += 1
                self._pending = self._d.unused_data
            else:
                self._pending = self._d.unconsumed_tail
            if out:
                return out
        return b""

    def finish(self) -> None:
        if not self._done and self._started and not self._d.eof:
            raise BodyDecodingError("compressed body ends early")


def brotli_window(first: int) -> int | None:
    """The window size a brotli stream declares in its first byte (RFC 7932 §9.1); None for the
    large-window extension, which HTTP does not use."""
    if first & 1 == 0:
        wbits = 16
    elif (n := (first >> 1) & 7) != 0:
        wbits = 17 + n
    elif (n := (first >> 4) & 7) == 1:
        return None
    else:
        wbits = 8 + n if n else 17
    return (1 << wbits) - 16


class _Brotli:
    def __init__(self) -> None:
        self._d = brotli.Decompressor()
        self._pending = b""
        self._more = False  # the last call stopped at its limit: output may be waiting inside
        self.reserved = 0

    def feed(self, data: bytes) -> None:
        if data and not self.reserved and not self._pending:
            window = brotli_window(data[0])
            if window is None:
                raise BodyDecodingError("large-window brotli is not accepted")
            self.reserved = window
        self._pending = self._pending + data if self._pending else data

    def pull(self, limit: int) -> bytes:
        try:
            while self._more or self._pending:
                if self._more or not self._d.can_accept_more_data():
                    # Output left from the last call: the decoder takes only empty input until drained.
                    out = bytes(self._d.process(b"", output_buffer_limit=limit))
                else:
                    data, self._pending = self._pending, b""
                    out = bytes(self._d.process(data, output_buffer_limit=limit))
                self._more = len(out) >= limit or not self._d.can_accept_more_data()
                if out:
                    return out
                if self._d.is_finished():
                    self._pending, self._more = b"", False
            return b""
        except brotli.error as exc:
            raise BodyDecodingError(str(exc)) from exc

    def finish(self) -> None:
        if not self._d.is_finished():
            raise BodyDecodingError("brotli body ends early")


def _stage(coding: str) -> _Stage:
    if coding in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if coding == "deflate":
        return _Zlib(gzip=False)
    if coding == "br":
        return _Brotli()
    return _Identity()  # identity, and (like httpx) unknown codings are passed through


class BoundedDecoder:
    """Decodes a Content-Encoding chain (`gzip, br` → br applied last, undone first) step by step."""

    def __init__(self, content_encoding: str | None) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self._stages: list[_Stage] = [_stage(c) for c in reversed(codings)] or [_Identity()]

    def feed(self, data: bytes) -> None:
        self._stages[0].feed(data)

    @property
    def reserved(self) -> int:
        return sum(stage.reserved for stage in self._stages)

    def pull(self, limit: int) -> bytes:
        return self._pull(len(self._stages) - 1, limit)

    def _pull(self, index: int, limit: int) -> bytes:
        stage = self._stages[index]
        while True:
            out = stage.pull(limit)
            if out or index == 0:
                return out
            upstream = self._pull(index - 1, STEP)
            if not upstream:
                return b""
            stage.feed(upstream)

    def finish(self) -> None:
        for stage in self._stages:
            stage.finish()


async def read_capped(
    raw: AsyncIterator[bytes], content_encoding: str | None, limit: int, *, truncate: bool = False
) -> tuple[bytes, int]:
    """The decoded body and the number of raw bytes read.

    Past `limit` decoded bytes (less a brotli window; or twice `limit` raw): raise `BodyTooLarge`, or
    with `truncate` return what fits (robots.txt: RFC 9309 lets a crawler ignore what follows 500 KiB).
    """
    decoder = BoundedDecoder(content_encoding)
    # A list of chunks, not a growing bytearray: no over-allocation, so an aborted body never held
    # more than the cap plus one step.
    chunks: list[bytes] = []
    # Compressed data can be a little larger than what it inflates to; twice is far beyond that.
    raw_limit = 2 * limit + STEP
    size = 0
    raw_bytes = 0
    async for chunk in raw:
        raw_bytes += len(chunk)
        decoder.feed(chunk)
        while True:
            budget = limit - decoder.reserved  # a decoder's window takes its share of the cap
            if budget < 0:
                if truncate:  # robots.txt: unreadable, not empty (empty would mean "allow all")
                    raise BodyDecodingError(f"compression window of {decoder.reserved} bytes exceeds the cap")
                raise BodyTooLarge(limit)
            out = decoder.pull(min(STEP, budget + 1 - size))
            if not out:
                break
            chunks.append(out)
            size += len(out)
            if size > budget:
                if truncate:
                    return b"".join(chunks)[:budget], raw_bytes
                raise BodyTooLarge(limit)
        if raw_bytes > raw_limit:
            if truncate:
                return b"".join(chunks), raw_bytes
            raise BodyTooLarge(limit)
    decoder.finish()
    return b"".join(chunks), raw_bytes
