"""Republication groups: near-duplicate bodies across the dataset, found with MinHash/LSH (datasketch).

Municipal sites republish regional releases (often retitled, trimmed, with their own attribution), and
one site sometimes posts the same release twice. Every record whose body is a near-duplicate of
another's joins a group; the group's *origin* is its earliest record (by `published_at` as an instant,
then by id) — the presumed original.

How it works, in one pass over the records (time linear in their number):

1. **Shingles.** The body paragraphs, lower-cased with ё → е, split into words (`\\w+`); each run of
   `SHINGLE_WORDS` consecutive words inside one paragraph is a shingle, hashed to 32 bits. Shingles
   never cross a paragraph break, so reordered paragraphs keep every shingle; punctuation, quote
   marks and dashes are ignored, so a change of typography changes nothing. Title, reference block
   and attribution line are left out: a republisher changes exactly those.
2. **Candidates.** Each body's MinHash signature (datasketch `MinHash`, `NUM_PERM` permutations) is
   looked up in, then added to, an LSH banding index of `BANDS` bands of `ROWS` rows (`_Bands`: the
   scheme of `datasketch.MinHashLSH`, in a leaner structure): two bodies become candidates with
   probability 1 - (1 - J³)⁴² — ≥ 0.99 from a Jaccard similarity J of 0.5 on, 0.94 at 0.4, 0.04 at
   0.1. Bodies with the very same signature are joined at once and only the first is indexed, so a
   text copied a thousand times costs a thousand dictionary lookups, not a million comparisons.
3. **Check.** A candidate pair is joined when the exact shingle sets agree: the overlap coefficient
   |A∩B| / min(|A|, |B|) is at least `MIN_OVERLAP` (a trimmed copy is contained in its origin) and
   the Jaccard similarity at least `MIN_JACCARD` (a short paragraph quoted inside a long, different
   article is not a republication). Bodies with fewer than `MIN_SHINGLES` shingles are never
   grouped: too short to tell a copy from a stock phrase.
4. **Groups.** Joined pairs are merged with union-find (so a group is the connected component);
   the group id is `"rg-"` + the first 12 hex digits of sha256 of the origin's id, stable as long as
   the origin stays the earliest.

Republication is derived data: computed from the store at export and in the report, never stored in
the record (shared CONVENTIONS.md), so `reparse` still reproduces stored records exactly.

numpy is imported by the functions that use it, not by this module: a harvest imports it to export at
the end, and numpy held through the whole crawl was ~11 MB of RSS (tests/test_memory_imports.py).
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pressharvest.datasets.lean_datasketch import minhash_class, minhash_template

if TYPE_CHECKING:
    import numpy as np

    from pressharvest.harvest.store.base import Store
    from pressharvest.models import PressRelease

logger = logging.getLogger(__name__)

SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS, ROWS = 42, 3  # 126 of the 128 permutations; candidate curve 1 - (1 - J^3)^42
MIN_SHINGLES = 10
MIN_OVERLAP = 0.6
MIN_JACCARD = 0.25

_WORD = re.compile(r"\w+")
_WORD_HASHES: dict[str, int] = {}  # word → crc32, a cache (cleared past the limit)
# ~150 bytes a word: at 500,000 words the cache held ~72 MB through every later export, and it was no
# faster than a small one (shingles of 20,000 generated bodies with 267,000 distinct words: 7.8 s CPU
# with 500,000, 5.3 s with 5,000; with 40,000 distinct words 4.3 s and 3.9 s). Frequent words come back
# at once after a clear.
_WORD_CACHE_LIMIT = 5_000
_U32 = 0xFFFFFFFF
# Odd multipliers for combining the words of a shingle (any fixed odd 32-bit constants will do).
_MIX = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646C | 1, 0xFD7046C5, 0xB55A4F09)


@dataclass(frozen=True, slots=True)
class Republication:
    """A record's place in its republication group."""

    group: str  # "rg-" + 12 hex digits
    origin: str  # id of the group's earliest record
    is_origin: bool

    def as_dict(self) -> dict[str, Any]:
        return {"group": self.group, "origin": self.origin, "is_origin": self.is_origin}


