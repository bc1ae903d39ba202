"""robots.txt parsing and matching (RFC 9309), including the linear-time guarantee."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from pressharvest.fetch.robots import RobotsRules, match_pattern, normalize_path, parse_robots

ROBOTS = b"""\xef\xbb\xbf# comment
User-agent: Googlebot
Disallow: /

User-agent: PressHarvest
User-agent: other-bot
Disallow: /private
Allow: /private/public
Disallow: /*.pdf$
Disallow: /search?*like=
Crawl-delay: 2.5

User-agent: *
Disallow: /everything-for-others

Sitemap: https://site.example/sitemap.xml
"""


def test_our_group_is_chosen_case_insensitively_and_rules_apply() -> None:
    rules = parse_robots(ROBOTS, "pressharvest")
    assert rules.crawl_delay == 2.5
    assert rules.sitemaps == ("https://site.example/sitemap.xml",)
    assert rules.allowed("/news/1")
    assert rules.allowed("/everything-for-others")  # the * group does not apply to us
    assert not rules.allowed("/private")
    assert not rules.allowed("/private/x")
    assert rules.allowed("/private/public/x")  # longer allow wins
    assert not rules.allowed("/files/a.pdf")
    assert rules.allowed("/files/a.pdf?download=1")  # `$` anchors the end
    assert not rules.allowed("/search?q=1&like=1")
    assert rules.allowed("/search?q=1")


def test_star_group_when_no_group_names_us() -> None:
    rules = parse_robots(ROBOTS, "somebot")
    assert not rules.allowed("/everything-for-others/1")
    assert rules.allowed("/private")
    assert rules.crawl_delay is None


def test_groups_naming_the_same_agent_are_merged() -> None:
    text = (
        b"User-agent: pressharvest\nDisallow: /a\n\n"
        b"User-agent: *\nDisallow: /c\n\n"
        b"User-agent: PRESSHARVEST\nDisallow: /b\n"
    )
    rules = parse_robots(text, "pressharvest")
    assert not rules.allowed("/a") and not rules.allowed("/b")
    assert rules.allowed("/c")


def test_no_group_empty_file_and_empty_disallow_allow_everything() -> None:
    assert parse_robots(b"", "pressharvest").allowed("/x")
    assert parse_robots(b"Sitemap: /s.xml\n", "pressharvest").allowed("/x")
    assert parse_robots(b"User-agent: *\nDisallow:\n", "pressharvest").allowed("/x")
    assert parse_robots(b"garbage\n\x00\xff\xfe\nDisallow /x\n", "pressharvest").allowed("/x")


def test_allow_wins_a_tie_and_longest_match_wins() -> None:
    rules = parse_robots(b"User-agent: *\nDisallow: /page\nAllow: /page\nDisallow: /a*\nAllow: /a\n", "x")
    assert rules.allowed("/page")
    # "/a*" (3 octets) is longer than "/a" (2): disallow
    assert not rules.allowed("/abc")


def test_robots_txt_itself_is_always_allowed_and_deny_all_denies() -> None:
    assert RobotsRules.disallow_all().allowed("/robots.txt")
    assert not RobotsRules.disallow_all().allowed("/")
    assert parse_robots(b"User-agent: *\nDisallow: /\n", "x").allowed("/robots.txt")
    assert not parse_robots(b"User-agent: *\nDisallow: /\n", "x").allowed("/")


def test_percent_encoding_and_cyrillic_paths_compare_equal() -> None:
    rules = parse_robots("User-agent: *\nDisallow: /новости/архив\n".encode(), "x")
    assert not rules.allowed("/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%d0%b0%d1%80%d1%85%d0%b8%d0%b2/1")
    assert not rules.allowed("/новости/архив")
    assert rules.allowed("/новости/")
    assert normalize_path("/a b") == "/a%20b"


def test_crawl_delay_values() -> None:
    assert parse_robots(b"User-agent: *\nCrawl-delay: nan\n", "x").crawl_delay is None
    assert parse_robots(b"User-agent: *\nCrawl-delay: soon\n", "x").crawl_delay is None
    assert parse_robots(b"User-agent: *\nCrawl-delay: 10\n", "x").crawl_delay == 10.0


def _regex_reference(pattern: str, path: str) -> bool:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(piece) for piece in body.split("*")) + ("$" if anchored else "")
    return re.match(regex, path, re.S) is not None


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="ab*/$", max_size=8).map(lambda p: "/" + p),
    st.text(alphabet="ab/$", max_size=12).map(lambda p: "/" + p),
)
def test_linear_matcher_agrees_with_a_regex_reference(pattern: str, path: str) -> None:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    assert match_pattern(tuple(body.split("*")), anchored, path) == _regex_reference(pattern, path)


def test_crafted_patterns_are_matched_in_linear_time() -> None:
    # Many stars before a piece that never occurs: a backtracking matcher explores every way of
    # splitting the path among the stars (Protego needs seconds per URL on files like this).
    hostile = "".join(f"Disallow: /{'*a' * 300}*b{n}$\n" for n in range(100))
    rules = parse_robots(("User-agent: *\n" + hostile).encode(), "x")
    path = "/" + "a" * 20_000
    start = time.perf_counter()
    for _ in range(10):
        assert rules.allowed(path)
    elapsed = time.perf_counter() - start
    # 10 URLs × 100 rules × (300 pieces + a 20 kB path): a few ms in linear time; generous bound.
    assert elapsed < 1.0, elapsed


def test_regex_reference_really_is_slow_on_the_crafted_pattern() -> None:
    # Shows the timing test above measures something: the regex translation of one such rule on a
    # far shorter path already takes longer than our matcher on the whole file.
    # (Six stars and 40 characters: ~0.2 s for the regex; each extra star multiplies that.)
    regex = re.compile("/" + ".*a" * 6 + ".*b$")
    start = time.perf_counter()
    assert regex.match("/" + "a" * 40) is None
    slow = time.perf_counter() - start
    rules = parse_robots(("User-agent: *\nDisallow: /" + "*a" * 6 + "*b$\n").encode(), "x")
    start = time.perf_counter()
    assert rules.allowed("/" + "a" * 40)
    fast = time.perf_counter() - start
    assert fast * 20 < slow, (fast, slow)
