"""One exception tree for everything pressharvest reports to its users.

    PressHarvestError                 base: one line of text, safe to print as is
     ├── ConfigError(key)             a site TOML or option with a bad value; names the key
     ├── InputError(path)             a file that cannot be read
     ├── ParseError(site, url, field) a page where a required field cannot be found
     ├── FetchError(url, reason)      a request that failed for good (after retries)
     │    ├── PolicyError             a request refused by the rules (robots, address, scheme, state-changing)
     │    │    └── RobotsDenied        refused by the site's robots.txt (counted apart in the run report)
     │    └── CertificateError        the server's TLS certificate does not verify against the trusted CAs
     └── StoreError                   the state store cannot be opened, is locked or corrupt
      └── LeaseLost                   a worker's host lease expired and another worker took the host

Errors carry the context they belong to (site, URL, file, field) so the CLI can print one line and
the harvest can file the failure against the right URL. Lower-level errors (httpx, sqlite3, OSError,
pydantic) are translated at the module edge that sees them.
"""

from __future__ import annotations


class PressHarvestError(Exception):
    """Base of every error pressharvest reports to its users."""


class ConfigError(PressHarvestError):
    def __init__(self, message: str, *, key: str | None = None, source: str | None = None) -> None:
        self.key = key
        self.source = source
        where = f"{source}: " if source else ""
        what = f"{key}: " if key else ""
        super().__init__(f"config error: {where}{what}{message}")


def unknown_site(site: str) -> ConfigError:
    """The error for a `--site` (or `site=`) that names no registered site."""
    return ConfigError(f"unknown site {site!r} (see `pressharvest sites`)", key="site")


class InputError(PressHarvestError):
    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"cannot read {path}: {message}")


class ParseError(PressHarvestError):
    """A page where a required field cannot be found (or whose value is invalid)."""

    def __init__(self, field: str, message: str, *, site: str | None = None, url: str | None = None) -> None:
        self.field = field
        self.site = site
        self.url = url
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        site = self.site or "?"
        url = self.url or "?"
        return f"parse error: site {site}, {url}: field '{self.field}': {self.detail}"

    def located(self, *, site: str | None, url: str | None) -> ParseError:
        """The same error with the page's site and URL filled in where they were unknown."""
        return ParseError(self.field, self.detail, site=self.site or site, url=self.url or url)


class FetchError(PressHarvestError):
    def __init__(self, url: str, reason: str, *, status: int | None = None, final: bool = False) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.final = final
        super().__init__(f"fetch error: {url}: {reason}")


class PolicyError(FetchError):
    """Refused by the rules before any connection was made (robots, address, scheme, state change).
    `after_redirect`: the refused address is one a redirect led to, not the URL asked for."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, final=True)
        self.after_redirect = False


class RobotsDenied(PolicyError):
    """The site's robots.txt disallows the URL for our user agent (or could not be read: RFC 9309)."""

    def __init__(self, url: str, reason: str = "disallowed by robots.txt", *, final: bool = True) -> None:
        super().__init__(url, reason)
        # Not final when robots.txt could not be read (5xx, unreachable): a later run may be allowed.
        self.final = final


class CertificateError(FetchError):
    """The TLS certificate does not verify: retrying cannot help, trusting its CA (`--ca-bundle`) can."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, final=True)


class StoreError(PressHarvestError):
    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(f"store error: {where}{message}")


class LeaseLost(StoreError):
    """The host lease a worker held is gone (expired and taken): it must stop crawling that host."""

    def __init__(self, host: str, message: str = "host lease lost (expired or taken by another worker)") -> None:
        self.host = host
        super().__init__(f"{host}: {message}")
