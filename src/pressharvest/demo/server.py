"""A real HTTP server on 127.0.0.1 that serves a fixtures folder as the site it was saved from.

Each folder's `index.json` maps URLs to saved files; the server answers the path and query of those
URLs with the file's bytes and its charset in `Content-Type`, 404 for `article-missing` pages and
anything unknown, and an allow-all robots.txt. One server per site (its own port), started in a
background thread; the demo and the integration tests point `--mirror ORIGIN=http://127.0.0.1:PORT`
at it, so the harvest runs exactly the code path it runs in production.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from pressharvest.devtools.index_file import read_index
from pressharvest.urls import canonical_url


@dataclass
class SiteFolder:
    """One fixtures folder read as a site: request target → (file, content type)."""

    site: str
    origin: str
    pages: dict[str, tuple[Path, str]] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    first_list_url: str | None = None

    @classmethod
    def load(cls, folder: Path) -> SiteFolder:
        index = read_index(folder)
        parts = urlsplit(index["base_url"])
        served = cls(index["site"], f"{parts.scheme}://{parts.netloc}")
        for page in index["pages"]:
            target = _target(page["url"])
            if not page.get("file") or page["kind"] == "article-missing":
                served.missing.add(target)
                continue
            if page["kind"] == "list" and served.first_list_url is None:
                served.first_list_url = page["url"]
            kind = "application/rss+xml" if page["kind"] == "rss" else "text/html"
            content_type = f"{kind}; charset={page.get('charset') or 'utf-8'}"
            served.pages[target] = (folder / page["file"], content_type)
            served.pages.setdefault(_target(canonical_url(page["url"])), (folder / page["file"], content_type))
        return served


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _handler(site: SiteFolder, log: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "pressharvest-fixtures/1"

        def do_GET(self) -> None:
            log.append(self.path)
            if self.path == "/robots.txt":
                self._send(200, b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
                return
            found = site.pages.get(self.path) or site.pages.get(_target(canonical_url("http://x" + self.path)))
            if found is None:
                self._send(404, b"<h1>404 Not Found</h1>", "text/html; charset=utf-8")
                return
            path, content_type = found
            self._send(200, path.read_bytes(), content_type)

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return  # the harvest reports what it fetched; no access log on stderr

    return Handler


@dataclass
class RunningSite:
    site: SiteFolder
    url: str
    requests: list[str]

    @property
    def mirror(self) -> str:
        """The `--mirror ORIGIN=URL` value for this site."""
        return f"{self.site.origin}={self.url}"


@contextmanager
def serve_folders(folders: list[Path], tls: ssl.SSLContext | None = None) -> Iterator[list[RunningSite]]:
    """Serve each folder as its site on its own loopback port for the duration of the block
    (over HTTPS with `tls`, a server-side context: the TLS tests use a certificate of their own CA)."""
    servers: list[ThreadingHTTPServer] = []
    running: list[RunningSite] = []
    try:
        for folder in folders:
            site = SiteFolder.load(folder)
            log: list[str] = []
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, log))
            server.daemon_threads = True
            if tls is not None:
                server.socket = tls.wrap_socket(server.socket, server_side=True)
            servers.append(server)
            threading.Thread(target=server.serve_forever, name=f"fixtures-{site.site}", daemon=True).start()
            scheme = "https" if tls is not None else "http"
            running.append(RunningSite(site, f"{scheme}://127.0.0.1:{server.server_address[1]}", log))
        yield running
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