@dataclass(frozen=True, slots=True)
class Document:
    """What grouping needs of a record."""

    id: str
    published_at: datetime  # timezone-aware
    body: Sequence[str]

    @classmethod
    def of(cls, record: PressRelease) -> Document:
        return cls(record.id, datetime.fromisoformat(record.published_at), record.body)


def shingles(body: Iterable[str], words: int = SHINGLE_WORDS) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """The sorted, unique 32-bit hashes of the body's word shingles (see the module docstring)."""
    import numpy as np  # here, not at module level: a harvest imports this module, needs numpy only at export

    codes: list[int] = []
    starts: list[int] = []  # index of each paragraph's first word in `codes`
    cache = _WORD_HASHES
    if len(cache) > _WORD_CACHE_LIMIT:
        cache.clear()
    for paragraph in body:
        starts.append(len(codes))
        for token in _WORD.findall(paragraph.lower()):
            code = cache.get(token)
            if code is None:
                code = cache[token] = zlib.crc32(token.replace("ё", "е").encode("utf-8"))
            codes.append(code)
    count = len(codes) - words + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint32)
    hashed = np.array(codes, dtype=np.uint64)
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(words):
        mixed += hashed[offset:offset + count] * np.uint64(_MIX[offset % len(_MIX)])
    mixed ^= mixed >> np.uint64(29)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(32)
    # A shingle starting fewer than `words` - 1 words before a paragraph start crosses the break.
    crossing = np.zeros(count, dtype=bool)
    for start in starts[1:]:
        crossing[max(0, start - words + 1):start] = True
    return np.unique((mixed[~crossing] & np.uint64(_U32)).astype(np.uint32))


