"""A loopback server of hostile bodies, and a child process that fetches one and measures itself.

Bodies (each generated as it is sent, so the server holds almost nothing): gzip, deflate and brotli
bombs (gigabytes of zeros in kilobytes), an endless identity body, a body announcing 10 GB, and a
slow drip (one byte every 0.1 s). Every body is bounded (2 GiB of output, or 10 minutes of drip) and
stops when the client goes away. The server counts the connections still open.

`measure(url, …)` runs `python -m tests.hardening.bombs URL CAP DEADLINE` in a fresh interpreter: it
resets the peak-RSS mark after its imports, fetches, and reports the outcome, the peak RSS, the
growth over the post-import baseline and the sockets it still has open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import brotli  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024
_ZEROS = bytes(MiB)
_MAX_OUTPUT = 2048 * MiB  # a bomb never inflates to more than this, even if nobody stops reading
_DRIP_LIMIT = 6000  # drip bytes (10 minutes)

BODIES = ("gzip", "deflate", "br", "endless", "huge-length", "drip")


def _compressed(kind: str) -> Iterator[bytes]:
    if kind == "br":
        compressor = brotli.Compressor(quality=5)
        for _ in range(_MAX_OUTPUT // MiB):
            yield compressor.process(_ZEROS) + compressor.flush()
        yield compressor.finish()
        return
    z = zlib.compressobj(9, zlib.DEFLATED, 31 if kind == "gzip" else 15)
    for _ in range(_MAX_OUTPUT // MiB):
        yield z.compress(_ZEROS) + z.flush(zlib.Z_SYNC_FLUSH)
    yield z.flush()


class BombServer:
    """`with BombServer() as server: server.url("gzip")`; runs in a thread with its own event loop."""

    def __init__(self) -> None:
        self.open_connections = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="bombs", daemon=True)

    def url(self, body: str) -> str:
        return f"http://127.0.0.1:{self.port}/{body}"

    def __enter__(self) -> BombServer:
        self._thread.start()
        if not self._started.wait(30):
            raise TimeoutError("bomb server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    def wait_all_closed(self, timeout: float = 10.0) -> int:
        """Open connections once they have drained (polls up to `timeout` s)."""
        deadline = time.monotonic() + timeout
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.open_connections

    def _run(self) -> None:
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._started.set()
        await self._stop.wait()
        server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                if not await self._answer(path.strip("/"), writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.open_connections -= 1
            writer.close()

    async def _answer(self, body: str, writer: asyncio.StreamWriter) -> bool:
        def head(headers: dict[str, str]) -> bytes:
            fields = [f"{k}: {v}" for k, v in headers.items()]
            lines = ["HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", *fields]
            return ("\r\n".join(lines) + "\r\n\r\n").encode()

        if body == "robots.txt":
            text = b"User-agent: *\nAllow: /\n"
            writer.write(head({"Content-Length": str(len(text))}) + text)
            await writer.drain()
            return True
        if body in ("gzip", "deflate", "br"):
            writer.write(head({"Content-Encoding": body, "Connection": "close"}))
            await _pump(writer, _compressed(body))
        elif body == "endless":
            writer.write(head({"Connection": "close"}))
            await _pump(writer, (b"a" * 65536 for _ in range(_MAX_OUTPUT // 65536)))
        elif body == "huge-length":
            writer.write(head({"Content-Length": str(10 * 1024**3)}))
            await _pump(writer, (b"a" * 65536 for _ in range(_MAX_OUTPUT // 65536)))
        elif body == "drip":
            writer.write(head({"Content-Length": str(_DRIP_LIMIT)}))
            for _ in range(_DRIP_LIMIT):
                writer.write(b"a")
                await writer.drain()
                await asyncio.sleep(0.1)
        return False


async def _pump(writer: asyncio.StreamWriter, chunks: Iterator[bytes]) -> None:
    for chunk in chunks:
        if writer.is_closing():
            return
        writer.write(chunk)
        await writer.drain()  # raises once the client has gone


def measure(url: str, cap: int, deadline: float) -> dict[str, Any]:
    """Fetch `url` in a fresh interpreter (see the module docstring); its JSON report."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.hardening.bombs", url, str(cap), str(deadline)],
        cwd=ROOT, env=env, capture_output=True, timeout=deadline + 120, check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# -- the child ------------------------------------------------------------------------------------


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
    return count


def _child(url: str, cap: int, deadline: float) -> dict[str, Any]:
    from pressharvest.errors import FetchError
    from pressharvest.fetch import FetchConfig, Fetcher, RetryConfig

    config = FetchConfig(max_bytes=cap, deadline=deadline, allow_loopback=True, delay=0.0,
                         retry=RetryConfig(attempts=1))

    async def run(after_start: Callable[[], None]) -> tuple[str, str]:
        async with Fetcher(config) as fetcher:
            await fetcher.fetch(url.rsplit("/", 1)[0] + "/robots.txt")  # warm: loop, pool, robots
            after_start()
            try:
                result = await fetcher.fetch(url)
            except FetchError as exc:
                return "refused", exc.reason
            return "ok", f"{len(result.content)} bytes"

    baseline = 0
    sockets_before = _sockets()

    def reset_peak() -> None:
        nonlocal baseline
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        baseline = _status("VmRSS")

    started = time.monotonic()
    outcome, reason = asyncio.run(run(reset_peak))
    elapsed = time.monotonic() - started
    peak = _status("VmHWM")
    return {"outcome": outcome, "reason": reason, "elapsed": elapsed, "peak_rss": peak, "baseline_rss": baseline,
            "growth": peak - baseline, "sockets_left": _sockets() - sockets_before}


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))))
