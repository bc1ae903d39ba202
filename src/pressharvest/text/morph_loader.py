"""pymorphy3's analyser with its DAWG dictionaries memory-mapped instead of copied into the heap.

pymorphy3 loads its DAWGs through dawg_python, which reads each one into an `array.array`: 14.5 MB of
private memory per process (words.dawg 7.4 MB, prediction-suffixes-0.dawg 4.0 MB, p_t_given_w.intdawg
2.9 MB). Here each DAWG's units are a `memoryview` of a read-only map of its file, cast to the array's
item type, so indexing, `len` and `IndexError` behave as they did. The pages are clean and file-backed:
shared with every other process using the dictionaries, resident only once touched, and dropped by the
kernel under memory pressure instead of swapped.

What that saves depends on how much of a dictionary a run touches. The kernel maps a file's cached
pages in chunks of up to ~1-2 MB around each fault, so a few hundred distinct words map most of it:
measured, a 2,000-article harvest of the benchmark corpus ends with ~9 of the 14.5 MB resident (peak
RSS -5.3 MB), parsing the 69 fixture articles with 11.4 MB (-4.8 MB), and analysing 4,117 distinct
words with 13 MB (-3.5 MB: the arrays' heap fragmentation goes too). It cannot exceed the arrays.
Lookups are as fast (0.37 s for those 4,117 words either way); loading is faster (~60 ms, not ~90).

The DAWGs are loaded by pymorphy3's own code: only the `read` methods of dawg_python's `Dictionary` and
`Guide` are replaced while the analyser is built (`mapped_dictionaries`, under a lock). Everything else
(gramtab, suffixes, paradigms, the analysis itself) is pymorphy3's, so every answer is the same:
tests/quotes/test_morph_loader.py compares the units byte for byte, and every tag, parse and nominative
(for a third of the words every case) of the fixtures' and the quote corpus's 5,578 words with a stock
analyser's. A stream without a file descriptor is read as before.

A mapped file must not be truncated while in use (the process would get SIGBUS on a lost page); the
dictionaries are package data that nothing rewrites in place. Each map keeps a descriptor of its file
open (two maps per DAWG file: ten descriptors).
"""

from __future__ import annotations

import io
import mmap
import os
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import pymorphy3
from dawg_python import wrapper  # type: ignore[import-untyped]  # typed, but ships no py.typed marker

__all__ = ["mapped_analyzer", "mapped_dictionaries"]

_LOCK = threading.Lock()
_HEADER = struct.Struct("=I")  # dawg_python's header: the unit count, native byte order, as it reads it


def _mapped(fp: BinaryIO, size_of: Callable[[int], int]) -> memoryview | None:
    """The `size_of(header)` bytes after the header at `fp`'s position, as a view of a read-only map of
    the file; `fp` is left after them, where dawg_python's `read` leaves it. None (and `fp` untouched)
    when `fp` has no file descriptor to map."""
    try:
        fd = fp.fileno()
    except (AttributeError, io.UnsupportedOperation):
        return None
    (count,) = _HEADER.unpack(fp.read(_HEADER.size))
    start = fp.tell()
    size = size_of(count)
    if start + size > os.fstat(fd).st_size:
        raise EOFError("read() didn't return enough bytes")  # what array.fromfile says
    fp.seek(start + size)
    if size == 0:
        return memoryview(b"")
    aligned = start - start % mmap.ALLOCATIONGRANULARITY
    region = mmap.mmap(fd, start + size - aligned, access=mmap.ACCESS_READ, offset=aligned)
    return memoryview(region)[start - aligned:]


@contextmanager
def mapped_dictionaries() -> Iterator[None]:
    """DAWGs loaded in the block (by pymorphy3, through dawg_python's `Dictionary.read` and `Guide.read`)
    are memory-mapped. Blocks run one at a time, process-wide."""
    with _LOCK:
        read_dictionary, read_guide = wrapper.Dictionary.read, wrapper.Guide.read
        wrapper.Dictionary.read, wrapper.Guide.read = _dictionary_read(read_dictionary), _guide_read(read_guide)
        try:
            yield
        finally:
            wrapper.Dictionary.read, wrapper.Guide.read = read_dictionary, read_guide


def _dictionary_read(stock: Callable[[Any, BinaryIO], None]) -> Callable[[Any, BinaryIO], None]:
    def dictionary_read(self: Any, fp: BinaryIO) -> None:  # units: uint32, as array("I")
        units = _mapped(fp, lambda count: count * 4)
        if units is None:
            stock(self, fp)
        else:
            self._units = units.cast("I")

    return dictionary_read


def _guide_read(stock: Callable[[Any, BinaryIO], None]) -> Callable[[Any, BinaryIO], None]:
    def guide_read(self: Any, fp: BinaryIO) -> None:  # units: (child, sibling) byte pairs, as array("B")
        units = _mapped(fp, lambda count: count * 2)
        if units is None:
            stock(self, fp)
        else:
            self._units = units

    return guide_read


def mapped_analyzer(**kwargs: Any) -> Any:
    """`pymorphy3.MorphAnalyzer(**kwargs)` with its DAWGs memory-mapped (typed Any: pymorphy3 ships no
    type hints)."""
    with mapped_dictionaries():
        return pymorphy3.MorphAnalyzer(**kwargs)
