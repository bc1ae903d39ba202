"""URL canonicalisation and source ids (RECORD.md: `url`, `id`).

Canonical form: absolute, fragment dropped, tracking and state-changing query parameters dropped
(`utm_*`, `like`, session ids, …), scheme and host lower-cased, default port dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that never identify content: tracking, sessions, and links that change server state.
_DROPPED_PARAMS = re.compile(
    r"^(utm_[a-z_]*|like|dislike|vote|logout|sessid|phpsessid|sid|session_?id|jsessionid|"
    r"yclid|gclid|fbclid|from|_openstat|clear_cache|bitrix_include_areas|back_url_admin)$",
    re.I,
)
# Query parameters whose presence means the link changes state on the server: never followed.
_STATE_CHANGING = re.compile(r"^(like|dislike|vote|logout|action|delete|login|auth|rate)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The last path segment, without a page extension: all digits (`/news/4633/`), or a CMS keyword
# joined to the id by an underscore (NetCat `news_20318.html`, Госвеб `novosti-193_6946.html`).
# Digits after a hyphen are part of a slug (`remont-dorog-2025`), not an id.
_ID_SEGMENT = re.compile(r"^(?:\d+|[a-z0-9-]*_(\d+))$", re.I)
_PAGE_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?)$", re.I)
# Query parameters that carry an article id on CMSs that put it there (Bitrix, WordPress `?p=`).
_ID_PARAMS = ("ELEMENT_ID", "element_id", "news_id", "id", "p", "nid")


@lru_cache(maxsize=1024)
def _origin(base: str) -> tuple[str, str]:
    parts = urlsplit(base)
    return parts.scheme, f"{parts.scheme}://{parts.netloc}"


def absolute_url(href: str, base: str) -> str:
    """`href` resolved against `base`; `//host/…` takes the base's scheme.

    The common shapes (absolute, protocol-relative, root-relative without dot segments) are joined
    directly: `urljoin` costs more than the rest of a page's normalisation together.
    """
    href = href.strip()
    if href.startswith(("http://", "https://")):
        return href
    if "/." not in href and "\\" not in href:
        scheme, origin = _origin(base)
        if href.startswith("//"):
            return f"{scheme}:{href}"
        if href.startswith("/"):
            return origin + href
    return urljoin(base, href)


def url_parts(url: str) -> SplitResult | None:
    """`urlsplit(url)`, or None for an address it refuses (an unclosed IPv6 literal a page wrote)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def http_address_error(url: str) -> str | None:
    """Why `url` is not an absolute http(s) address with a host that `urlsplit` reads without error
    (a port in range, a closed IPv6 literal); None when it is one. The check of a site's URLs, of the
    URL flags and (with its fast path) of every address a page writes."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError on a port out of range or not a number
    except ValueError as exc:  # an unclosed IPv6 literal, a bad port
        return f"not a valid URL ({exc}): {url!r}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"not an absolute http(s) URL: {url!r}"
    return None


def is_http_address(url: str) -> bool:
    """Whether `url` is an absolute http(s) address (`http_address_error`) written with its scheme
    in lower case: an address that can be fetched and stored. Templates write malformed ones
    (`https://`, `http://[::1`, `https://host:99999/x`); they name no page."""
    if _SIMPLE_HOST.match(url):  # most addresses: no port, user or IPv6 literal to check
        return True
    return url.startswith(("http://", "https://")) and http_address_error(url) is None


def resolve_base(href: str | None, page_url: str) -> str:
    """The address a page's relative links resolve against: its `<base href>` (`href`) resolved
    against the page's URL when that gives an http(s) address, else the page's URL. A base naming the
    page's own host with another scheme or a `www.` (a template written for the old address) keeps
    the page's scheme and host: only its path counts."""
    if not href:
        return page_url
    resolved = absolute_url(href, page_url)
    if not is_http_address(resolved):
        return page_url
    base, page = urlsplit(resolved), urlsplit(page_url)
    if (base.scheme, base.netloc) != (page.scheme, page.netloc) and same_site(resolved, page_url):
        return urlunsplit((page.scheme, page.netloc, base.path, base.query, ""))
    return resolved


