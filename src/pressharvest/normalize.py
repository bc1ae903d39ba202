"""Raw fields → `PressRelease`: the one place where fields get their meaning.

Every family returns the same `RawArticle`; here its blocks are split into body, reference block
and attribution line by the text landmarks RECORD.md names, dates are read in the site's time zone,
URLs are made absolute and canonical, quotes are extracted, and the record is validated.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC

from pydantic import ValidationError

from pressharvest import __version__
from pressharvest.errors import ParseError
from pressharvest.models import HTTP_URL_PATTERN, Attachment, Links, PressRelease, Provenance
from pressharvest.sites.base import Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import RATING, block_reference_head, carries_address, is_document
from pressharvest.text import quote_morph as morph
from pressharvest.text.blocks import Block, Link
from pressharvest.text.clean import clean_text
from pressharvest.text.dates import find_date, iso_minutes, zone
from pressharvest.text.quotes import extract_quotes
from pressharvest.urls import (
    absolute_url,
    canonical_url,
    is_http_address,
    is_state_changing,
    resolve_base,
    same_domain,
    same_site,
    source_id,
)

SOURCE_LINE = re.compile(
    r"^(?:Пресс-служба|Пресс-центр|Пресс-секретариат|Источник\s*:|По материалам|Информация предоставлена|"
    r"Информация подготовлена|Фото и текст\s*:)"
)
_SOURCE_MAX_CHARS = 250


@dataclass
class SplitText:
    body: list[str]
    reference: list[str]
    source: str | None


def _attribution_line(text: str) -> bool:
    return bool(SOURCE_LINE.match(text)) and len(text) <= _SOURCE_MAX_CHARS


# A line that ends a sentence («Пресс-служба губернатора сообщила об этом.») is the text's, not a
# signature: an attribution printed before the reference block is a bare name.
_SENTENCE_END = re.compile(r"[.:!?…]$")


def _attribution_before_reference(written: list[Block]) -> int | None:
    """Where an attribution line sits just before the "Справочно:" heading (the reference block then
    closes the article: «Пресс-служба …», then «Справочно: …»); None when none does."""
    for index in range(1, len(written) - 1):
        text = written[index].text
        if _attribution_line(text) and not _SENTENCE_END.search(text):
            after = written[index + 1]
            if block_reference_head(after) and not _has_predicate(_after_label(text)):
                return index
    return None


def _after_label(line: str) -> str:
    """An attribution line without its label («Информация предоставлена» is one)."""
    label = SOURCE_LINE.match(line)
    return line[label.end() :] if label is not None else line


_LOWER_WORD = re.compile(r"(?<![\w-])[а-яё]+(?![\w-])")
_PREDICATES = ("VERB", "PRTS", "INFN")


def _has_predicate(text: str) -> bool:
    """Whether a line holds a verb (its likeliest reading a finite verb, a short participle or an
    infinitive): «Пресс-служба администрации работает в обычном режиме» is a sentence of the text that
    lacks its full stop, «Пресс-служба Правительства Калужской области» a signature. (Asked only of an
    attribution-like line before a reference heading in the middle of a text: the morphology is
    loaded then, not for every page.)"""
    return any(morph.likeliest_pos(word) in _PREDICATES for word in _LOWER_WORD.findall(text))


# A picture credit printed under the attribution line («Фото: Иван Смирнов», «Видео – …»): a
# signature's second line, not text. («Фото и текст: …» is itself an attribution.)
_CREDIT_LINE = re.compile(r"^(?:Фото(?:графии)?|Видео|Фото\s+и\s+видео)\s*[:—–-]\s*\S")
_CREDIT_MAX_CHARS = 120


def _credits_after_attribution(written: list[Block]) -> int:
    """How many picture-credit lines close the article after its attribution line (0 when the
    line before them is no attribution: a credit amid or after the text is a caption, body text)."""
    count = 0
    while count < len(written) - 1:
        text = written[-1 - count].text
        if not (_CREDIT_LINE.match(text) and len(text) <= _CREDIT_MAX_CHARS):
            break
        count += 1
    return count if count and _attribution_line(written[-1 - count].text) else 0


def split_blocks(blocks: list[Block]) -> SplitText:
    """Body, "Справочно:" block and attribution line, found by their text landmarks."""
    written = [block for block in blocks if block.text]
    source: str | None = None
    credits = _credits_after_attribution(written) if written else 0
    if credits:
        del written[-credits:]
    if written and _attribution_line(written[-1].text):
        source = written.pop().text
    else:
        index = _attribution_before_reference(written)
        if index is not None:
            source = written.pop(index).text
    body: list[str] = []
    reference: list[str] = []
    in_reference = False
    for block in written:
        text = block.text  # (not empty)
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
    return SplitText(body, reference, source)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _images(raw: RawArticle, base: str) -> list[str]:
    sources = list(raw.lead_images)
    for block in raw.blocks:
        if block.images:  # (most blocks hold none)
            sources += block.images
    sources += raw.gallery_images
    if not sources:
        return []
    urls = [absolute_url(src, base) for src in sources]
    return _unique([url for url in urls if is_http_address(url)])


def _attachments(raw: RawArticle, base: str) -> list[Attachment]:
    links: list[Link] = []
    for block in raw.blocks:
        if block.links:  # (most blocks hold none)
            links += [link for link in block.links if is_document(link.href)]
    links += [link for link in raw.documents if is_document(link.href)]
    if not links:
        return []
    seen: set[str] = set()
    result = []
    for link in links:
        url = absolute_url(link.href, base)
        if url not in seen and is_http_address(url):
            seen.add(url)
            result.append(Attachment(url=url, title=clean_text(link.text)))
    return result


def _rating(text: str | None) -> int | None:
    if not text:
        return None
    match = RATING.search(text) or re.search(r"([-−–]?\s*\d+)", text)
    if not match:
        return None
    number = re.sub(r"\s", "", match.group(1)).replace("−", "-").replace("–", "-")
    return int(number)


def _title(raw: str | None) -> str:
    return clean_text(raw or "")


def record_url(raw_canonical: str | None, page_url: str | None, base_url: str) -> str | None:
    """The record's URL: the page's canonical link when it is on the same site, else the page URL
    (which the caller has checked: see `parse._check_page_url`)."""
    candidates = []
    if raw_canonical:
        candidates.append(absolute_url(raw_canonical, page_url or base_url))
    if page_url:
        candidates.append(page_url)
    for candidate in candidates:
        if is_http_address(candidate) and (
            same_site(candidate, base_url) or (page_url is not None and same_site(candidate, page_url))
        ):
            return canonical_url(candidate)
    return canonical_url(page_url) if page_url else None


def build_record(
    raw: RawArticle, page: Page, content: bytes, parser: str, *, base_href: str | None = None
) -> PressRelease:
    """The validated record of an article page; `base_href`, the page's `<base href>` if it has one,
    is what its relative picture and document addresses resolve against."""
    site = page.site
    tz = zone(site.timezone)

    def fail(field: str, message: str) -> ParseError:
        return ParseError(field, message, site=site.id, url=page.url)

    url = record_url(raw.canonical_url, page.url, site.base_url)
    if not url:
        raise fail("url", "the page names no canonical URL and none was given (--url)")
    title = _title(raw.title)
    if not title:
        raise fail("title", "no headline found")
    published = find_date(raw.published or "", tz, now=page.fetched_at)
    if published is None:
        raise fail("published_at", f"no publication date found (date text: {raw.published!r})")
    updated = find_date(raw.updated, tz, now=page.fetched_at) if raw.updated else None
    parts = split_blocks(raw.blocks)
    if not parts.body:
        raise fail("body", "the article has no body text")
    fetched = page.fetched_at.astimezone(UTC).isoformat(timespec="seconds") if page.fetched_at else None
    base = resolve_base(base_href, url)
    try:
        return PressRelease(
            id=f"{site.id}:{source_id(url)}",
            site=site.id,
            url=url,
            title=title,
            published_at=iso_minutes(published.value),
            updated_at=iso_minutes(updated.value) if updated else None,
            body=parts.body,
            quotes=extract_quotes(parts.body),
            reference=parts.reference,
            source=parts.source,
            rating=_rating(raw.rating),
            images=_images(raw, base),
            attachments=_attachments(raw, base),
            language="ru",
            provenance=Provenance(
                fetched_at=fetched,
                content_sha256=hashlib.sha256(content).hexdigest(),
                parser=parser,
                tool_version=__version__,
            ),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "record"
        raise fail(field, first["msg"]) from None


# What the `Links` model's `HttpUrl` asks of an address before its validator runs.
_LINK_START = re.compile(HTTP_URL_PATTERN)


def _link_url(href: str, page_url: str) -> str | None:
    """`href` made absolute and canonical when that names a page that can be fetched: an http(s)
    address with a host and a valid port that changes no state on the server. None for anything else:
    a dead link (`javascript:void(0)`, `mailto:`), or a malformed address a template wrote (`https://`,
    `//`, `https:///x`, `http://[::1`, `https://host:99999/x`) that `urlsplit` or the model refuses."""
    try:
        url = canonical_url(absolute_url(href, page_url))
    except ValueError:  # an unparsable IPv6 literal, a bad port
        return None
    if not _LINK_START.match(url) or not is_http_address(url) or is_state_changing(url):
        return None
    return url


def build_links(raw: RawLinks, page_url: str, site_url: str | None = None) -> Links:
    """The list's links made absolute and canonical. With `site_url` (a list page, not a feed), an
    article link off the site's domain, or one carrying another address (`carries_address`), is
    dropped: a card's share or redirect link (`vk.com/share.php?url=<the article>`) matches the
    article pattern in its query only."""
    # A link that names no usable page is dropped, the page's other links stay.
    articles = [url for href in raw.articles if (url := _link_url(href, page_url)) is not None]
    if site_url is not None:
        articles = [url for url in articles if same_domain(url, page_url, site_url) and not carries_address(url)]
    next_url = _link_url(raw.next, page_url) if raw.next else None
    # A dead "next" on the last page (`javascript:void(0)`, `#`) names no page: there is none.
    if next_url is not None and next_url == canonical_url(page_url):
        next_url = None
    return Links(articles=_unique(articles), next=next_url)
