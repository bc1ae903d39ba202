"""robots.txt per RFC 9309: parsing, group selection and a linear-time matcher.

Pure functions of the file's bytes; fetching and caching live in the client. Matching uses no
regular expressions: a pattern is split at `*` into literal pieces that are found left to right with
`str.find`, so a crafted file (thousands of `*`, long paths) costs time linear in the pattern and path
lengths instead of the backtracking blow-up of regex-based matchers (issue 6).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[A-Za-z_-]+")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
# Octets left as they are in a path; everything else is percent-encoded before comparing (RFC 9309 §2.2.2).
_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%")
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]")


def normalize_path(path: str) -> str:
    """Percent-encode what needs encoding (UTF-8) and upper-case existing escapes, so `/новости`,
    `/%d0%bd…` and `/%D0%BD…` compare equal."""
    encoded = path
    if _UNSAFE.search(path):  # the byte loop only when something needs encoding (a 20 kB path took 10 ms)
        encoded = "".join(chr(b) if b in _SAFE else f"%{b:02X}" for b in path.encode("utf-8", "surrogatepass"))
    return _PERCENT.sub(lambda m: "%" + m.group(1).upper(), encoded)


@dataclass(frozen=True, slots=True)
class Rule:
    allow: bool
    pattern: str
    _pieces: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _anchored: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        anchored = self.pattern.endswith("$")
        body = self.pattern[:-1] if anchored else self.pattern
        object.__setattr__(self, "_anchored", anchored)
        object.__setattr__(self, "_pieces", tuple(body.split("*")))

    def matches(self, path: str) -> bool:
        return match_pattern(self._pieces, self._anchored, path)


def match_pattern(pieces: tuple[str, ...], anchored: bool, path: str) -> bool:
    """Whether `path` matches the glob `*`.join(pieces) as a prefix (or whole, when `anchored`).

    Greedy leftmost matching is exact for patterns whose only wildcard is `*`: taking the earliest
    occurrence of each piece leaves the most room for the rest. One `find` per piece, no backtracking.
    """
    first = pieces[0]
    if not path.startswith(first):
        return False
    if len(pieces) == 1:
        return len(path) == len(first) if anchored else True
    pos = len(first)
    last = pieces[-1]
    # With `$`, the last piece must sit at the very end, after everything matched before it.
    end = len(path) - len(last) if anchored else len(path)
    if anchored and (end < pos or not path.endswith(last)):
        return False
    middle = pieces[1:-1] if anchored else pieces[1:]
    for piece in middle:
        if not piece:
            continue
        found = path.find(piece, pos, end)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of the group that applies to one product token."""

    rules: tuple[Rule, ...] = ()  # longest pattern first, allow first among equals
    crawl_delay: float | None = None
    sitemaps: tuple[str, ...] = ()
    # Set for "disallow all" decisions taken without a file (5xx, unreachable).
    deny_all: bool = False

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls()

    @classmethod
    def disallow_all(cls) -> RobotsRules:
        return cls(deny_all=True)

    def allowed(self, path: str) -> bool:
        """`path` is the URL's path and query (`/news/?page=2`)."""
        if path.split("?", 1)[0] == "/robots.txt":
            return True  # RFC 9309 §2.2.2: implicitly allowed
        if self.deny_all:
            return False
        target = normalize_path(path or "/")
        # `rules` is sorted longest first, allow before disallow on equal length (see `parse_robots`),
        # so the first match is the one RFC 9309 §2.2.2 picks.
        for rule in self.rules:
            if rule.matches(target):
                return rule.allow
        return True


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def _lines(content: bytes) -> list[tuple[str, str]]:
    text = content.decode("utf-8", errors="replace").removeprefix("\ufeff")
    out: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        if sep:
            out.append((key.strip().lower(), value.strip()))
    return out


def parse_robots(content: bytes, token: str) -> RobotsRules:
    """The rules for product `token` (case-insensitive) in a robots.txt file; `*` when no group names
    it; allow all when neither exists. Unknown lines are ignored."""
    groups: list[_Group] = []
    sitemaps: list[str] = []
    current: _Group | None = None
    in_agents = False
    for key, value in _lines(content):
        if key == "user-agent":
            if current is None or not in_agents:
                current = _Group()
                groups.append(current)
            match = _TOKEN.match(value) if value != "*" else None
            current.agents.append("*" if value.startswith("*") else (match.group(0).lower() if match else ""))
            in_agents = True
            continue
        if key == "sitemap":
            sitemaps.append(value)
            continue
        if current is None:
            continue  # rules before any user-agent line belong to no group
        in_agents = False
        if key in ("allow", "disallow"):
            if value:  # an empty Disallow matches nothing; an empty Allow likewise
                current.rules.append(Rule(allow=key == "allow", pattern=normalize_path(value)))
        elif key == "crawl-delay":
            try:
                delay = float(value)
            except ValueError:
                continue
            if 0 <= delay < math.inf:  # drops NaN and inf
                current.crawl_delay = delay
    token = token.lower()
    chosen = [g for g in groups if token in g.agents] or [g for g in groups if "*" in g.agents]
    rules = tuple(sorted((r for g in chosen for r in g.rules), key=lambda r: (-len(r.pattern), not r.allow)))
    delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
    return RobotsRules(rules=rules, crawl_delay=max(delays) if delays else None, sitemaps=tuple(sitemaps))
