"""A real PostgreSQL for the tests: `initdb` + `pg_ctl` in a temporary folder on a loopback port.

Debian's server binaries live in /usr/lib/postgresql/<version>/bin (not on PATH). `initdb` refuses to
run as root, so as root every server command runs through `runuser -u postgres` and the folder is
given to that user. No binaries is a loud failure, never a skip: `.ci/run` installs the package.

The cluster trusts local connections (it listens on 127.0.0.1 only and lives as long as the test
session) and runs with `fsync=off`: the chaos test's `pg_ctl restart -m immediate` is a crash of the
server, not of the machine, and the OS page cache survives it, so no committed data can be lost.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

_USER = "postgres"


def pg_bindir() -> Path:
    """The newest installed server's bin folder; fails loudly when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL server binaries not found (apt-get install -y postgresql; .ci/run does it)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgCluster:
    """One throwaway cluster; `url(db)` gives a libpq URL, `restart_immediate()` crashes it and starts it."""

    def __init__(self, folder: Path) -> None:
        self.bindir = pg_bindir()
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self.log = folder / "server.log"
        self._as_root = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", _USER, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        if self._as_root:
            shutil.chown(self.folder, user=_USER, group=_USER)
        self._run("initdb", "-D", str(self.data), "-U", _USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder} "
            "-c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB"
        )
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log), "-o", options)

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", check=False)

    def restart_immediate(self) -> None:
        """A crash of the server (no checkpoint, clients cut off) and a start with crash recovery."""
        # -l again: without it the new server would keep our stdout pipe open and `run` would never return.
        self._run("pg_ctl", "restart", "-D", str(self.data), "-l", str(self.log), "-m", "immediate", "-w", "-t", "60")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://{_USER}@127.0.0.1:{self.port}/{db}"

    def create_database(self, prefix: str = "t") -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def running_cluster() -> Iterator[PgCluster]:
    folder = Path(tempfile.mkdtemp(prefix="pressharvest-pg-"))
    cluster = PgCluster(folder)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One PostgreSQL for the whole test session (databases are per test)."""
    with running_cluster() as cluster:
        yield cluster
