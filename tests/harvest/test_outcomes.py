"""What one page's fetch outcome becomes in the store and the report."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pressharvest.cli import main
from pressharvest.errors import FetchError, PolicyError
from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.pages import PageContext, harvest_page
from pressharvest.harvest.report import SiteReport
from pressharvest.harvest.run import harvest
from pressharvest.harvest.store.sqlite import SQLiteStore
from pressharvest.parse import Registry
from pressharvest.sites.config import Site
from tests.conftest import FIXTURES

SITE = Site(id="t", family="admobninsk", base_url="https://t.test")
URL = "https://t.test/news/2020/01/01/news_1.html"


class _Refusing:
    def __init__(self, error: FetchError) -> None:
        self.error = error

    async def fetch(self, url: str, **_: Any) -> Any:
        raise self.error


def _run(error: FetchError) -> tuple[SiteReport, str]:
    store = SQLiteStore(":memory:")
    store.add_urls(SITE.id, [URL])
    report = SiteReport(SITE.id)
    run_id = store.begin_run([SITE.id])
    ctx = PageContext(SITE, store, _Refusing(error), Registry({SITE.id: SITE}), report, run_id)  # type: ignore[arg-type]
    assert asyncio.run(harvest_page(ctx, URL)) is None
    state = store.url_state(URL)
    assert state is not None
    return report, state.status


def test_a_final_http_answer_is_reported_not_failed() -> None:
    report, status = _run(FetchError(URL, "http 403", status=403, final=True))
    assert report.outcomes["http_error"] == 1 and report.outcomes["failed"] == 0
    assert status == "final_failed"
    assert report.failures["http 403"] == 1


def test_404_is_gone() -> None:
    report, status = _run(FetchError(URL, "http 404", status=404, final=True))
    assert report.outcomes["gone"] == 1 and status == "gone"


def test_a_refused_address_is_a_final_outcome_not_a_failure() -> None:
    """A link to an address the rules refuse (a private network) is refused for good at once: the run
    reports it and does not fail over it (it used to be retried for five runs, each ending in exit 3)."""
    report, status = _run(PolicyError(URL, "address refused: 10.0.0.1 is private"))
    assert report.outcomes["policy_refused"] == 1 and report.outcomes["failed"] == 0
    assert status == "final_failed"


def test_a_redirect_to_a_refused_address_is_retried_next_run() -> None:
    error = PolicyError(URL, "address refused: 10.0.0.1 is private")
    error.after_redirect = True  # the server may stop redirecting there
    report, status = _run(error)
    assert report.outcomes["failed"] == 1 and report.outcomes["policy_refused"] == 0
    assert status == "failed"


@pytest.mark.parametrize("reason", ["http 503", "timeout after 30 s"])
def test_a_transient_failure_is_retried_next_run(reason: str) -> None:
    report, status = _run(FetchError(URL, reason, status=503 if "503" in reason else None))
    assert report.outcomes["failed"] == 1 and status == "failed"


def test_a_list_page_failing_for_now_exits_3(tmp_path: Path) -> None:
    """A list page that keeps answering 503 stops the walk short: the run says so with exit 3."""

    class Unavailable(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(404 if self.path == "/robots.txt" else 503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        sites = tmp_path / "sites.toml"
        sites.write_text('[sites.down]\nfamily = "admobninsk"\nbase_url = "https://down.test"\n'
                         'list_url = "https://down.test/news/"\n', encoding="utf-8")
        code = main(["harvest", "--sites", str(sites), "--site", "down", "--db", str(tmp_path / "db.sqlite3"),
                     "--out", str(tmp_path), "--mirror", f"https://down.test={origin}", "--allow-loopback",
                     "--delay", "0", "--quiet"])
    finally:
        server.shutdown()
        server.server_close()
    assert code == 3
    report = json.loads((tmp_path / "reports" / "run-1.json").read_text(encoding="utf-8"))
    (site,) = report["sites"]
    assert site["list_failed"] == 1 and any("503" in reason for reason in site["failures_by_reason"])


def test_an_article_failing_now_is_fetched_once_a_run(tmp_path: Path) -> None:
    """A page answering 503 gets its retries (three requests) in the run that found it, and the next
    run's: not again at the run's end, where the failed URLs of earlier runs are taken up (it had been
    asked six times in one run)."""
    listing = (FIXTURES / "admobninsk" / "news_list_curPos_34010.html").read_bytes()
    hits: Counter[str] = Counter()

    class Failing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits[self.path] += 1
            status, body = (200, listing) if self.path == "/news/" else (503, b"")
            status = 404 if self.path == "/robots.txt" else status
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = Site(id="admobninsk", family="admobninsk", base_url="https://admobninsk.ru",
                list_url="https://admobninsk.ru/news/")
    options = HarvestOptions(
        sites=(site,), db=str(tmp_path / "db.sqlite3"), out=tmp_path, max_list_pages=1, allow_loopback=True,
        mirrors={"https://admobninsk.ru": f"http://127.0.0.1:{server.server_address[1]}"}, delay=0.0,
        retry_backoff=0.0, progress=False,
    )
    try:
        first = harvest(options)
        articles = {path: n for path, n in hits.items() if path.startswith("/news/20")}
        assert articles and set(articles.values()) == {3}
        assert first.site("admobninsk").outcomes["failed"] == len(articles)
        harvest(options)
        assert {n for path, n in hits.items() if path in articles} == {6}  # the next run tried each again
    finally:
        server.shutdown()
        server.server_close()
