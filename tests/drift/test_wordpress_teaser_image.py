"""A WordPress post page with other posts' teasers on it: a related-posts block after the post, a
pinned-post block before it, a "Свежие записи" widget in the sidebar, each teaser an
`<article class="post hentry">` whose thumbnail WordPress core classes `wp-post-image`, as it does
the post's own featured image. The featured image is looked for only in the post holding the
headline: a post with no featured image has no lead picture (the teaser's thumbnail used to become
images[0]), a post whose theme renamed `.post-thumbnail` keeps its own."""

from __future__ import annotations

import re

import pytest
from tests.conftest import FixturePage, fixture_pages

from pressharvest import parse_page
from pressharvest.decode import decode_with_charset

PAGES = [page for page in fixture_pages() if page.folder.name == "wordpress" and page.kind == "article"]
TEASER_IMAGE = "http://sosnovka-adm.test/wp-content/uploads/2025/03/remont-300x200.jpg"
TEASER = (
    '<article id="post-2301" class="post-2301 post type-post status-publish has-post-thumbnail hentry">'
    '<a href="http://sosnovka-adm.test/2025/03/01/remont-kluba/">'
    f'<img width="300" height="200" src="{TEASER_IMAGE}" class="attachment-medium size-medium wp-post-image" alt="">'
    '</a><h2 class="entry-title"><a href="http://sosnovka-adm.test/2025/03/01/remont-kluba/">Ремонт клуба</a></h2>'
    "</article>"
)
# Where the teaser goes: (the page's text it follows, the block holding it).
PLACES = {
    "related-after-post": ("</article>", f'<section class="related-posts">{TEASER}</section>'),
    "pinned-before-post": ('<main id="primary" class="site-main">', f'<div class="pinned-posts">{TEASER}</div>'),
    "sidebar-widget": ('<aside id="secondary" class="widget-area">', f'<section class="widget">{TEASER}</section>'),
}
_THUMBNAIL = re.compile(r'<div class="post-thumbnail">\s*<img [^>]*src="([^"]+)"[^>]*>\s*</div>')


def _with_teaser(text: str, place: str) -> str:
    anchor, block = PLACES[place]
    assert anchor in text
    return text.replace(anchor, anchor + block, 1)


def _record(page: FixturePage, text: str, charset: str) -> dict[str, object]:
    record = parse_page(text.encode(charset), site=page.site, url=page.url).model_dump(mode="json")
    record.pop("provenance")
    return record


def test_pages_with_and_without_a_featured_image_are_covered() -> None:
    texts = [page.path.read_text(encoding="utf-8") for page in PAGES]
    assert any(_THUMBNAIL.search(text) for text in texts) and any(not _THUMBNAIL.search(text) for text in texts)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.test_id)
def test_a_post_without_a_featured_image_takes_no_teaser_thumbnail(page: FixturePage, place: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    thumbnails = _THUMBNAIL.findall(text)
    text = _with_teaser(_THUMBNAIL.sub("", text), place)
    assert 'class="post-thumbnail"' not in text
    expected = page.expected()
    expected["images"] = [image for image in expected["images"] if image not in thumbnails]
    record = _record(page, text, charset)
    assert TEASER_IMAGE not in record["images"]  # type: ignore[operator]
    assert record == expected


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.test_id)
def test_a_renamed_thumbnail_block_keeps_the_posts_own_image(page: FixturePage, place: str) -> None:
    text, charset = decode_with_charset(page.path.read_bytes())
    text = _with_teaser(text.replace('<div class="post-thumbnail">', '<div class="featured-media">'), place)
    assert 'class="post-thumbnail"' not in text
    assert _record(page, text, charset) == page.expected()
