"""The fast paths of the per-page fixed costs (decoding, the pre-parse guards, `build_record` and the
record's validators) agree with the general code they shortcut, on fixture values and on random
inputs drawn (with a fixed seed) to hit every branch the shortcut tests for."""

from __future__ import annotations

import random
from urllib.parse import urlsplit

import pytest

from pressharvest import models, urls

SEED = 20261127

# Pieces random URLs are built from: the characters each fast path looks at (case, ports, users,
# IPv6 brackets, tabs and newlines urlsplit deletes, spaces, non-ASCII, percent escapes, dropped and
# kept query parameters, fragments) and the shapes real article URLs have.
_SCHEMES = ["http://", "https://", "HTTP://", "Https://", "ftp://", "http:/", "//", "", " http://", "\thttp://"]
_HOSTS = [
    "admobninsk.ru", "www.admobninsk.ru", "WWW.Admobninsk.RU", "minobr.admoblkaluga.ru", "a", "x-y.z0", "",
    "host:80", "host:443", "host:8080", "host:", "user@host", "u:p@host", "[::1]", "[::1]:80", "[abc", "abc]",
    "hо.ru", "ex\uff03ample.ru", "a\u2100b", "host\t", "ho\nst", "host ", "xn--80a.ru", "a_b.ru", "a%41.ru", ".", "-",
]  # fmt: skip
_PATHS = [
    "", "/", "/news/4633/", "/news/2012/12/27/news_123.html", "/a b", "/\u0430", "/%D0%B0", "/x\ty", "/x\n",
    "/..", "/./a", "//b", "/a#b", "/a?b", "\\a", "/a:b", "/a@b",
]  # fmt: skip
_QUERIES = [
    "", "?", "?id=5", "?ELEMENT_ID=21944", "?utm_source=x", "?id=5&utm_medium=y", "?UTM_Campaign=1", "?a=1&&b=2",
    "?from", "?from=", "?a+b=1", "?utm%5Fsource=1", "?sid=1&p=2", "?x=%20", "?a=b=c", "?like=1", "?q=\u0430",
    "?PHPSESSID=abc", "?a=1#f", "?#", "?x= y",
]  # fmt: skip
_FRAGMENTS = ["", "#", "#top", "#a?b", "#a b", "#\u0430"]


def _random_url(rng: random.Random) -> str:
    if rng.random() < 0.5:  # the shapes the fast paths take (mostly)
        url = rng.choice(_SCHEMES[:2]) + rng.choice(_HOSTS[:7]) + rng.choice(_PATHS[:4]) + rng.choice(_QUERIES)
    else:
        url = rng.choice(_SCHEMES) + rng.choice(_HOSTS) + rng.choice(_PATHS) + rng.choice(_QUERIES)
    url += rng.choice(_FRAGMENTS)
    if rng.random() < 0.2:  # a character anywhere
        pos = rng.randrange(len(url) + 1)
        url = url[:pos] + rng.choice("\t\n\r \x00\x7f%+#?/:@[]A\u0430\xa0\uff03\uff1a\u2100") + url[pos:]
    return url


def _outcome(function, *args):  # type: ignore[no-untyped-def]
    try:
        return function(*args)
    except ValueError as exc:
        return ("ValueError", str(exc))


def _urlsplit_site_host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def test_canonical_url_fast_path_matches_general_path() -> None:
    rng = random.Random(SEED)
    simple = 0
    for _ in range(30_000):
        url = _random_url(rng)
        urlsplit.cache_clear()
        assert _outcome(urls.canonical_url, url) == _outcome(urls._canonical_url, url), url
        simple += urls._simple_parts(url) is not None
    assert simple > 3000  # the fast path was taken often enough to be tested


def test_site_host_fast_path_matches_urlsplit() -> None:
    rng = random.Random(SEED + 1)
    fast = 0
    for _ in range(30_000):
        url = _random_url(rng)
        assert _outcome(urls._site_host, url) == _outcome(_urlsplit_site_host, url), url
        fast += urls._SIMPLE_HOST.match(url) is not None
    assert fast > 3000


@pytest.mark.parametrize(
    "url",
    [
        "https://admobninsk.ru/news/2023/10/12/news_28857.html",
        "https://minobr.admoblkaluga.ru/news/?PAGEN_1=2",
        "http://gossite-demo.test/about/info/news/4603/?utm_source=vk&id=3#comments",
        "https://www.Admobninsk.ru/news/",
        "http://host:80/a",
    ],
)
def test_canonical_url_examples(url: str) -> None:
    assert urls.canonical_url(url) == urls._canonical_url(url)
    assert urls.same_site(url, "https://admobninsk.ru") == (_urlsplit_site_host(url) == "admobninsk.ru")


def _http_url_by_urlsplit(value: str) -> str:
    """`models._http_url` as it was: every value split."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    return value


def test_http_url_validator_matches_urlsplit() -> None:
    rng = random.Random(SEED + 2)
    edges = ["http://", "https://", "http:///a", "http://?", "http://#", "http://\t/a", "http://\n", "http://\ra",
             "https://[::1]/", "http://a]", "http://\u0430.ru/", "http://a.ru/\u0430", "http:// a", "http://@",
             "http://:80", "http:/a", "HTTP://a", " http://a", "\x00http://a", "http:\t//a", "ftp://a"]  # fmt: skip
    values = edges + [_random_url(rng) for _ in range(30_000)]
    for value in values:
        urlsplit.cache_clear()
        assert _outcome(models._http_url, value) == _outcome(_http_url_by_urlsplit, value), value