def _instant(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive published_at {moment!r}")
    return moment.astimezone(UTC)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


class _Bands:
    """The LSH banding index: a signature cut into `bands` bands of `rows` values; two signatures are
    candidates when any band is equal. The same scheme as `datasketch.MinHashLSH`, with each band reduced
    to one 64-bit key (salted by band) and all bands in one table.

    The table is log-structured. New keys go to a dict (key → record, or a list of records for a shared
    bucket); every `_RECENT` keys the dict becomes a sorted run of two numpy arrays (uint64 key, uint32
    record), and the last run is merged into the one before while it is no smaller, so there are O(log n)
    runs and each key is copied O(log n) times. A query looks its keys up in the dict, then in a one-hash
    filter of the runs' keys (8-16 slots a key, so about 1 absent key in 8 passes), and binary-searches
    the runs for the keys that pass. 20-28 bytes a key instead of ~85 in a dict of Python ints: grouping
    20,000 generated records took 19 MB of peak RSS growth instead of 80.
    The price is CPU: the band operations take ~50 µs a record instead of ~20 (binary searches miss the
    cache), grouping 6-8 % more. The candidates, and so every check, counter and group, are the same as
    with one dict: all earlier indexed records sharing a key (tests/datasets/test_republication_bands.py).
    """

    _RECENT = 1 << 14  # keys (~400 records) kept in the dict before they become a run

    def __init__(self, bands: int, rows: int) -> None:
        import numpy as np

        self.bands, self.rows = bands, rows
        self._recent: dict[int, int | list[int]] = {}
        self._recent_keys = 0
        self._runs: list[tuple[np.ndarray[Any, np.dtype[np.uint64]], np.ndarray[Any, np.dtype[np.uint32]]]] = []
        # Which low-bit values the runs' keys take (a one-hash Bloom filter): most keys of a query are in
        # no run, and one lookup here spares them the binary searches, which miss the CPU cache.
        self._filter = np.zeros(1, dtype=bool)
        self._mix = np.array(_MIX[:rows], dtype=np.uint64)
        self._salt = np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)

    def keys(self, hashvalues: np.ndarray[Any, np.dtype[Any]]) -> np.ndarray[Any, np.dtype[np.uint64]]:
        import numpy as np

        grid = hashvalues[: self.bands * self.rows].astype(np.uint64).reshape(self.bands, self.rows)
        keys: np.ndarray[Any, np.dtype[np.uint64]] = (grid * self._mix).sum(axis=1, dtype=np.uint64) ^ self._salt
        return keys

    def query(self, keys: np.ndarray[Any, np.dtype[np.uint64]]) -> set[int]:
        import numpy as np

        found: set[int] = set()
        recent = self._recent
        for key in keys.tolist():
            bucket = recent.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, int):
                found.add(bucket)
            else:
                found.update(bucket)
        if not self._runs:
            return found
        maybe = keys[self._filter[keys & np.uint64(len(self._filter) - 1)]]  # ~1 in 8 absent keys pass
        if not len(maybe):
            return found
        wanted = np.sort(maybe)  # in order, each binary search starts where the last one ended: fewer misses
        for run_keys, run_records in self._runs:
            first = run_keys.searchsorted(wanted)
            hits = wanted[run_keys.take(first, mode="clip") == wanted]
            if len(hits):
                starts, ends = run_keys.searchsorted(hits), run_keys.searchsorted(hits, side="right")
                for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
                    found.update(run_records[start:end].tolist())
        return found

    def insert(self, keys: np.ndarray[Any, np.dtype[np.uint64]], index: int) -> None:
        table = self._recent
        for key in keys.tolist():
            bucket = table.get(key)
            if bucket is None:
                table[key] = index
            elif isinstance(bucket, int):
                table[key] = [bucket, index]
            else:
                bucket.append(index)
        self._recent_keys += len(keys)
        if self._recent_keys >= self._RECENT:
            self._flush()

    def _flush(self) -> None:
        """The dict becomes the newest run; runs no larger than their successor are merged into it."""
        import numpy as np

        keys: list[int] = []
        records: list[int] = []
        for key, bucket in self._recent.items():
            if isinstance(bucket, int):
                keys.append(key)
                records.append(bucket)
            else:
                keys.extend([key] * len(bucket))
                records.extend(bucket)
        self._recent.clear()
        self._recent_keys = 0
        run_keys = np.array(keys, dtype=np.uint64)
        order = run_keys.argsort(kind="stable")
        run = (run_keys[order], np.array(records, dtype=np.uint32)[order])
        while self._runs and len(self._runs[-1][0]) <= len(run[0]):
            older_keys, older_records = self._runs.pop()
            at = older_keys.searchsorted(run[0], side="right")  # no argsort: both runs are sorted
            run = (np.insert(older_keys, at, run[0]), np.insert(older_records, at, run[1]))
        self._runs.append(run)
        total = sum(len(run_keys) for run_keys, _ in self._runs)
        if len(self._filter) < total * 8:  # the filter grows with the runs: at most 1 slot in 8 taken
            self._filter = np.zeros(1 << (total * 8 - 1).bit_length(), dtype=bool)
            for run_keys, _ in self._runs:
                self._filter[run_keys & np.uint64(len(self._filter) - 1)] = True
        else:
            self._filter[run[0] & np.uint64(len(self._filter) - 1)] = True


