"""Pictures as redesigns and editors write them: responsive `srcset`s (lazy `data-srcset` too) give
their largest file; a 1×1 spacer or visit-counter pixel is never a picture. Built from each family's
reference articles (every one that has pictures): the record's pictures must not change."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

ARTICLES_WITH_PICTURES = [
    page
    for page in fixture_pages()
    if page.kind == "article" and not page.folder.name.endswith("-drift") and page.expected().get("images")
]
_IMG_SRC = re.compile(r'(<img\b[^>]*?)\bsrc="([^"]+)"')


def _text(page: FixturePage) -> str:
    return decode_with_charset(page.path.read_bytes())[0]


def _bytes(page: FixturePage, text: str) -> bytes:
    """`text` in the page's own charset (a cp1251 page declares it in its <meta>)."""
    return text.encode(decode_with_charset(page.path.read_bytes())[1])


def _rewrite_pictures(page: FixturePage, rewrite: str) -> str:
    """The page with every `<img src>` of a record picture written as `rewrite` says."""
    wanted = set(page.expected()["images"])

    def one(match: re.Match[str]) -> str:
        head, src = match.group(1), match.group(2)
        if urljoin(page.url, src.replace("&amp;", "&")) not in wanted:
            return match.group(0)
        if rewrite == "srcset":
            return f'{head}srcset="/thumbs/small.jpg 320w, {src} 1600w" sizes="100vw"'
        return f'{head}src="/local/img/placeholder.svg" data-srcset="{src} 2x, /thumbs/small.jpg 1x"'

    return _IMG_SRC.sub(one, _text(page))


# (On the others the record's pictures are the targets of gallery links, not `<img src>`.)
WITH_IMG_SRC = [page for page in ARTICLES_WITH_PICTURES if _rewrite_pictures(page, "srcset") != _text(page)]


@pytest.mark.parametrize("rewrite", ["srcset", "data-srcset"])
@pytest.mark.parametrize("page", WITH_IMG_SRC, ids=lambda page: page.test_id)
def test_responsive_pictures_give_their_largest_file(page: FixturePage, rewrite: str) -> None:
    text = _rewrite_pictures(page, rewrite)
    record = parse_page(_bytes(page, text), site=page.site, url=page.url)
    assert record.images == page.expected()["images"]


def _with_pixels(page: FixturePage) -> str | None:
    """The page with a spacer gif before its first paragraph's text and a counter pixel after its last
    paragraph's, or None where those texts are not written as they read (entities, markup)."""
    expected = page.expected()
    text = _text(page)
    at, last = text.find(expected["body"][0][:25]), expected["body"][-1][-20:]
    end = text.rfind(last)
    if at < 0 or end < at:
        return None
    end += len(last)
    spacer = '<img src="/images/spacer.gif" width="1" height="1" alt="">'
    counter = '<img src="https://counter.yadro.ru/hit?t44.1;r" width="1" height="1" alt="" style="display:none">'
    return text[:at] + spacer + text[at:end] + counter + text[end:]


WITH_PARAGRAPHS_AS_WRITTEN = [page for page in ARTICLES_WITH_PICTURES if _with_pixels(page) is not None]


@pytest.mark.parametrize("page", WITH_PARAGRAPHS_AS_WRITTEN, ids=lambda page: page.test_id)
def test_spacer_and_counter_pixels_are_not_pictures(page: FixturePage) -> None:
    text = _with_pixels(page)
    assert text is not None
    record = parse_page(_bytes(page, text), site=page.site, url=page.url)
    assert record.images == page.expected()["images"]
    assert record.body == page.expected()["body"]


_EMOJI = (
    '<img draggable="false" role="img" class="emoji" alt="&#128204;" '
    'src="https://s.w.org/images/core/emoji/14.0.0/72x72/1f4cc.png"> '
)
_SMILEY = ' <img src="/wp-includes/images/smilies/icon_smile.gif" alt=":)" class="wp-smiley" style="height: 1em">'


@pytest.mark.parametrize("page", WITH_PARAGRAPHS_AS_WRITTEN, ids=lambda page: page.test_id)
def test_emoji_and_smiley_pictures_are_icons(page: FixturePage) -> None:
    """An emoji or smiley drawn as a picture in the line of text (WordPress core's `emoji` and
    `wp-smiley` classes, twemoji's `emoji`) is an icon, not an article image."""
    expected = page.expected()
    text = _text(page)
    at, last = text.find(expected["body"][0][:25]), expected["body"][-1][-20:]
    end = text.rfind(last) + len(last)
    content = text[:at] + _EMOJI + text[at:end] + _SMILEY + text[end:]
    record = parse_page(_bytes(page, content), site=page.site, url=page.url)
    assert record.images == expected["images"]


@pytest.mark.parametrize("page", WITH_PARAGRAPHS_AS_WRITTEN, ids=lambda page: page.test_id)
def test_an_emoji_picture_under_another_class_is_an_icon(page: FixturePage) -> None:
    """A picture whose `alt` is an emoji («&#9989;» ✅) draws that character, whatever its class."""
    expected = page.expected()
    text = _text(page)
    at = text.find(expected["body"][0][:25])
    emoji = '<img class="x-3fa1" alt="&#9989;" src="/images/emoji/2705.png"> '
    record = parse_page(_bytes(page, text[:at] + emoji + text[at:]), site=page.site, url=page.url)
    assert record.images == expected["images"]
