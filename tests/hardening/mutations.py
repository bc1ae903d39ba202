"""Broken and hostile variants of real pages, and the check that `parse_page` survives them.

`mutate(page, rng)` applies one to three of `MUTATIONS` to a page's bytes; `survive(...)` parses
the result under a hard time guard and says what happened: a record, a typed `ParseError`, or a crash
(any other exception, or the guard firing).
"""

from __future__ import annotations

import random
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from pressharvest.errors import ParseError
from pressharvest.parse import parse_page
from tests.conftest import fixture_pages

HANG_GUARD = 20  # CPU seconds: a page still parsing after this is a hang (the test's own limit is lower)
_RUSSIAN = "Администрация сообщает: в городе прошло совещание по вопросам благоустройства. "


def _insert(page: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(page) + 1)
    return page[:at] + piece + page[at:]


def truncate(page: bytes, rng: random.Random) -> bytes:
    return page[: rng.randrange(len(page) + 1)]


def delete_range(page: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(len(page) + 1)
    return page[:a] + page[a + rng.randrange(1, 5000) :]


def duplicate_range(page: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(len(page) + 1)
    return _insert(page, rng, page[a : a + rng.randrange(1, 20000)] * rng.randrange(1, 20))


def random_bytes(page: bytes, rng: random.Random) -> bytes:
    return _insert(page, rng, rng.randbytes(rng.randrange(1, 2000)))


def flip_bytes(page: bytes, rng: random.Random) -> bytes:
    data = bytearray(page)
    for _ in range(rng.randrange(1, 200)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def deep_nesting(page: bytes, rng: random.Random) -> bytes:
    tag = rng.choice([b"div", b"p", b"span", b"table", b"blockquote", b"ul", b"li", b"b"])
    depth = rng.choice([1000, 10_000, 100_000])
    return _insert(page, rng, (b"<" + tag + b">") * depth + b"x" + (b"</" + tag + b">") * rng.choice([0, depth]))


def huge_attribute(page: bytes, rng: random.Random) -> bytes:
    size = rng.choice([100_000, 1_000_000, 5_000_000])
    name = rng.choice([b"title", b"href", b"class", b"content", b"src", b"data-x"])
    return _insert(page, rng, b"<a " + name + b'="' + b"x" * size + b'">link</a>')


def huge_text(page: bytes, rng: random.Random) -> bytes:
    return _insert(page, rng, (_RUSSIAN.encode() * rng.choice([1000, 20_000])))


def many_elements(page: bytes, rng: random.Random) -> bytes:
    tag = rng.choice([b"p", b"img", b"a", b"br", b"tr", b"li", b"meta"])
    item = b"<" + tag + b' src="/i.jpg" href="/x.pdf">' + "«цитата», – сказал он.".encode() + b"</" + tag + b">"
    return _insert(page, rng, item * rng.choice([1000, 20_000]))


def invalid_bytes(page: bytes, rng: random.Random) -> bytes:
    bad = rng.choice([b"\xff\xfe", b"\xc0\x80", b"\xed\xa0\x80", b"\x00" * 100, b"\xf4\x90\x80\x80", b"\x80" * 50])
    return _insert(page, rng, bad * rng.randrange(1, 50))


def mixed_encoding(page: bytes, rng: random.Random) -> bytes:
    codec = rng.choice(["cp1251", "koi8-r", "utf-16", "utf-8"])
    return _insert(page, rng, (_RUSSIAN * rng.randrange(1, 30)).encode(codec))


def broken_markup(page: bytes, rng: random.Random) -> bytes:
    junk = rng.choice([b"<", b"</", b"<!--", b"<![CDATA[", b"<script>", b"<style>", b"<title>", b"<h1>",
                       b"<meta charset=\"x-unknown\">", b"<meta charset=\"utf-16\">", b"&#0;", b"&#xFFFFFFFF;",
                       b"<time datetime=\"9999-99-99T99:99\">", b"<h1></h1>" * 50])
    return _insert(page, rng, junk * rng.randrange(1, 30))


def strange_dates(page: bytes, rng: random.Random) -> bytes:
    text = rng.choice(["31 февраля 2024", "00.00.0000 25:61", "Сегодня, 99:99", "1 января 10000 года", "29.02.2023",
                       "Вчера, 23:60", "-1 мая 2024", "12.13.2024 12:00"])
    return _insert(page, rng, f'<span class="date">{text}</span>'.encode())


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    truncate, delete_range, duplicate_range, random_bytes, flip_bytes, deep_nesting, huge_attribute, huge_text,
    many_elements, invalid_bytes, mixed_encoding, broken_markup, strange_dates,
)


def mutate(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    names = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        mutation = rng.choice(MUTATIONS)
        page = mutation(page, rng)
        names.append(mutation.__name__)
    return page, "+".join(names)


@dataclass(frozen=True)
class Article:
    site: str
    url: str
    content: bytes


def articles(family: str | None = None) -> list[Article]:
    """The reference article pages (drift variants included) of one family, or of every family."""
    return [
        Article(page.site, page.url, page.path.read_bytes())
        for page in fixture_pages()
        if page.kind in ("article", "article-error") and (family is None or page.family == family)
    ]


class Hang(Exception):
    pass


@contextmanager
def _guard(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still parsing after {seconds} s")

    # CPU time, not wall time: a hang spins, and a loaded machine must not look like one.
    previous = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass(frozen=True)
class Survival:
    outcome: str  # "record", "parse_error", or "crash: <exception>"
    seconds: float  # CPU seconds of this process


def survive(content: bytes, article: Article) -> Survival:
    """Parse under the hang guard; never raises."""
    started = time.process_time()
    try:
        with _guard(HANG_GUARD):
            parse_page(content, site=article.site, url=article.url)
        outcome = "record"
    except ParseError:
        outcome = "parse_error"
    except Exception as exc:  # the point of the test: anything else is a crash
        outcome = f"crash: {type(exc).__name__}: {str(exc)[:200]}"
    return Survival(outcome, time.process_time() - started)