class RepublicationIndex:
    """Add documents one at a time; `groups()` gives each grouped document's `Republication`."""

    def __init__(
        self,
        *,
        min_overlap: float = MIN_OVERLAP,
        min_jaccard: float = MIN_JACCARD,
        min_shingles: int = MIN_SHINGLES,
        bands: int = BANDS,
        rows: int = ROWS,
        num_perm: int = NUM_PERM,
    ) -> None:
        if bands * rows > num_perm:
            raise ValueError(f"{bands} bands of {rows} rows need {bands * rows} permutations, not {num_perm}")
        self.min_overlap, self.min_jaccard, self.min_shingles = min_overlap, min_jaccard, min_shingles
        # datasketch's MinHash(num_perm, seed=1), without importing scipy or numpy.random (see lean_datasketch)
        self._template = minhash_template(num_perm, 1)
        self._bands = _Bands(bands, rows)
        self._ids: list[str] = []
        self._times: list[datetime] = []
        self._shingles: list[np.ndarray[Any, np.dtype[np.uint32]] | None] = []
        self._signatures: dict[bytes, int] = {}  # 16-byte digest of a whole signature → first record
        self._sets = _UnionFind()
        self.candidates = 0  # pairs checked exactly
        self.joined = 0  # pairs that passed the check

    def __len__(self) -> int:
        return len(self._ids)

    def signature(self, grams: np.ndarray[Any, np.dtype[np.uint32]]) -> np.ndarray[Any, np.dtype[Any]]:
        """The MinHash signature (datasketch, `NUM_PERM` affine permutations) of a shingle set."""
        MinHash = minhash_class()
        minhash = MinHash(num_perm=self._template.num_perm, permutations=self._template.permutations,
                          scheme=self._template.scheme, hashfunc=int)
        minhash.update_batch(grams.tolist())
        values: np.ndarray[Any, np.dtype[Any]] = minhash.hashvalues
        return values

    def add(self, doc: Document) -> None:
        index = self._sets.add()
        self._ids.append(doc.id)
        self._times.append(_instant(doc.published_at))
        grams = shingles(doc.body)
        if len(grams) < self.min_shingles:
            self._shingles.append(None)
            return
        self._shingles.append(grams)
        hashvalues = self.signature(grams)
        digest = hashlib.blake2b(hashvalues.tobytes(), digest_size=16).digest()
        same = self._signatures.get(digest)
        if same is not None and self._check(index, same):  # the same shingles: join, no need to index
            self._sets.union(index, same)
            self.joined += 1
            return
        keys = self._bands.keys(hashvalues)
        for other in sorted(self._bands.query(keys)):
            if self._sets.find(other) == self._sets.find(index):
                continue
            if self._check(index, other):
                self._sets.union(index, other)
                self.joined += 1
        self._signatures.setdefault(digest, index)
        self._bands.insert(keys, index)

    def _check(self, a: int, b: int) -> bool:
        import numpy as np

        self.candidates += 1
        sa, sb = self._shingles[a], self._shingles[b]
        if sa is None or sb is None:
            return False
        common = len(np.intersect1d(sa, sb, assume_unique=True))
        overlap = common / min(len(sa), len(sb))
        jaccard = common / (len(sa) + len(sb) - common)
        return overlap >= self.min_overlap and jaccard >= self.min_jaccard

    def groups(self) -> dict[str, Republication]:
        """Record id → its `Republication`, for every record in a group of two or more."""
        members: dict[int, list[int]] = {}
        for index in range(len(self._ids)):
            members.setdefault(self._sets.find(index), []).append(index)
        out: dict[str, Republication] = {}
        for group in members.values():
            if len(group) < 2:
                continue
            origin = min(group, key=lambda i: (self._times[i], self._ids[i]))
            origin_id = self._ids[origin]
            group_id = "rg-" + hashlib.sha256(origin_id.encode("utf-8")).hexdigest()[:12]
            for i in group:
                out[self._ids[i]] = Republication(group_id, origin_id, i == origin)
        return out


def group_republications(docs: Iterable[Document], **params: Any) -> dict[str, Republication]:
    """Group near-duplicate bodies; returns id → `Republication` for grouped records only."""
    index = RepublicationIndex(**params)
    for doc in docs:
        index.add(doc)
    return index.groups()


def _documents(records: Iterable[PressRelease]) -> Iterator[Document]:
    for record in records:
        yield Document.of(record)


def republications(records: Iterable[PressRelease]) -> dict[str, Republication]:
    return group_republications(_documents(records))


def store_republications(store: Store) -> dict[str, Republication]:
    """The groups over every record of the store (not just an export's filtered subset)."""
    return republications(store.records())


def republication_of(groups: Mapping[str, Republication], record_id: str) -> dict[str, Any] | None:
    """The exported `republication` value of a record: the object, or None when it has no group."""
    found = groups.get(record_id)
    return None if found is None else found.as_dict()
