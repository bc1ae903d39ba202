"""The fast paths of the per-page fixed costs (decoding, the pre-parse guards, `build_record` and the
record's validators) agree with the general code they shortcut, on fixture values and on random
inputs drawn (with a fixed seed) to hit every branch the shortcut tests for."""

from __future__ import annotations

import codecs
import contextlib
import random
import re
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from pressharvest import decode, models, normalize, urls
from pressharvest.sites.base import RawArticle
from pressharvest.sites.landmarks import REFERENCE_FIRST, block_reference_head, is_document, reference_head
from pressharvest.text import dates
from pressharvest.text.blocks import Block, Link
from pressharvest.text.clean import clean_text
from tests.conftest import fixture_pages

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


def _outcome(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    try:
        return function(*args, **kwargs)
    except ValueError as exc:
        return ("ValueError", str(exc))


def _urlsplit_site_host(url: str) -> str:
    # (A host with letters outside ASCII is compared in its ASCII spelling, as requests name it.)
    host = (urlsplit(url).hostname or "").lower()
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host.removeprefix("www.")


def test_canonical_url_fast_path_matches_general_path() -> None:
    rng = random.Random(SEED)
    simple = 0
    for _ in range(30_000):
        url = _random_url(rng)
        urlsplit.cache_clear()
        assert _outcome(urls.canonical_url, url) == _outcome(urls._canonical_url, url), url
        parts = urls._simple_parts(url)
        if parts is not None:
            simple += 1
            split = urlsplit(url)
            assert parts == (split.scheme, split.hostname, split.path, split.query), url
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


def _find_date_running_every_pattern(text: str, tz: ZoneInfo, *, now: datetime | None = None) -> dates.FoundDate | None:
    """`dates.find_date` as it was: every pattern run on every text, every month word read by `_month`."""
    candidates: list[tuple[int, dates.FoundDate]] = []
    def wordy_day(match: re.Match[str]) -> date | None:  # every month word read by `_month`
        return dates._day(int(match.group(3)), dates._month(match.group(2)), int(match.group(1)))

    for pattern, day_of in ((dates._WORDY, wordy_day), (dates._DOTTED, dates._dotted_day)):
        for match in pattern.finditer(text):
            day = day_of(match)
            if day:
                hour = int(match.group(4)) if match.group(4) else None
                minute = int(match.group(5)) if match.group(5) else None
                found = dates._local(day, hour, minute, tz)
                if found:
                    candidates.append((match.start(), found))
                break
    for match in dates._ISO.finditer(text):
        found = dates._iso(match, tz)
        if found:
            candidates.append((match.start(), found))
            break
    relative = dates._RELATIVE.search(text) if now is not None else None
    if now is not None and relative is not None:
        today = now.astimezone(tz).date()
        day = today - timedelta(days=dates._RELATIVE_OFFSET[relative.group(1).lower()])
        found = dates._local(day, int(relative.group(2)), int(relative.group(3)), tz)
        if found:
            candidates.append((relative.start(), found))
    if not candidates:
        return None
    return min(candidates, key=lambda item: item[0])[1]


_DATE_PIECES = [
    "15 июля 2020 года 07:29", "15 ИЮЛЯ 2020, 07:29", "3 февраля 2025 года", "1 марта 2021", "31 февраля 2021",
    "17.11.2024 22:13", "07.05.2021", "31.02.2021", "1.1.2020 г., 9:05", "2026-01-20 15:12:00",
    "2020-07-15T07:29:00+03:00", "2020-07-15T07:29Z", "2021-13-01", "2021-02-30 10:00", "2024-03-05",
    "Сегодня, 16:04", "вчера в 09:12", "позавчера, 25:00",
    "обновлено", "Дата изменения:", "Рейтинг новости: 4", "12 мая", "12 мая 2024", "5 ᲂктября 2024", "12 ма 2024",
    "25:61", "2020", "-", ".", " ", ", ", "\xa0", "10:00", "ma 2024", "Today 10:00", "12 iюля 2020",
    "1 ДЕКАБРЯ 1999 г. в 23:59",
]  # fmt: skip


def test_find_date_skipping_patterns_matches_running_every_pattern() -> None:
    rng = random.Random(SEED + 3)
    months = list(dates._MONTH_OF)
    for _ in range(300):  # month words in random case
        word = "".join(c.upper() if rng.random() < 0.5 else c for c in rng.choice(months))
        text = f"{rng.randint(1, 31)} {word} 2024"
        assert dates.find_date(text, UTC) == _find_date_running_every_pattern(text, UTC), text
    zones = [ZoneInfo("Europe/Moscow"), ZoneInfo("Europe/Samara"), ZoneInfo("UTC")]
    skipped = 0
    for _ in range(20_000):
        text = " ".join(rng.choice(_DATE_PIECES) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.2:
            text = text.encode("ascii", "ignore").decode()
        tz = rng.choice(zones)
        now = rng.choice([None, datetime(2026, 1, 20, 21, 30, tzinfo=UTC)])
        expected = _outcome(_find_date_running_every_pattern, text, tz, now=now)
        assert _outcome(dates.find_date, text, tz, now=now) == expected, text
        skipped += text.isascii() or "." not in text or "-" not in text
    assert skipped > 5000


def test_iso_minutes_matches_replacing_seconds() -> None:
    rng = random.Random(SEED + 4)
    for _ in range(5000):
        tz = rng.choice([ZoneInfo("Europe/Moscow"), ZoneInfo("America/New_York"), UTC, None])
        moment = datetime(rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                          rng.randint(0, 59), rng.choice([0, 0, 30]), rng.choice([0, 0, 5]), tzinfo=tz,
                          fold=rng.randint(0, 1))  # fmt: skip
        assert dates.iso_minutes(moment) == moment.replace(second=0, microsecond=0).isoformat()


def _split_blocks_matching_every_text(blocks: list[Block]) -> normalize.SplitText:
    """`normalize.split_blocks` as it was: the reference heading looked for in every text."""
    written = [block for block in blocks if block.text]
    source: str | None = None
    credits = 0  # picture credits after the attribution line are no text
    while credits < len(written) - 1 and normalize._CREDIT_LINE.match(written[-1 - credits].text):
        credits += 1
    if credits and normalize.SOURCE_LINE.match(written[-1 - credits].text):
        del written[-credits:]
    last = written[-1].text if written else ""
    if last and normalize.SOURCE_LINE.match(last) and len(last) <= normalize._SOURCE_MAX_CHARS:
        source = written.pop().text
    else:  # an attribution just before the reference heading (the reference then closes the article)
        for index in range(1, len(written) - 1):
            text, after = written[index].text, written[index + 1]
            if (
                normalize.SOURCE_LINE.match(text)
                and len(text) <= normalize._SOURCE_MAX_CHARS
                and not text.endswith((".", ":", "!", "?", "…"))
                and block_reference_head(after)
            ):
                source = written.pop(index).text
                break
    body: list[str] = []
    reference: list[str] = []
    in_reference = False
    for block in written:
        text = block.text
        head = block_reference_head(block)
        if head and body:
            in_reference = True
            rest = text[head.end() :]
            if rest:
                reference.append(rest)
        elif in_reference:
            reference.append(text)
        else:
            body.append(text)
    return normalize.SplitText(body, reference, source)


_BLOCK_TEXTS = [
    "", "Справочно: в 2024 году", "Справочно:", "Справочно :  итог", "Справка: текст", "Для справки: текст",
    "для справки: текст", "СПРАВОЧНО: текст", "Справочно", "Справочник: нет", "Для справок: нет", "Д", "С",
    "Сегодня прошло заседание.", "Депутаты обсудили бюджет.", "В Калуге открыли школу.", "Пресс-служба администрации",
    "Источник: сайт", "Фото и текст: А. Иванов", "\u0421правочно: латиница?", " Справочно: с пробелом",
    "Справка – документ", "Справочно.", "справка —", "Справочная информация:", "Фото: И. Смирнов", "Видео – канал",
]  # fmt: skip


def test_split_blocks_matches_matching_every_text() -> None:
    rng = random.Random(SEED + 5)
    for _ in range(20_000):
        blocks = [Block(rng.choice(_BLOCK_TEXTS), "p", bold_prefix=rng.choice(["", "Справка –", "x"]))
                  for _ in range(rng.randint(0, 6))]  # fmt: skip
        assert normalize.split_blocks(blocks) == _split_blocks_matching_every_text(blocks), [b.text for b in blocks]


def _long_run_without_to_the_end(text: str, marks: str, *, closed: bool, limit: int) -> bool:
    """`parse._long_run_without` as it was (a closed run searched on to the end of the text)."""
    pos = text.find(marks) if closed else -1
    if pos < 0 and closed:
        return False
    while True:
        reach = pos + limit + 1
        if not closed and reach > len(text):
            return False
        last = max(text.rfind(mark, pos + 1, reach) for mark in marks)
        if last < 0:
            return not closed or text.find(marks, reach) >= 0
        pos = last


def _has_long_run(text: str, marks: str, *, closed: bool, limit: int) -> bool:
    """What `_long_run_without` answers, by looking at every run."""
    if closed:
        quotes = [i for i, char in enumerate(text) if char == marks]
        return any(b - a - 1 >= limit for a, b in pairwise(quotes))
    run = 0
    for char in text:
        run = 0 if char in marks else run + 1
        if run >= limit:
            return True
    return False


@pytest.mark.parametrize("limit", [1, 3, 8, 20])
def test_long_run_without_stops_at_the_end_of_the_text(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressharvest import parse

    monkeypatch.setattr(parse, "MAX_ATTRIBUTE", limit)
    rng = random.Random(SEED + limit)
    for _ in range(6000):
        text = "".join(rng.choice("\"\"' >a=" + "b" * rng.randint(0, 12)) for _ in range(rng.randint(0, 6 * limit)))
        for marks, closed in (('"', True), ("'", True), (" >", False)):
            found = parse._long_run_without(text, marks, closed=closed)
            assert found == _long_run_without_to_the_end(text, marks, closed=closed, limit=limit), (text, marks)
            assert found == _has_long_run(text, marks, closed=closed, limit=limit), (text, marks)


def _sniff_charset_sliced(content: bytes) -> str | None:
    """`decode.sniff_charset` as it was: every BOM tried, the head sliced, every name looked up."""
    for bom, name in decode._BOMS:
        if content.startswith(bom):
            return name
    head = content[: decode._SNIFF_BYTES]
    for pattern in (decode._META_CHARSET, decode._XML_ENCODING):
        match = pattern.search(head)
        if match:
            try:
                found: str | None = codecs.lookup(match.group(1).decode("ascii", "replace").strip().lower()).name
            except LookupError:
                found = None
            if found:
                return found
    return None


_HEAD_PIECES = [
    b'<meta charset="utf-8">', b"<META CHARSET=windows-1251>", b'<meta http-equiv="Content-Type" content="text/html; '
    b'charset=koi8-r">', b"<meta charset='no-such-codec'>", b"<meta charset=>", b"<meta name=x>", b"<meta charset",
    b'<?xml version="1.0" encoding="cp1251"?>', b"<?xml encoding='UTF-8'?>", b"<html><head>", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xfe\xff", b"\xef\xbb", b"\xff", b"\xd0\xbf\xd1\x80", b"\xcf\xf0\xe8", b" ", b"<", b">", b"x" * 700,
]  # fmt: skip


def test_sniff_charset_matches_slicing_the_head() -> None:
    rng = random.Random(SEED + 6)
    for _ in range(20_000):
        content = b"".join(rng.choice(_HEAD_PIECES) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.3:  # a declaration straddling the sniffed head's end
            cut = decode._SNIFF_BYTES - rng.randint(0, 30)
            content = b"x" * cut + rng.choice(_HEAD_PIECES[:9]) + content
        assert decode.sniff_charset(content) == _sniff_charset_sliced(content), content[:80]


_NESTING = [
    "div", "span", "section", "em", "blockquote", "font", "ul", "li", "b", "a", "p", "table", "tr", "td", "template",
    "svg", "g", "math", "mi", "foreignObject", "select", "object", "noscript", "textarea", "dl", "html", "body", "head",
    "frameset", "frame",
]  # fmt: skip


def test_depth_query_answered_at_the_root_matches_the_per_element_query() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from pressharvest.parse import _NOT_DEEPER_THAN_REAL
    from pressharvest.sites.landmarks import css_first

    per_element = "* > " * 48 + "*"
    rng = random.Random(SEED + 7)
    deep = 0
    for _ in range(1500):
        parts = [rng.choice(["", "<!doctype html>", "<html>", "<head><title>t</title></head><body>", "<frameset>"])]
        for _ in range(rng.choice([30, 46, 47, 48, 49, 50, 60]) + rng.randrange(40)):
            r = rng.random()
            if r < 0.8:
                tag = rng.choice(_NESTING[:6]) if rng.random() < 0.7 else rng.choice(_NESTING)
                parts.append(f"<{tag}>")
            elif r < 0.9:
                parts.append(f"</{rng.choice(_NESTING)}>")
            else:
                parts.append(rng.choice(["x", "<!-- c -->", "<br>", "<img>"]))
        tree = LexborHTMLParser("".join(parts))
        expected = css_first(tree, per_element) is not None
        deep += expected
        assert (css_first(tree, _NOT_DEEPER_THAN_REAL) is None) == expected, "".join(parts)
    assert 50 < deep < 1450
    for page in fixture_pages()[:5]:  # no real page is that deep
        assert css_first(LexborHTMLParser(page.path.read_bytes()), _NOT_DEEPER_THAN_REAL) is not None


def _images_as_they_were(raw: RawArticle, base: str) -> list[str]:
    inline = [src for block in raw.blocks for src in block.images]
    urls_ = [urls.absolute_url(src, base) for src in (*raw.lead_images, *inline, *raw.gallery_images)]
    return list(dict.fromkeys(url for url in urls_ if url.startswith(("http://", "https://"))))


def _attachments_as_they_were(raw: RawArticle, base: str) -> list[models.Attachment]:
    links: list[Link] = [link for block in raw.blocks for link in block.links if is_document(link.href)]
    links += [link for link in raw.documents if is_document(link.href)]
    seen: set[str] = set()
    result = []
    for link in links:
        url = urls.absolute_url(link.href, base)
        if url not in seen and url.startswith(("http://", "https://")):
            seen.add(url)
            result.append(models.Attachment(url=url, title=clean_text(link.text)))
    return result


def test_images_and_attachments_match_the_nested_comprehensions() -> None:
    rng = random.Random(SEED + 10)
    sources = ["/a.jpg", "a.jpg", "https://x.ru/b.png", "//cdn.ru/c.gif", "data:image/png;base64,x", " /a.jpg ",
               "mailto:x", "/doc.pdf", "/f.DOCX?x=1", "/g.zip#p", "/page.html", "../up.pdf", ""]  # fmt: skip
    for _ in range(5000):
        titles = ["Документ", " x  y ", ""]
        blocks = [
            Block("t", "p", [rng.choice(sources) for _ in range(rng.choice([0, 0, 0, 1, 2]))],
                  [Link(rng.choice(sources), rng.choice(titles)) for _ in range(rng.choice([0, 0, 1]))])
            for _ in range(rng.randint(0, 6))
        ]  # fmt: skip
        raw = RawArticle(
            "t", "1 марта 2021", blocks,
            lead_images=[rng.choice(sources) for _ in range(rng.choice([0, 1]))],
            gallery_images=[rng.choice(sources) for _ in range(rng.choice([0, 0, 2]))],
            documents=[Link(rng.choice(sources), "d") for _ in range(rng.choice([0, 0, 1]))],
        )  # fmt: skip
        base = "https://admobninsk.ru/news/2023/10/12/news_28857.html"
        assert normalize._images(raw, base) == _images_as_they_were(raw, base)
        assert normalize._attachments(raw, base) == _attachments_as_they_were(raw, base)


def test_reference_head_can_only_start_with_the_letters_checked_first() -> None:
    starts = {chr(code) for code in range(0x110000) if re.fullmatch("[сд]", chr(code), re.I)}
    assert starts == set(REFERENCE_FIRST)
    for head in ("Справочно:", "СПРАВОЧНО.", "справка –", "Для справки:", "Справочная информация: текст"):
        assert reference_head(head)
    for sentence in ("Справка о доходах выдаётся", "Справочно-информационный центр", "Для справки нужно",
                     "Справка – документ, который выдаёт МФЦ.", "Справочно. Текст без выделения"):  # fmt: skip
        assert not reference_head(sentence)
    assert reference_head("Справка – текст справки", bold="Справка –")  # a bold run-in heading
    assert reference_head("Справочно. Текст", bold="Справочно")