# An http(s) URL whose host is lower-case letters, digits, dots and hyphens (no user, port or IPv6
# literal), split where `urlsplit` splits it: host, path up to the first `?` or `#`, query up to the
# first `#`. Every character is printable ASCII other than a space (`!`-`~`: the classes below are
# that range without `?` and `#`, or without `#`), which `urlsplit` reads as it is (it strips spaces
# and C0 controls at the start and deletes tabs and newlines).
_SIMPLE_URL = re.compile(r'(https?)://([a-z0-9.\-]+)(/[!"$->@-~]*)?(?:\?([!"$-~]*))?(?:#[!-~]*)?\Z')
# The host of a URL starting with such a host: what `urlsplit(url).hostname` is, whatever follows
# the first `/`, `?` or `#` (tabs and newlines `urlsplit` deletes there leave the host as it is).
_SIMPLE_HOST = re.compile(r"https?://([a-z0-9.\-]+)(?=[/?#]|\Z)")


def _simple_parts(url: str) -> tuple[str, str, str, str] | None:
    """(scheme, host, path, query) of a common-shaped URL, as `urlsplit` gives them; None for any other."""
    match = _SIMPLE_URL.match(url)
    if match is None:
        return None
    scheme, host, path, query = match.groups()
    return scheme, host, path or "", query or ""


def canonical_url(url: str) -> str:
    simple = _simple_parts(url)
    if simple is not None:
        scheme, host, path, query = simple
        # Without `%` or `+` the query's parameter names are as written (nothing to unquote); when
        # none is dropped the query stays as it is, as below.
        if not query or ("%" not in query and "+" not in query and not _drops_a_param(query)):
            return f"{scheme}://{host}{path or '/'}?{query}" if query else f"{scheme}://{host}{path or '/'}"
    return _canonical_url(url)


def _drops_a_param(query: str) -> bool:
    """Whether a query without `%` or `+` holds a parameter `canonical_url` drops (names as `parse_qsl` reads them)."""
    return any(_DROPPED_PARAMS.match(pair.partition("=")[0]) for pair in query.split("&") if pair)


def _canonical_url(url: str) -> str:
    """`canonical_url` for any URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _DROPPED_PARAMS.match(k)]
    # Rebuild the query only when something was dropped, so a kept query stays byte-for-byte as written.
    query = parts.query if len(kept) == len(pairs) else urlencode(kept, doseq=True)
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def is_state_changing(url: str) -> bool:
    """True for links that change state on the server (`?like=1`, voting, logout): never fetched."""
    query = urlsplit(url).query
    return any(_STATE_CHANGING.match(key) for key, _ in parse_qsl(query, keep_blank_values=True))


def source_id(url: str) -> str:
    """The site's own article id where the URL path carries one (`news_19876.html` → `19876`),
    else the first 16 hex digits of the sha256 of the canonical URL."""
    parts = urlsplit(url)
    segment = _PAGE_EXTENSION.sub("", parts.path.rstrip("/").rsplit("/", 1)[-1])
    match = _ID_SEGMENT.match(segment)
    if match:
        return match.group(1) or segment
    query = dict(parse_qsl(parts.query))
    for name in _ID_PARAMS:
        if query.get(name, "").isdigit():
            return query[name]
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def same_site(url: str, base_url: str) -> bool:
    """True when `url` is on the host of `base_url` (a `www.` prefix ignored)."""
    return _site_host(url) == _site_host(base_url)


def same_domain(url: str, *others: str) -> bool:
    """True when `url`'s host shares its last two labels with one of `others`' hosts
    (`minobr.admoblkaluga.ru` and `www.admoblkaluga.ru`): a page of the same site or of one of its
    subsites, not of a share service or a social network."""
    domain = _domain(url)
    return bool(domain) and any(domain == _domain(other) for other in others)


def _domain(url: str) -> str:
    return ".".join(_site_host(url).rsplit(".", 2)[-2:])


def ascii_host(url: str) -> str:
    """The host of `url`, lower-case, spelt in ASCII as requests name it: `сосновка-адм.рф` is
    `xn----7sbbfn6asbib4ab.xn--p1ai`, one host written two ways."""
    simple = _SIMPLE_HOST.match(url)
    if simple is not None:  # `hostname` would only lower-case it
        return simple.group(1)
    host = (urlsplit(url).hostname or "").lower()
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host


def _site_host(url: str) -> str:
    return ascii_host(url).removeprefix("www.")
