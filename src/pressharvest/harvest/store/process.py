"""Is the process holding a lock still alive? (for telling a live run lock from a stale one)

A pid alone is not enough: a killed-but-unreaped child is a zombie that still answers `kill(pid, 0)`,
and pids are reused. On Linux `/proc/<pid>/stat` gives the state and the start time, which together
identify a process; elsewhere we fall back to `kill(pid, 0)`.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def hostname() -> str:
    return socket.gethostname()


def start_token(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), or None where unknown."""
    stat = _stat_fields(pid)
    return stat[19] if stat is not None and len(stat) > 19 else None


def is_alive(pid: int, recorded_start: str | None) -> bool:
    """Whether `pid` on this host is the same, still running process that took the lock."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, run by another user
    stat = _stat_fields(pid)
    if stat is None:
        return True  # no /proc: kill(pid, 0) is all we can know
    if stat[0] in ("Z", "X"):  # zombie or dead: it holds nothing any more
        return False
    # A different start time means the pid was reused by an unrelated process.
    return recorded_start is None or len(stat) <= 19 or stat[19] == recorded_start


def _stat_fields(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat from the state on (field 3), or None when unavailable."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces or ')': split after the last ')'.
    return text[text.rfind(")") + 2 :].split()
