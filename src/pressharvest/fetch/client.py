"""The fetcher: one polite, bounded GET at a time per caller, many hosts in parallel.

    fetch(url)
      → target      parse, scheme, credentials, state-changing query, mirror mapping   (PolicyError)
      → check       address rules on the host actually connected to, then robots.txt   (PolicyError)
      → request     politeness turn (host slot, pacing, global slot) → GET under a total deadline
                    → body read raw and decoded under the size cap; retried by tenacity
      → redirect?   resolve Location (mapped back from a mirror), loop and limit checks, back to check
      → FetchResult (bytes; decoding to text is `decode.decode_page`'s job)

Outcomes a later run cannot change (404, 410, other 4xx, oversized, robots, policy) raise with
`final=True`; network failures, timeouts, 408/429/5xx after their retries raise with `final=False`.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import httpcore
import httpx
from tenacity import RetryCallState

from pressharvest.decode import decode_page
from pressharvest.errors import CertificateError, ConfigError, FetchError, PolicyError, RobotsDenied
from pressharvest.fetch.addresses import AddressPolicy, AddressRefused, ResolveError, Resolver, SystemResolver
from pressharvest.fetch.body import STEP, BodyDecodingError, BodyTooLarge, read_capped
from pressharvest.fetch.config import FetchConfig
from pressharvest.fetch.observer import HostObserver
from pressharvest.fetch.politeness import Clock, HostPaused, Politeness, Sleep
from pressharvest.fetch.retry import RETRY_STATUSES, Retryable, RetryBudget, parse_retry_after, retrying
from pressharvest.fetch.robots import RobotsRules, parse_robots
from pressharvest.fetch.stats import FetchStats
from pressharvest.fetch.transport import build_transport
from pressharvest.urls import canonical_url, is_state_changing

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Bodies of error and redirect responses are not needed; a little is read so the connection can be
# reused, more and the connection is dropped instead.
_ERROR_BODY_BYTES = STEP

Origin = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects, in the origin's form (never the mirror's)
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    content: bytes  # decompressed, not charset-decoded
    fetched_at: datetime  # aware, UTC
    not_modified: bool
    elapsed: float  # seconds from the call to the result, waits included
    attempts: int  # HTTP requests sent for this fetch: retries and redirect hops included
    redirects: tuple[str, ...] = ()  # the URLs redirected through, in order, before final_url

    def text(self) -> str:
        return decode_page(self.content, self.headers)


@dataclass(frozen=True, slots=True)
class _Target:
    url: httpx.URL  # origin form, fragment dropped
    host: str  # politeness key: the origin's host (ASCII, lower-case)
    origin: Origin  # robots key
    send_url: httpx.URL  # what is actually requested (the mirror's URL when mirrored)
    mirrored: bool

    @property
    def path(self) -> str:
        return self.url.raw_path.decode("ascii")


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    headers: httpx.Headers
    content: bytes
    attempts: int


def _origin(url: httpx.URL) -> Origin:
    host = url.raw_host.decode("ascii").lower()
    return url.scheme, host, url.port or _DEFAULT_PORTS.get(url.scheme, 0)


def _certificate_failure(exc: BaseException) -> str | None:
    """The reason, when a transport error is a certificate that does not verify (else None)."""
    seen: BaseException | None = exc
    for _ in range(8):  # httpx → httpcore → ssl: a short chain of causes
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            detail = seen.verify_message or seen.reason or "verification failed"
            return (f"TLS certificate not trusted ({detail}); if the site's chain is rooted at a CA missing from "
                    "the default trust (e.g. the Russian Trusted Root CA), pass --ca-bundle FILE or set the "
                    "site's ca_bundle (see docs/tls.md)")
        seen = seen.__cause__ or seen.__context__
    return None


class _Mirrors:
    def __init__(self, mirrors: Mapping[str, str]) -> None:
        self._map: dict[Origin, httpx.URL] = {}
        for origin, target in mirrors.items():
            try:
                o, t = httpx.URL(origin), httpx.URL(target)
            except (httpx.InvalidURL, ValueError) as exc:
                raise ConfigError(f"bad mirror {origin}={target}: {exc}", key="mirror") from exc
            if o.scheme not in _DEFAULT_PORTS or t.scheme not in _DEFAULT_PORTS or not o.host or not t.host:
                raise ConfigError(f"bad mirror {origin}={target}: both sides need http(s)://host",
                                  key="mirror")
            if o.raw_path not in (b"/", b""):
                raise ConfigError(f"bad mirror {origin}: the origin has no path", key="mirror")
            self._map[_origin(o)] = t

    def forward(self, url: httpx.URL) -> httpx.URL | None:
        target = self._map.get(_origin(url))
        if target is None:
            return None
        return target.copy_with(raw_path=target.raw_path.rstrip(b"/") + url.raw_path)

    def backward(self, url: httpx.URL, prefer: Origin) -> httpx.URL:
        """A URL on a mirror (a redirect's Location) in its origin's form; others unchanged."""
        candidates = sorted(self._map.items(), key=lambda item: item[0] != prefer)
        for origin, target in candidates:
            prefix = target.raw_path.rstrip(b"/")
            if _origin(url) == _origin(target) and url.raw_path.startswith(prefix + b"/"):
                scheme, host, port = origin
                netloc = host if _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
                base = httpx.URL(f"{scheme}://{netloc}")
                return base.copy_with(raw_path=url.raw_path[len(prefix):])
        return url


class Fetcher:
    """Async context manager; one per run (robots.txt, budgets and counters live as long as it)."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        resolver: Resolver | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        observer: HostObserver | None = None,
    ) -> None:
        self.config = config or FetchConfig()
        self.stats = FetchStats()
        self._clock = clock
        self._sleep = sleep
        self._mirrors = _Mirrors(self.config.mirrors)
        self._addresses = AddressPolicy(
            resolver or SystemResolver(),
            allow_loopback=self.config.allow_loopback,
            allow_private=self.config.allow_private,
        )
        self._politeness = Politeness(
            concurrency=self.config.concurrency,
            delay_for=self.config.host_delay,
            connections_for=self.config.host_connections,
            max_wait=self.config.retry.retry_after_cap,
            clock=clock,
            sleep=sleep,
        )
        self._budget = RetryBudget(self.config.retry.budget_per_host, self.config.retry.budget_per_run)
        self._robots: dict[Origin, asyncio.Task[RobotsRules]] = {}
        self._network_backend = network_backend
        self._observer = observer
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        transport = build_transport(
            self._addresses,
            ca_bundles=self.config.ca_bundles,
            max_connections=self.config.concurrency,
            http2=self.config.http2,
            inner_backend=self._network_backend,
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # an environment proxy would bypass the address rules
            timeout=httpx.Timeout(self.config.deadline, connect=self.config.connect_timeout),
            headers={
                "User-Agent": self.config.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "ru,en;q=0.5",
                # No "br": a brotli decoder holds its window (up to 16 MiB) outside the size cap.
                "Accept-Encoding": "gzip, deflate",
            },
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for task in self._robots.values():
            task.cancel()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public ---------------------------------------------------------------------------------

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET `url` under every rule of the fetcher; see the module docstring for the outcomes."""
        started = self._clock()
        target = self._target(url, url)
        stats = self.stats.host(target.host)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        # Visits per URL in this chain. A second visit is allowed: "cookie check" pages redirect to
        # themselves once after setting a cookie. A third is a loop.
        visits = Counter([canonical_url(str(target.url))])
        chain: list[str] = []
        attempts = 0
        try:
            while True:
                await self._check(target, url)
                response = await self._request(target, url, headers, self.config.max_bytes)
                attempts += response.attempts
                if response.status in REDIRECT_STATUSES and "location" in response.headers:
                    stats.redirects += 1
                    next_target = self._redirect(target, response.headers["location"], url)
                    if len(chain) >= self.config.max_redirects:
                        raise FetchError(url, f"more than {self.config.max_redirects} redirects", final=True)
                    key = canonical_url(str(next_target.url))
                    visits[key] += 1
                    if visits[key] > 2:
                        raise FetchError(url, f"redirect loop at {next_target.url}", final=True)
                    chain.append(str(target.url))
                    target, headers = next_target, {}  # validators belong to the first URL only
                    stats = self.stats.host(target.host)
                    continue
                return self._result(url, target, response, attempts=attempts, started=started, chain=chain)
        except RobotsDenied:
            self.stats.host(target.host).robots_denied += 1
            raise
        except PolicyError as exc:
            self.stats.host(target.host).refused += 1
            exc.after_redirect = bool(chain)
            raise
        except FetchError:
            self.stats.host(target.host).failures += 1
            raise

    def host_delay(self, host: str) -> float:
        """The delay now applied between requests to `host`: its own, raised by a Crawl-delay."""
        return self._politeness.gate(host).delay

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt allows `url` (fetching and caching the file on first use)."""
        target = self._target(url, url)
        rules = await self._robots_for(target)
        return rules.allowed(target.path)

    async def robots(self, url: str) -> RobotsRules:
        """The robots.txt rules that apply to `url`'s origin (sitemaps included)."""
        return await self._robots_for(self._target(url, url))

    # -- steps ----------------------------------------------------------------------------------

    def _target(self, url: str, requested: str) -> _Target:
        try:
            parsed = httpx.URL(url.strip())
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise PolicyError(requested, f"invalid URL {url!r}: {exc}") from exc
        if parsed.scheme not in _DEFAULT_PORTS:
            raise PolicyError(requested, f"scheme not allowed: {url}")
        if not parsed.host:
            raise PolicyError(requested, f"no host: {url}")
        if parsed.userinfo:
            raise PolicyError(requested, f"credentials in URL: {parsed.host}")
        if is_state_changing(url):
            raise PolicyError(requested, f"state-changing URL: {url}")
        if "#" in url:  # no "#", no fragment: spare httpx a second parse of the URL (one per request)
            parsed = parsed.copy_with(fragment=None)
        mirror = self._mirrors.forward(parsed)
        origin = _origin(parsed)
        return _Target(parsed, origin[1], origin, mirror or parsed, mirror is not None)

    async def _check(self, target: _Target, requested: str) -> None:
        """Address rules on the host connected to (the mirror's, when mirrored), then robots.txt."""
        await self._check_address(target, requested)
        try:
            rules = await self._robots_for(target)
        except CertificateError as exc:  # raised by the robots.txt request: name the page asked for
            raise CertificateError(requested, exc.reason) from None
        if not rules.allowed(target.path):
            if rules.deny_all:
                # robots.txt could not be read: denied for this run only (RFC 9309 §2.3.1.4)
                raise RobotsDenied(requested, f"robots.txt unavailable for {target.host}", final=False)
            raise RobotsDenied(requested, f"disallowed by robots.txt: {target.url}")

    async def _check_address(self, target: _Target, requested: str) -> None:
        host = target.send_url.raw_host.decode("ascii")
        port = target.send_url.port or _DEFAULT_PORTS[target.send_url.scheme]
        try:
            await self._addresses.addresses(host, port)
        except AddressRefused as exc:
            raise PolicyError(requested, f"address refused: {exc}") from exc
        except ResolveError as exc:
            raise FetchError(requested, str(exc)) from exc  # not final: DNS may answer tomorrow

    def _redirect(self, target: _Target, location: str, requested: str) -> _Target:
        try:
            joined = target.send_url.join(location.strip())
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise FetchError(requested, f"bad redirect location {location!r}", final=True) from exc
        if target.mirrored:
            joined = self._mirrors.backward(joined, target.origin)
        return self._target(str(joined), requested)

    def _result(
        self,
        url: str,
        target: _Target,
        response: _Response,
        *,
        attempts: int,
        started: float,
        chain: list[str],
    ) -> FetchResult:
        status = response.status
        stats = self.stats.host(target.host)
        if status == 304:
            stats.not_modified += 1
        elif not 200 <= status < 300:
            reason = f"http {status}" + (" (redirect without Location)" if 300 <= status < 400 else "")
            raise FetchError(url, reason, status=status, final=True)
        return FetchResult(
            url=url,
            final_url=str(target.url),
            status=status,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=response.content if status != 304 else b"",
            fetched_at=datetime.now(UTC),
            not_modified=status == 304,
            elapsed=self._clock() - started,
            attempts=attempts,
            redirects=tuple(chain),
        )

    # -- one request, retried -------------------------------------------------------------------

    async def _request(
        self, target: _Target, requested: str, headers: dict[str, str], limit: int, *, truncate: bool = False
    ) -> _Response:
        attempts = 0
        stats = self.stats.host(target.host)

        def on_retry(state: RetryCallState) -> None:
            stats.retries += 1
            exc = state.outcome.exception() if state.outcome is not None else None
            wait = state.upcoming_sleep
            logger.info("%s: %s; retry %d in %.1f s", target.url, exc, state.attempt_number, wait)

        try:
            async for attempt in retrying(self.config.retry, self._budget, target.host, sleep=self._sleep,
                                          on_retry=on_retry):
                with attempt:
                    attempts += 1
                    response = await self._attempt(target, requested, headers, limit, truncate=truncate)
                    return _Response(response.status, response.headers, response.content, attempts)
        except Retryable as exc:
            reason = f"{exc.reason} (after {attempts} attempts)"
            raise FetchError(requested, reason, status=exc.status) from exc
        except HostPaused as exc:
            raise FetchError(requested, str(exc)) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    async def _attempt(
        self, target: _Target, requested: str, headers: dict[str, str], limit: int, *, truncate: bool
    ) -> _Response:
        if self._client is None:
            raise RuntimeError("Fetcher used outside `async with`")
        stats = self.stats.host(target.host)
        request_headers = dict(headers)
        if target.mirrored:
            # Lets a mirror serving several origins on one port tell them apart (RFC 7239).
            request_headers["Forwarded"] = f'host="{target.origin[1]}";proto={target.origin[0]}'
        request = self._client.build_request("GET", target.send_url, headers=request_headers)
        async with self._politeness.turn(target.host):
            if self._observer is not None:  # a worker's host lease: renewed (or lost) before every request
                gate = self._politeness.gate(target.host)
                self._observer.starting(target.host, gate.next_start() - self._clock())
            stats.requests += 1
            logger.debug("GET %s%s", target.url, f" via {target.send_url}" if target.mirrored else "")
            response: httpx.Response | None = None
            try:
                async with asyncio.timeout(self.config.deadline):
                    response = await self._client.send(request, stream=True)
                    status = response.status_code
                    stats.statuses[status] += 1
                    ok = 200 <= status < 300
                    body_limit = limit if ok else _ERROR_BODY_BYTES
                    length = response.headers.get("content-length", "")
                    if ok and not truncate and length.isdigit() and int(length) > limit:
                        raise BodyTooLarge(limit)
                    content, wire = await read_capped(
                        response.aiter_raw(), response.headers.get("content-encoding"), body_limit,
                        truncate=truncate or not ok,
                    )
                    stats.wire_bytes += wire
                    if ok:
                        stats.bytes += len(content)
            except TimeoutError as exc:
                raise Retryable(f"no complete response within {self.config.deadline:g} s") from exc
            except httpx.TimeoutException as exc:
                raise Retryable(f"timeout: {type(exc).__name__}") from exc
            except httpx.TransportError as exc:
                untrusted = _certificate_failure(exc)
                if untrusted is not None:
                    raise CertificateError(requested, untrusted) from exc
                raise Retryable(f"{type(exc).__name__}: {exc}") from exc
            except BodyDecodingError as exc:
                raise Retryable(f"body does not decode: {exc}") from exc
            except BodyTooLarge as exc:
                reason = f"body larger than {exc.limit} bytes"
                raise FetchError(requested, reason, status=200, final=True) from exc
            finally:
                if response is not None:
                    await response.aclose()  # unread body: httpcore drops the connection
                # Pacing counts from the end of the response: a busy event loop that sent a request
                # late can then never squeeze two requests closer than the delay at the server.
                gate = self._politeness.gate(target.host)
                gate.restamp()
                if self._observer is not None:
                    self._observer.finished(target.host, gate.next_start() - self._clock())
        if status in RETRY_STATUSES:
            self._retry_status(target, requested, status, response.headers)
        return _Response(status, response.headers, content if ok else b"", 1)

    def _retry_status(self, target: _Target, requested: str, status: int, headers: httpx.Headers) -> None:
        retry_after = parse_retry_after(headers.get("retry-after"))
        if retry_after is not None:
            gate = self._politeness.gate(target.host)
            # A server-requested pause holds for the whole host, not just this URL.
            gate.pause_until(self._clock() + retry_after)
            if self._observer is not None:
                self._observer.paused(target.host, retry_after)
            if retry_after > self.config.retry.retry_after_cap:
                reason = f"http {status}, Retry-After {retry_after:.0f} s is beyond the cap"
                raise FetchError(requested, reason, status=status)
        raise Retryable(f"http {status}", status=status, retry_after=retry_after)

    # -- robots.txt -----------------------------------------------------------------------------

    async def _robots_for(self, target: _Target) -> RobotsRules:
        task = self._robots.get(target.origin)
        if task is None:
            task = asyncio.ensure_future(self._load_robots(target))
            self._robots[target.origin] = task
        # Shielded: a caller giving up must not cancel the load other callers wait for.
        return await asyncio.shield(task)

    async def _load_robots(self, page: _Target) -> RobotsRules:
        """RFC 9309 §2.3: 2xx → parse; 4xx → allow all; 5xx, unreachable, refused → disallow all."""
        robots_url = str(page.url.copy_with(raw_path=b"/robots.txt"))
        target = self._target(robots_url, robots_url)
        seen: set[str] = set()
        for _hop in range(self.config.max_redirects + 1):
            try:
                await self._check_address(target, robots_url)
                response = await self._request(
                    target, robots_url, {}, self.config.robots_max_bytes, truncate=True
                )
            except CertificateError:
                raise  # not "unreachable": no page of this host can be fetched until its CA is trusted
            except FetchError as exc:
                logger.warning("%s: robots.txt unreachable (%s): disallowing the host for this run",
                               page.host, exc.reason)
                return RobotsRules.disallow_all()
            status = response.status
            if 200 <= status < 300:
                rules = parse_robots(response.content, self.config.product_token)
                if rules.crawl_delay is not None:
                    delay = min(rules.crawl_delay, self.config.crawl_delay_cap)
                    self._politeness.gate(page.host).raise_delay(delay)
                return rules
            if status in REDIRECT_STATUSES and "location" in response.headers:
                seen.add(str(target.url))
                try:
                    target = self._redirect(target, response.headers["location"], robots_url)
                except FetchError as exc:
                    logger.warning("%s: robots.txt redirect refused (%s): disallowing", page.host, exc.reason)
                    return RobotsRules.disallow_all()
                if str(target.url) in seen:
                    break
                continue
            if 400 <= status < 500:
                return RobotsRules.allow_all()
            logger.warning("%s: robots.txt answered %d: disallowing the host for this run", page.host, status)
            return RobotsRules.disallow_all()
        # Too many redirects: RFC 9309 §2.3.1.2 lets a crawler treat the file as unavailable.
        return RobotsRules.allow_all()
