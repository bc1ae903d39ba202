"""Fetcher behaviour against respx-mocked servers (no sockets): statuses, retries, Retry-After,
robots.txt, redirects, policy refusals, caps, mirrors, conditional GET."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import brotli  # type: ignore[import-untyped]
import httpx
import pytest
import respx

from pressharvest.errors import FetchError, PolicyError, RobotsDenied
from pressharvest.fetch import FetchConfig, Fetcher, FetchResult
from pressharvest.fetch.addresses import ResolveError
from pressharvest.fetch.transport import CheckingBackend, OriginPools

from .conftest import FakeClock, FakeResolver

SITE = "https://site.example"
MakeFetcher = Callable[..., Fetcher]


def fetch(fetcher: Fetcher, *urls: str, **kwargs: Any) -> list[FetchResult | Exception]:
    """Fetch `urls` in order, returning each result or the exception it raised."""

    async def go() -> list[FetchResult | Exception]:
        out: list[FetchResult | Exception] = []
        async with fetcher:
            for url in urls:
                try:
                    out.append(await fetcher.fetch(url, **kwargs))
                except Exception as exc:
                    out.append(exc)
        return out

    return asyncio.run(go())


def one(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchResult:
    result = fetch(fetcher, url, **kwargs)[0]
    assert isinstance(result, FetchResult), result
    return result


def failure(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchError:
    result = fetch(fetcher, url, **kwargs)[0]
    assert isinstance(result, FetchError), result
    return result


RobotsAnswer = str | int | Exception


@pytest.fixture
def robots() -> dict[str, RobotsAnswer]:
    """robots.txt per host: text (200), a status, or an exception to raise; 404 for hosts not set."""
    return {}


@pytest.fixture
def mock(robots: dict[str, RobotsAnswer]) -> Iterator[respx.MockRouter]:
    def answer(request: httpx.Request) -> httpx.Response:
        found = robots.get(request.url.host, 404)
        if isinstance(found, Exception):
            raise found
        return httpx.Response(200, text=found) if isinstance(found, str) else httpx.Response(found)

    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(url__regex=r"/robots\.txt$", name="robots").mock(side_effect=answer)
        yield router


# -- plain requests ---------------------------------------------------------------------------------


def test_ok_result_is_bytes_with_metadata(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    page = "<html><meta charset=windows-1251><p>Новости</p></html>".encode("cp1251")
    route = mock.get(f"{SITE}/news/1").respond(200, content=page, headers={"Content-Type": "text/html"})
    result = one(make_fetcher(), f"{SITE}/news/1#top")
    assert result.content == page  # not decoded here
    assert "Новости" in result.text()  # decoding is decode.decode_page's job, available on the result
    assert result.status == 200 and not result.not_modified
    assert result.url == f"{SITE}/news/1#top" and result.final_url == f"{SITE}/news/1"
    assert result.headers["content-type"] == "text/html"
    assert result.fetched_at.tzinfo is UTC and abs(datetime.now(UTC) - result.fetched_at) < timedelta(minutes=1)
    assert result.attempts == 1
    sent = route.calls.last.request
    assert sent.url == f"{SITE}/news/1"  # fragment never sent
    assert sent.headers["user-agent"].startswith("pressharvest/")
    assert "+https://github.com/pressharvest/pressharvest" in sent.headers["user-agent"]
    assert sent.headers["accept-encoding"] == "gzip, deflate"  # no br: see fetch/body.py


def test_conditional_get_and_304(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    route = mock.get(f"{SITE}/list").respond(304, headers={"ETag": '"v1"'})
    result = one(make_fetcher(), f"{SITE}/list", etag='"v1"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT")
    assert result.not_modified and result.status == 304 and result.content == b""
    sent = route.calls.last.request
    assert sent.headers["if-none-match"] == '"v1"'
    assert sent.headers["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 451])
def test_final_4xx_are_not_retried(mock: respx.MockRouter, make_fetcher: MakeFetcher, status: int) -> None:
    route = mock.get(f"{SITE}/a").respond(status)
    error = failure(make_fetcher(retry_attempts=4), f"{SITE}/a")
    assert error.final and error.status == status and not isinstance(error, PolicyError)
    assert route.call_count == 1


# -- retries -----------------------------------------------------------------------------------------


def test_5xx_retried_with_growing_jittered_backoff(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, clock: FakeClock
) -> None:
    route = mock.get(f"{SITE}/a")
    route.side_effect = [httpx.Response(500), httpx.Response(502), httpx.Response(503), httpx.Response(200)]
    fetcher = make_fetcher(delay=0.0, retry_attempts=4, retry_backoff_base=2.0)
    result = one(fetcher, f"{SITE}/a")
    assert result.attempts == 4 and route.call_count == 4
    # base·2ⁿ plus up to base of jitter: [2, 4], [4, 6], [8, 10]
    assert len(clock.sleeps) == 3
    for n, slept in enumerate(clock.sleeps):
        assert 2.0 * 2**n <= slept <= 2.0 * 2**n + 2.0
    assert fetcher.stats.host("site.example").retries == 3


def test_retries_exhausted_is_not_final(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    route = mock.get(f"{SITE}/a").respond(503)
    error = failure(make_fetcher(delay=0.0, retry_attempts=3), f"{SITE}/a")
    assert not error.final and error.status == 503 and route.call_count == 3


@pytest.mark.parametrize(("status", "retried"), [(408, True), (429, True), (400, False), (501, True)])
def test_which_statuses_are_retried(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, status: int, retried: bool
) -> None:
    route = mock.get(f"{SITE}/a")
    route.side_effect = [httpx.Response(status), httpx.Response(200)]
    results = fetch(make_fetcher(delay=0.0), f"{SITE}/a")
    assert isinstance(results[0], FetchResult) is retried
    assert route.call_count == (2 if retried else 1)


@pytest.mark.parametrize(
    "exc", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut")]
)
def test_network_errors_are_retried(mock: respx.MockRouter, make_fetcher: MakeFetcher, exc: Exception) -> None:
    route = mock.get(f"{SITE}/a")
    route.side_effect = [exc, httpx.Response(200, content=b"ok")]
    assert one(make_fetcher(delay=0.0), f"{SITE}/a").content == b"ok"
    assert route.call_count == 2


def test_retry_after_seconds_is_honoured(mock: respx.MockRouter, make_fetcher: MakeFetcher, clock: FakeClock) -> None:
    route = mock.get(f"{SITE}/a")
    route.side_effect = [httpx.Response(429, headers={"Retry-After": "37"}), httpx.Response(200)]
    one(make_fetcher(delay=0.0), f"{SITE}/a")
    assert clock.sleeps and clock.sleeps[0] >= 37.0


def test_retry_after_http_date_is_honoured(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, clock: FakeClock
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    route = mock.get(f"{SITE}/a")
    route.side_effect = [httpx.Response(503, headers={"Retry-After": when}), httpx.Response(200)]
    one(make_fetcher(delay=0.0), f"{SITE}/a")
    assert 85.0 <= clock.sleeps[0] <= 91.0


def test_retry_after_beyond_the_cap_gives_up_and_pauses_the_host(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, clock: FakeClock
) -> None:
    first = mock.get(f"{SITE}/a").respond(503, headers={"Retry-After": "3600"})
    second = mock.get(f"{SITE}/b").respond(200)
    other = mock.get("https://other.example/c").respond(200)
    fetcher = make_fetcher(delay=0.0, retry_retry_after_cap=120.0)
    a, b, c = fetch(fetcher, f"{SITE}/a", f"{SITE}/b", "https://other.example/c")
    assert isinstance(a, FetchError) and not a.final and "Retry-After" in a.reason
    assert isinstance(b, FetchError) and not b.final and "pause" in b.reason
    assert isinstance(c, FetchResult)  # other hosts are not affected
    assert first.call_count == 1 and second.call_count == 0 and other.call_count == 1
    assert all(s < 3600 for s in clock.sleeps)


def test_retry_after_pauses_the_whole_host(mock: respx.MockRouter, make_fetcher: MakeFetcher, clock: FakeClock) -> None:
    mock.get(f"{SITE}/a").side_effect = [httpx.Response(429, headers={"Retry-After": "50"}), httpx.Response(200)]
    b = mock.get(f"{SITE}/b").respond(200)

    async def go(fetcher: Fetcher) -> None:
        async with fetcher:
            await fetcher.fetch(f"{SITE}/a")
            start = clock.now
            await fetcher.fetch(f"{SITE}/b")
            assert clock.now == start  # the pause was already waited out by /a's retry

    fetcher = make_fetcher(delay=0.0)
    asyncio.run(go(fetcher))
    assert b.call_count == 1 and sum(clock.sleeps) >= 50


def test_retry_budget_per_host_and_per_run(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    a = mock.get(url__regex=r"https://a\.example/\d").respond(503)
    b = mock.get(url__regex=r"https://b\.example/\d").respond(503)
    fetcher = make_fetcher(delay=0.0, retry_attempts=5, retry_budget_per_host=3, retry_budget_per_run=5)
    results = fetch(fetcher, "https://a.example/1", "https://a.example/2", "https://b.example/1", "https://b.example/2")
    assert all(isinstance(r, FetchError) and not r.final for r in results)
    # a: 1 + 3 retries, then no budget left for the host: 1 attempt
    assert a.call_count == 4 + 1
    # b: the run has 2 retries left
    assert b.call_count == 3 + 1
    assert fetcher.stats.total().retries == 5


# -- robots.txt -------------------------------------------------------------------------------------


def test_robots_disallow_is_obeyed_and_fetched_once(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, robots: dict[str, RobotsAnswer]
) -> None:
    robots["site.example"] = "User-agent: *\nDisallow: /private\n"
    page = mock.get(url__regex=r"/(public|private)/\d$").respond(200)
    fetcher = make_fetcher()
    results = fetch(fetcher, f"{SITE}/public/1", f"{SITE}/private/1", f"{SITE}/public/2")
    assert isinstance(results[0], FetchResult) and isinstance(results[2], FetchResult)
    assert isinstance(results[1], RobotsDenied) and results[1].final  # a rule: final
    assert mock.routes["robots"].call_count == 1 and page.call_count == 2
    assert fetcher.stats.host("site.example").robots_denied == 1


def test_robots_4xx_allows_everything(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, robots: dict[str, RobotsAnswer]
) -> None:
    robots["site.example"] = 403
    mock.get(f"{SITE}/x").respond(200)
    assert one(make_fetcher(), f"{SITE}/x").status == 200


@pytest.mark.parametrize("answer", [500, 503, httpx.ConnectError("down")])
def test_robots_5xx_or_unreachable_disallows_the_host(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, robots: dict[str, RobotsAnswer], answer: RobotsAnswer
) -> None:
    robots["site.example"] = answer
    page = mock.get(url__regex=r"/page/\d$").respond(200)
    results = fetch(make_fetcher(delay=0.0, retry_attempts=2), f"{SITE}/page/1", f"{SITE}/page/2")
    assert all(isinstance(r, RobotsDenied) for r in results)
    assert not any(r.final for r in results if isinstance(r, RobotsDenied))  # denied for this run only
    assert page.call_count == 0
    assert mock.routes["robots"].call_count == 2  # retried once, then cached as "disallow all" for the run


def test_crawl_delay_raises_the_host_delay_with_a_cap(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, clock: FakeClock, robots: dict[str, RobotsAnswer]
) -> None:
    robots["site.example"] = "User-agent: *\nCrawl-delay: 7\n"
    robots["slow.example"] = "User-agent: *\nCrawl-delay: 5000\n"
    mock.get(url__regex=r"/p\d$").respond(200)
    fetch(make_fetcher(delay=1.0, crawl_delay_cap=30.0), f"{SITE}/p1", f"{SITE}/p2")
    assert clock.sleeps == [7.0, 7.0]  # robots → p1, p1 → p2
    clock.sleeps.clear()
    fetch(make_fetcher(delay=1.0, crawl_delay_cap=30.0), "https://slow.example/p1")
    assert clock.sleeps == [30.0]


def test_robots_file_is_capped(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, robots: dict[str, RobotsAnswer]
) -> None:
    filler = "# padding\n" * 60_000  # 600 kB: the rule after it is beyond the 500 KiB cap
    robots["site.example"] = "User-agent: *\nDisallow: /a\n" + filler + "Disallow: /b\n"
    mock.get(url__regex=r"/[ab]$").respond(200)
    a, b = fetch(make_fetcher(), f"{SITE}/a", f"{SITE}/b")
    assert isinstance(a, RobotsDenied)
    assert isinstance(b, FetchResult)


# -- redirects --------------------------------------------------------------------------------------


def test_redirects_are_followed_and_reported(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    mock.get(f"{SITE}/old").respond(301, headers={"Location": "/mid"})
    mock.get(f"{SITE}/mid").respond(302, headers={"Location": "https://www.site.example/new?id=1"})
    mock.get("https://www.site.example/new?id=1").respond(200, content=b"here")
    result = one(make_fetcher(), f"{SITE}/old", etag='"x"')
    assert result.final_url == "https://www.site.example/new?id=1" and result.content == b"here"
    assert result.redirects == (f"{SITE}/old", f"{SITE}/mid")
    assert result.attempts == 3
    # the validator belongs to the first URL only
    assert "if-none-match" not in mock.routes[-1].calls.last.request.headers


def test_redirect_target_is_checked_against_its_robots(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, robots: dict[str, RobotsAnswer]
) -> None:
    robots["other.example"] = "User-agent: *\nDisallow: /\n"
    mock.get(f"{SITE}/go").respond(302, headers={"Location": "https://other.example/x"})
    target = mock.get("https://other.example/x").respond(200)
    assert isinstance(failure(make_fetcher(), f"{SITE}/go"), RobotsDenied)
    assert target.call_count == 0


def test_a_page_may_redirect_to_itself_once(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    # A "cookie check": the first visit sets a cookie and redirects to the same URL.
    route = mock.get(f"{SITE}/a")
    route.side_effect = [
        httpx.Response(302, headers={"Location": "/a", "Set-Cookie": "seen=1; Path=/"}),
        httpx.Response(200, content=b"welcome"),
    ]
    result = one(make_fetcher(), f"{SITE}/a")
    assert result.content == b"welcome" and result.redirects == (f"{SITE}/a",)
    assert route.calls.last.request.headers["cookie"] == "seen=1"


def test_redirect_loop_and_limit(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    mock.get(f"{SITE}/loop1").respond(302, headers={"Location": "/loop2"})
    mock.get(f"{SITE}/loop2").respond(302, headers={"Location": "/loop1"})
    fetcher = make_fetcher(max_redirects=10)
    error = failure(fetcher, f"{SITE}/loop1")
    assert error.final and "loop" in error.reason  # found before the limit of 10
    # robots.txt, then loop1 → 2 → 1 → 2; a third visit to loop1 is refused
    assert fetcher.stats.host("site.example").requests == 1 + 4
    for n in range(10):
        mock.get(f"{SITE}/chain{n}").respond(302, headers={"Location": f"/chain{n + 1}"})
    error = failure(make_fetcher(max_redirects=3), f"{SITE}/chain0")
    assert error.final and "redirects" in error.reason


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://10.0.0.1/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://127.0.0.1:8080/", "loopback"),
        ("https://private.example/", "private"),
        ("https://mixed.example/", "private"),
        ("ftp://site.example/file", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("/vote?like=1", "state-changing"),
        ("https://user:pw@site.example/", "credentials"),
    ],
)
def test_redirect_hops_are_refused_by_policy_before_any_request(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, location: str, reason: str
) -> None:
    mock.get(f"{SITE}/go").respond(302, headers={"Location": location})
    fetcher = make_fetcher()
    error = failure(fetcher, f"{SITE}/go")
    assert isinstance(error, PolicyError) and not isinstance(error, RobotsDenied) and error.final
    assert reason in error.reason
    # The only requests made: robots.txt and /go, both on site.example.
    hosts = [call.request.url.host for call in mock.calls]
    assert hosts == ["site.example", "site.example"]


# -- refusals before any request ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/news?like=1",
        f"{SITE}/?logout=1",
        "ftp://site.example/",
        "javascript:alert(1)",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://127.0.0.1/",
        "http://private.example/",
        "http://0.0.0.0/",
        "not a url",
    ],
)
def test_refused_urls_make_no_request(mock: respx.MockRouter, make_fetcher: MakeFetcher, url: str) -> None:
    error = failure(make_fetcher(), url)
    assert isinstance(error, PolicyError) and error.final
    assert mock.calls.call_count == 0


def test_a_refusal_says_whether_a_redirect_led_there(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    """The harvest refuses a link to a refused address for good, and retries one that redirected there."""
    mock.get(f"{SITE}/moved").respond(302, headers={"Location": "http://10.0.0.1/x"})
    direct, redirected = fetch(make_fetcher(), "http://10.0.0.1/x", f"{SITE}/moved")
    assert isinstance(direct, PolicyError) and not direct.after_redirect
    assert isinstance(redirected, PolicyError) and redirected.after_redirect


class FailingResolver:
    async def resolve(self, host: str, port: int) -> list[Any]:
        raise ResolveError(f"cannot resolve {host}: [Errno -2] Name or service not known")


def test_unresolvable_host_is_a_temporary_failure(mock: respx.MockRouter, clock: FakeClock) -> None:
    fetcher = Fetcher(FetchConfig(), resolver=FailingResolver(), clock=clock, sleep=clock.sleep)
    error = failure(fetcher, "https://no-such-host.invalid/")
    assert not error.final and not isinstance(error, PolicyError) and "resolve" in error.reason
    assert mock.calls.call_count == 0


def test_allow_loopback_permits_loopback_only(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    mock.get("http://127.0.0.1:9/ok").respond(200)
    ok, refused = fetch(make_fetcher(allow_loopback=True), "http://127.0.0.1:9/ok", "http://10.0.0.1/x")
    assert isinstance(ok, FetchResult)
    assert isinstance(refused, PolicyError)


# -- size caps ---------------------------------------------------------------------------------------


def _gzip_bomb(size: int) -> bytes:
    return gzip.compress(bytes(size), compresslevel=9)


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compressed_bombs_abort_at_the_cap(mock: respx.MockRouter, make_fetcher: MakeFetcher, coding: str) -> None:
    payload = bytes(32 * 1024 * 1024)
    bomb = _gzip_bomb(len(payload)) if coding == "gzip" else brotli.compress(payload, quality=1)
    mock.get(f"{SITE}/bomb").respond(200, content=bomb, headers={"Content-Encoding": coding})
    fetcher = make_fetcher(max_bytes=1024 * 1024)
    error = failure(fetcher, f"{SITE}/bomb")
    assert error.final and "larger than 1048576" in error.reason
    assert fetcher.stats.host("site.example").bytes == 0


def test_declared_length_over_the_cap_is_refused_and_a_body_at_the_cap_passes(
    mock: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    mock.get(f"{SITE}/big").respond(200, content=b"x" * 2000)
    mock.get(f"{SITE}/fits").respond(200, content=gzip.compress(b"y" * 1000), headers={"Content-Encoding": "gzip"})
    big, fits = fetch(make_fetcher(max_bytes=1000), f"{SITE}/big", f"{SITE}/fits")
    assert isinstance(big, FetchError) and big.final
    assert isinstance(fits, FetchResult) and fits.content == b"y" * 1000


# -- mirrors -----------------------------------------------------------------------------------------


def test_mirror_sends_to_the_mirror_and_reports_origin_urls(
    mock: respx.MockRouter, make_fetcher: MakeFetcher, resolver: FakeResolver, robots: dict[str, RobotsAnswer]
) -> None:
    mirror = "http://127.0.0.1:8081"
    robots["127.0.0.1"] = "User-agent: *\nDisallow: /hidden\n"
    mock.get(f"{mirror}/a").respond(302, headers={"Location": "/b"})
    mock.get(f"{mirror}/b").respond(302, headers={"Location": f"{mirror}/c"})
    page = mock.get(f"{mirror}/c").respond(200, content=b"mirrored")
    mock.get(f"{mirror}/d").respond(302, headers={"Location": "/hidden"})
    fetcher = make_fetcher(allow_loopback=True, mirrors={"https://admobninsk.ru": mirror})
    result, hidden = fetch(fetcher, "https://admobninsk.ru/a", "https://admobninsk.ru/d")
    assert isinstance(result, FetchResult)
    assert result.content == b"mirrored"
    assert result.final_url == "https://admobninsk.ru/c"
    assert result.redirects == ("https://admobninsk.ru/a", "https://admobninsk.ru/b")
    assert page.calls.last.request.headers["forwarded"] == 'host="admobninsk.ru";proto=https'
    assert isinstance(hidden, RobotsDenied)  # the origin's robots.txt, read through the mirror
    assert list(fetcher.stats.hosts) == ["admobninsk.ru"]
    assert all(host == "127.0.0.1" for host, _ in resolver.calls)  # the origin is never resolved


def test_mirror_target_needs_allow_loopback(mock: respx.MockRouter, make_fetcher: MakeFetcher) -> None:
    fetcher = make_fetcher(mirrors={"https://admobninsk.ru": "http://127.0.0.1:8081"})
    assert isinstance(failure(fetcher, "https://admobninsk.ru/a"), PolicyError)
    assert mock.calls.call_count == 0


def test_transport_enforces_addresses_at_connect_time(make_fetcher: MakeFetcher) -> None:
    async def go() -> None:
        async with make_fetcher() as fetcher:
            assert fetcher._client is not None
            transport = fetcher._client._transport
            assert isinstance(transport, OriginPools)
            for origin in ("https://admobninsk.ru", "http://127.0.0.1:8081"):
                pool = transport.pool_for(httpx.URL(origin))._pool
                assert isinstance(pool._network_backend, CheckingBackend)

    asyncio.run(go())
