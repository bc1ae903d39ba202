"""Atomic file writes: a temp file beside the target, fsync, then rename over it.

A crash or a full disk during an export leaves the previous file intact; readers never see half a file.
A target that is not an export's to replace (a folder, a device, a database) is refused before writing.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pressharvest.errors import InputError


def _umask() -> int:
    """The process umask, read without changing it where Linux shows it (os.umask sets it to read it,
    which would leave a moment where another thread creates files with a zero umask)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _readable(fd: int) -> None:
    """mkstemp makes the file 0600; an export is a file like any other: 0666 less the umask."""
    os.fchmod(fd, 0o666 & ~_umask())


def cannot_write(path: Path, exc: OSError) -> InputError:
    """The one-line error for a file or folder the machine will not let pressharvest write."""
    return InputError(str(path), f"cannot write ({exc.strerror or exc})")


# The first bytes of an SQLite database and of its write-ahead log: a store an export must not replace
# (`export --db X --out X`, or a database named like an export in the output folder).
_SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_WAL_HEADERS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def check_target(path: Path) -> None:
    """An `InputError` when `path` may not be replaced by an export: a folder, a device or pipe
    (`/dev/stdout`: renaming over it would replace the device node), or an SQLite database."""
    try:
        if path.is_dir():
            raise InputError(str(path), "is a folder; name the file to write")
        if path.exists() and not path.is_file():
            raise InputError(str(path), "is not a regular file (exports are written beside it, then renamed)")
        if path.is_file():
            with path.open("rb") as existing:
                head = existing.read(len(_SQLITE_HEADER))
            if head == _SQLITE_HEADER or head[:4] in _SQLITE_WAL_HEADERS:
                raise InputError(str(path), "is an SQLite database; an export does not replace it")
    except OSError as exc:
        raise cannot_write(path, exc) from None


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[tuple[int, str]]:
    """Yield a new temp file beside `path` (its fd, open, and its name); when the block ends, the file
    replaces `path`. On any error the temp file is removed; an OSError becomes an `InputError`."""
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    _readable(fd)
    try:
        yield fd, tmp
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise cannot_write(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: str = "w") -> Iterator[IO[str]]:
    """Yield a text stream; on success it replaces `path`, on any error the temp file is removed."""
    with _replacing(path) as (fd, _), os.fdopen(fd, mode, encoding="utf-8", newline="\n") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temp path beside `path` for a writer that opens files itself (pyarrow, warcio);
    on success the file replaces `path`, on any error it is removed."""
    with _replacing(path) as (fd, tmp):
        os.close(fd)
        yield Path(tmp)
        with open(tmp, "rb+") as stream:
            os.fsync(stream.fileno())
