"""A fleet of generated sites on one loopback port, logging every request with its start and end.

Each site `scale-NN` (origin `https://scale-NN.test`, reached through `--mirror`, told apart by the
`Forwarded` header the fetcher sends to mirrors) serves NetCat-style news lists and article pages made
from the saved admobninsk pages (the benchmark's generator, `bench/harvest/corpus.py`). Hosts differ:

- every third host asks for a Crawl-delay above its configured delay in robots.txt;
- every fifth (from 2) answers one article with 429 + `Retry-After: 1` the first time it is asked;
- every fifth (from 4) is slow: article pages take `SLOW` seconds.

`expected_gap(host)` is the least time between two request starts that politeness allows; the log
lets a test check it, and that no host ever had two requests in flight.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.harvest.corpus import TEMPLATES, Corpus, article_page, list_page

SLOW = 0.25
RETRY_AFTER = 1


@dataclass(frozen=True)
class Hit:
    host: str
    path: str
    start: float  # time.monotonic() on arrival
    end: float  # after the response was written (or failed)
    status: int


@dataclass
class Fleet:
    hosts: int
    articles: int  # per host
    delay: float  # the sites' configured delay
    crawl_delay: float  # what robots.txt asks of every third host
    url: str = ""  # http://127.0.0.1:PORT once serving
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answered_429: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.corpus = _ScaleCorpus(self.hosts, self.articles, 0)
        templates = [path.read_text(encoding="utf-8") for path in TEMPLATES]
        # Made once: the server should measure the workers, not its own page generation.
        self.pages = {(h, a): article_page(self.corpus, h, a, templates)
                      for h in range(self.hosts) for a in range(self.articles)}

    def site_id(self, host: int) -> str:
        return self.corpus.site_id(host)

    def host_name(self, host: int) -> str:
        return self.corpus.origin(host).split("://", 1)[1]

    def crawl_delayed(self, host: int) -> bool:
        return host % 3 == 0

    def throttles(self, host: int) -> bool:
        return host % 5 == 2

    def slow(self, host: int) -> bool:
        return host % 5 == 4

    def expected_gap(self, host: int) -> float:
        return max(self.delay, self.crawl_delay) if self.crawl_delayed(host) else self.delay

    def sites_toml(self, path: Path) -> Path:
        lines = []
        for h in range(self.hosts):
            origin = self.corpus.origin(h)
            lines.append(f'[sites.{self.site_id(h)}]\nfamily = "admobninsk"\nbase_url = "{origin}"\n'
                         f'list_url = "{origin}/news/"\ndelay = {self.delay}\nenabled = true\n')
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    def mirror_args(self) -> list[str]:
        args = []
        for h in range(self.hosts):
            args += ["--mirror", f"{self.corpus.origin(h)}={self.url}"]
        return args

    def article_pages(self) -> Iterator[tuple[str, str, bytes]]:
        """(site, url, page bytes) of every article the fleet serves."""
        for h in range(self.hosts):
            for a in range(self.articles):
                url = self.corpus.origin(h) + self.corpus.article_path(a)
                yield self.site_id(h), url, self.pages[h, a]

    def by_host(self) -> dict[str, list[Hit]]:
        with self.lock:
            hits = list(self.hits)
        grouped: dict[str, list[Hit]] = {}
        for hit in sorted(hits, key=lambda h: h.start):
            grouped.setdefault(hit.host, []).append(hit)
        return grouped


class _ScaleCorpus(Corpus):
    def origin(self, host: int) -> str:
        return f"https://scale-{host:02d}.test"

    def site_id(self, host: int) -> str:
        return f"scale-{host:02d}"


def _handler(fleet: Fleet) -> type[BaseHTTPRequestHandler]:
    articles = {fleet.corpus.article_path(a): a for a in range(fleet.articles)}
    index = {fleet.host_name(h): h for h in range(fleet.hosts)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            start = time.monotonic()
            forwarded = self.headers.get("Forwarded", "")
            name = forwarded.split('host="', 1)[1].split('"', 1)[0] if 'host="' in forwarded else "?"
            status = 500
            try:
                status = self._answer(index.get(name), name)
            finally:
                with fleet.lock:
                    fleet.hits.append(Hit(name, self.path, start, time.monotonic(), status))

        def _answer(self, host: int | None, name: str) -> int:
            if host is None:
                return self._send(404, b"unknown host")
            if self.path == "/robots.txt":
                extra = f"Crawl-delay: {fleet.crawl_delay}\n" if fleet.crawl_delayed(host) else ""
                return self._send(200, f"User-agent: *\n{extra}Allow: /\n".encode(), "text/plain")
            if self.path == "/news/" or self.path.startswith("/news/?curPos="):
                offset = int(self.path.rsplit("=", 1)[1]) if "=" in self.path else 0
                return self._send(200, list_page(fleet.corpus, offset))
            article = articles.get(self.path)
            if article is None:
                return self._send(404, b"not found")
            if fleet.throttles(host) and article == 3:
                with fleet.lock:
                    first = name not in fleet.answered_429
                    fleet.answered_429.add(name)
                if first:
                    return self._send(429, b"slow down", headers={"Retry-After": str(RETRY_AFTER)})
            if fleet.slow(host):
                time.sleep(SLOW)
            return self._send(200, fleet.pages[host, article])

        def _send(self, status: int, body: bytes, kind: str = "text/html",
                  headers: dict[str, str] | None = None) -> int:
            try:
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client went away (a killed worker)
                pass
            return status

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serving(fleet: Fleet) -> Iterator[Fleet]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fleet))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="scale-fleet", daemon=True)
    thread.start()
    fleet.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fleet
    finally:
        server.shutdown()
        server.server_close()
