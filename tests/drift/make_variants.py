"""Write the layout-drift variants of the reference pages (issue 3, item 6).

Each variant is a reference page of `fixtures/<family>/` put through a realistic redesign (renamed
classes, ids instead of classes, wrapper elements, a moved or reformatted date line, a different
pager, optional blocks dropped, …) by string/regex edits, written to `fixtures/<family>-drift/`
with its expected record: the reference page's expected record with only what the redesign really
changes adjusted. An `article-error` variant is a page whose title, date or body is truly gone; its
expectation is `{"error": "<field>"}`.

Run from the repository root: `python3 tests/drift/make_variants.py`. The reference folders are only
read; every edit must match (an edit that matches nothing stops the script), so a variant never
silently equals its reference page.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

Record = dict[str, Any]
Adjust = Callable[[Record], Record]


@dataclass(frozen=True)
class Edit:
    """`re.sub(pattern, repl)` over the page text; `count` > 0 replaces (and requires) exactly that many."""

    pattern: str
    repl: str | Callable[[re.Match[str]], str]
    count: int = 0
    optional: bool = False  # a template-wide rename: the page may not use that class at all


@dataclass(frozen=True)
class Variant:
    source: str  # file in fixtures/<family>/
    name: str  # file in fixtures/<family>-drift/
    note: str  # one line for the README: what the redesign changes
    edits: tuple[Edit, ...]
    adjust: Adjust | None = None  # expected record changes (None: unchanged)
    error: str | None = None  # for an article-error variant: the field that is gone
    kind: str | None = None  # default: the source page's kind (or article-error when `error` is set)


def apply(text: str, edits: tuple[Edit, ...], label: str) -> str:
    for edit in edits:
        text, made = re.subn(edit.pattern, edit.repl, text, count=edit.count, flags=re.S)
        if (made == 0 and not edit.optional) or (edit.count and made != edit.count):
            raise SystemExit(f"{label}: edit {edit.pattern[:70]!r} matched {made} time(s)")
    return text


def rename(old: str, new: str, count: int = 0, *, optional: bool = False) -> Edit:
    """A class (or id) token renamed wherever it appears as a whole token in an attribute value."""
    return Edit(rf"(?<=[\"' ]){re.escape(old)}(?=[\"' ])", new, count, optional)


def drop(pattern: str, count: int = 1) -> Edit:
    return Edit(pattern, "", count)


# ---- expected-record adjustments -------------------------------------------------------------


def unchanged(record: Record) -> Record:
    return record


def setting(**values: Any) -> Adjust:
    def adjust(record: Record) -> Record:
        return {**record, **values}

    return adjust


def without_images(*suffixes: str) -> Adjust:
    def adjust(record: Record) -> Record:
        kept = [url for url in record["images"] if not url.endswith(suffixes)]
        if len(kept) != len(record["images"]) - len(suffixes):
            raise SystemExit(f"without_images{suffixes}: not all found in {record['images']}")
        return {**record, "images": kept}

    return adjust


def without_attachments(*suffixes: str) -> Adjust:
    def adjust(record: Record) -> Record:
        kept = [item for item in record["attachments"] if not item["url"].endswith(suffixes)]
        if len(kept) != len(record["attachments"]) - len(suffixes):
            raise SystemExit(f"without_attachments{suffixes}: not all found")
        return {**record, "attachments": kept}

    return adjust


def chain(*adjusts: Adjust) -> Adjust:
    def adjust(record: Record) -> Record:
        for step in adjusts:
            record = step(record)
        return record

    return adjust


# ---- pager rewrites --------------------------------------------------------------------------

_PAGER_ITEM = re.compile(r"<(a|span)\b([^>]*)>(.*?)</\1>", re.S)


def nav_pager(
    container: str, *, next_class: str, nav_class: str, rel_next: bool = True, next_text: str | None = None
) -> Edit:
    """The pager `container` (a regex for the whole old pager) rewritten as `<nav><ul><li>…` items.

    The old next link is recognised by `next_class` in its attributes or by its text; it gets
    `rel="next"` when `rel_next`, and `next_text` replaces its text when given. Other classes are dropped.
    """

    def rewrite(match: re.Match[str]) -> str:
        items = []
        for item in _PAGER_ITEM.finditer(match.group(0)):
            tag, attrs, text = item.groups()
            href = re.search(r'href="([^"]*)"', attrs)
            is_next = next_class in attrs or bool(re.match(r"\s*След", text))
            if next_text is not None and is_next:
                text = next_text
            if tag == "a" and href:
                rel = ' rel="next"' if is_next and rel_next else ""
                items.append(
                    f'<li class="{nav_class}__item"><a class="{nav_class}__link" href="{href.group(1)}"{rel}>'
                    f"{text}</a></li>"
                )
            elif "title" in attrs:
                items.append(f'<li class="{nav_class}__label">{text}</li>')
            elif "disabled" in attrs or is_next:
                items.append(f'<li class="{nav_class}__item {nav_class}__item--disabled"><span>{text}</span></li>')
            else:
                current = ' aria-current="page"' if text.strip().isdigit() else ""
                items.append(f'<li class="{nav_class}__item"><span{current}>{text}</span></li>')
        inner = "\n\t\t\t\t\t\t".join(items)
        return (
            f'<nav class="{nav_class}" aria-label="Страницы">\n\t\t\t\t\t<ul class="{nav_class}__list">\n'
            f"\t\t\t\t\t\t{inner}\n\t\t\t\t\t</ul>\n\t\t\t\t</nav>"
        )

    return Edit(container, rewrite, 1)


# ---- the variants ----------------------------------------------------------------------------


# ---- admobninsk / admoblkaluga: redesigns that only the landmarks survive ---------------------------


def hashed_classes() -> Edit:
    """Every class renamed at once, as a CSS-modules build names them (`_c4f1a`): no class is left to
    find anything by, so title, date, text, sidebar and pager are known by structure and words only."""

    def repl(match: re.Match[str]) -> str:
        return " ".join("_" + hashlib.sha1(token.encode()).hexdigest()[:5] for token in match.group(0).split())

    return Edit(r'(?<=\sclass=")[^"]*(?=")', repl)


def paragraphs_as_divs(container: str) -> Edit:
    """The editor's `<p>` paragraphs inside `container` (a regex with groups: opening, inner, rest)
    written as `<div>`s."""

    def repl(match: re.Match[str]) -> str:
        inner = re.sub(r"<p(\s[^>]*)?>", lambda p: "<div" + (p.group(1) or "") + ">", match.group(2))
        return match.group(1) + inner.replace("</p>", "</div>") + match.group(3)

    return Edit(container, repl, 1)


def lazy_pictures(path: str, count: int) -> Edit:
    """The first `count` pictures under `path` loaded lazily: a 1×1 GIF in `src`, the picture in `data-src`."""
    return Edit(
        rf'<img src="({re.escape(path)}[^"]+)"',
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="\\1" loading="lazy"',
        count,
    )


def images_in_order(*names: str) -> Adjust:
    """The record's images reordered by file name (the same pictures, another page order)."""

    def adjust(record: Record) -> Record:
        by_name = {url.rsplit("/", 1)[-1]: url for url in record["images"]}
        if sorted(by_name) != sorted(names):
            raise SystemExit(f"images_in_order{names}: the record has {sorted(by_name)}")
        return {**record, "images": [by_name[name] for name in names]}

    return adjust


_KALUGA_SITE = " — Министерство образования и науки Калужской области"
_RELATED_AND_COMMENTS = (
    '<div class="related"><div class="related__title">Читайте также</div>'
    '<div class="related__item"><span class="related__date">10 января 2025 года</span> '
    '<a href="/news/21824/">В зимние каникулы в загородных лагерях отдохнули более 1,5 тысячи школьников</a></div>'
    '<div class="related__item"><span class="related__date">28 декабря 2024 года</span> '
    '<a href="/news/21806/">В Калуге наградили победителей регионального конкурса «Воспитать человека»</a></div>'
    "</div>\n"
    '<div class="comments"><div class="comments__title">Комментарии</div>'
    '<p class="comments__empty">Комментариев пока нет. Будьте первым!</p>'
    '<form action="/comments/" method="post"><textarea name="text"></textarea>'
    '<input type="submit" value="Отправить"></form></div>\n'
)


ADMOBNINSK = (
    Variant(
        "seed_news_20318.html",
        "seed_news_20318-article-header.html",
        "`<article>` instead of `div.news_full`; title and date in a `<header>`, the date line BEFORE the "
        "title, in a meta row with a rubric and a view counter, written `15 июля 2020, 07:29`; text in "
        "`section.post-content`; rating as `div.post-rating`.",
        (
            Edit(r'<div class="news_full" data-id="20318">', '<article class="post" id="post-20318">', 1),
            Edit(
                r'<h1 class="news_title">(.*?)</h1>\s*<div class="news_date">15 июля 2020 года 07:29</div>',
                '<header class="post-header">\n\t\t\t\t\t<div class="post-meta">'
                '<span class="post-rubric">Новости</span> <span class="post-date">15 июля 2020, 07:29</span> '
                '<span class="post-views">'
                'Просмотров: 1342</span></div>\n\t\t\t\t\t<h1 class="post-title">\\1</h1>\n\t\t\t\t</header>',
                1,
            ),
            Edit(
                r'<div class="news_text">(.*?)</div>(\s*<div class="news_rating")',
                '<section class="post-content">\\1</section>\\2',
                1,
            ),
            rename("news_rating", "post-rating", 1),
            rename("news_rating_val", "post-rating__value", 1),
            Edit(r'(<div class="news_back">.*?</div>\s*)</div>(\s*<!-- /news_full -->)', "\\1</article>\\2", 1),
        ),
    ),
    Variant(
        "news_119.html",
        "news_119-ids.html",
        "ids instead of classes on the article, title, date line, text, rating and stamp "
        "(`#news-full`, `h1#news-title`, `#news-date`, `#news-body`, `#news-rating`, `#last-modified`).",
        (
            Edit(r'<div class="news_full" data-id="119">', '<div id="news-full">', 1),
            Edit(r'<h1 class="news_title">', '<h1 id="news-title">', 1),
            Edit(r'<div class="news_date">', '<div id="news-date">', 1),
            Edit(r'<div class="news_text">', '<div id="news-body">', 1),
            Edit(r'<div class="news_rating">', '<div id="news-rating">', 1),
            Edit(r'<div class="last_update">', '<div id="last-modified">', 1),
        ),
    ),
    Variant(
        "news_142.html",
        "news_142-wrapped-dotted.html",
        "text field wrapped in two more divs (`.news-body > .news-body__inner > .text`); the date line in a "
        "`.meta` block as `05.01.2013 10:30`.",
        (
            Edit(
                r'<div class="news_date">5 января 2013 года 10:30</div>',
                '<div class="meta"><span class="meta__date">05.01.2013 10:30</span></div>',
                1,
            ),
            Edit(
                r'<div class="news_text">(.*?)</div>(\s*<div class="news_rating")',
                '<div class="news-body"><div class="news-body__inner"><div class="text">\\1</div></div></div>\\2',
                1,
            ),
        ),
    ),
    Variant(
        "news_121.html",
        "news_121-bem-nogallery.html",
        "BEM class names (`news-detail`, `news-detail__title`, `__date`, `__text`, `__rating`) and NO photo "
        "block (its picture is gone from `images`).",
        (
            rename("news_full", "news-detail", 1),
            rename("news_title", "news-detail__title", 1),
            rename("news_date", "news-detail__date", 1),
            rename("news_text", "news-detail__text", 1),
            rename("news_rating", "news-detail__rating", 1),
            drop(r'\s*<div class="news_photos">.*?</div>'),
        ),
        without_images("podarki_veteranam.jpg"),
    ),
    Variant(
        "news_28857.html",
        "news_28857-no-reference-no-source.html",
        "no reference block and no press-service line (the editor left them out); classes unchanged.",
        (
            drop(r"\n<p><strong>Справка:</strong>.*?</p>\n<p>Записаться на осмотр.*?</p>"),
            drop(r"\n<p>Пресс-служба Правительства Калужской области</p>"),
        ),
        setting(reference=[], source=None),
    ),
    Variant(
        "news_123.html",
        "news_123-no-rating-no-stamp.html",
        "no rating widget and no 'обновлено' stamp; text field renamed `div.article-text`.",
        (
            drop(r'\s*<div class="news_rating">.*?</div>'),
            drop(r'\s*<div class="last_update">.*?</div>'),
            rename("news_text", "article-text", 1),
        ),
        setting(rating=None, updated_at=None),
    ),
    Variant(
        "news_list_curPos_33990.html",
        "news_list_curPos_33990-nav.html",
        "list cards renamed (`.news-feed > .feed-card`, `.feed-card__title` …); pager as `<nav><ul><li>` "
        "with `rel=\"next\"` on 'Следующая →'.",
        (
            rename("news_list", "news-feed", 1),
            Edit(r'(?<=")news_list_(item|date|title|anons|more|img)(?=")', "feed-card__\\1"),
            rename("feed-card__item", "feed-card"),
            nav_pager(r'<div class="pagination">.*?</div>', next_class="pagination_next", nav_class="pages"),
        ),
    ),
    Variant(
        "news_list_curPos_33990.html",
        "news_list_curPos_33990-aside.html",
        "list and columns renamed neutrally (`.news-feed`, `.column--wide` / `.column--narrow`), the "
        "sidebar is an `<aside>` whose «Последние новости» teasers (`.latest-item`) link articles too: "
        "they are not list items.",
        (
            rename("news_list", "news-feed", 1),
            Edit(r'(?<=")news_list_(item|date|title|anons|more|img)(?=")', "feed-card__\\1"),
            rename("col_main", "column column--wide", 1),
            Edit(
                r'<div class="col_side">(.*?)</div>(\s*<!-- /col_side -->)',
                '<aside class="column column--narrow">\\1</aside>\\2',
                1,
            ),
            Edit(r'(?<=")side_news_(item|img|date|link)(?=")', "latest-\\1"),
            Edit(r'(?<=[" ])side_(news|block|title|all|links|banners)(?=[" ])', "panel-\\1"),
        ),
    ),
    Variant(
        "news_list_curPos_34000.html",
        "news_list_curPos_34000-textonly.html",
        "pager classes renamed and the next link carries no class and no rel: only its text 'Следующая →'.",
        (
            rename("pagination", "paginator", 1),
            Edit(r' class="pagination_(prev|page|dots|current)"', ' class="paginator__\\1"'),
            Edit(r' class="pagination_next"', "", 1),
        ),
    ),
    Variant(
        "news_list_curPos_34010.html",
        "news_list_curPos_34010-nav.html",
        "last page: cards renamed, pager as `<nav><ul>` whose 'Следующая' is a plain item without a link.",
        (
            rename("news_list", "news-feed", 1),
            Edit(r'(?<=")news_list_(item|date|title|anons|more|img)(?=")', "feed-card__\\1"),
            nav_pager(r'<div class="pagination">.*?</div>', next_class="pagination_next", nav_class="pages"),
        ),
    ),
    Variant(
        "news_134.html",
        "news_134-no-date.html",
        "REFUSED: the date line is gone (the 'обновлено' stamp and the sidebar dates are still there, and "
        "neither is the publication date).",
        (drop(r'\s*<div class="news_date">31 декабря 2012 года 10:20</div>'),),
        error="published_at",
    ),
    Variant(
        "news_137.html",
        "news_137-photo-only.html",
        "REFUSED: a photo news after a redesign (text field renamed `div.article-text`) whose text is "
        "only the picture: the rating, back link and stamp around it are not a body.",
        (
            rename("news_text", "article-text", 1),
            Edit(
                r'(<div class="article-text">\n).*?(<p style="text-align: center;"><img .*?</p>\n).*?(\t*</div>)',
                "\\1\\2\\3",
                1,
            ),
        ),
        error="body",
    ),
    Variant(
        "news_30468.html",
        "news_30468-hashed-labelled.html",
        "every class renamed at once to hashed names and no `data-id`; the date line behind a label, "
        "`Опубликовано: 23 мая 2024, 12:50`; the rating's label and value in spans of their own.",
        (
            Edit(
                r'<div class="news_date">23 мая 2024 года 12:50</div>',
                '<div class="news_date">Опубликовано: 23 мая 2024, 12:50</div>',
                1,
            ),
            Edit(
                r'<div class="news_rating">Рейтинг новости: <span class="news_rating_val">',
                '<div class="news_rating"><span class="news_rating_label">Рейтинг новости</span> '
                '<span class="news_rating_val">',
                1,
            ),
            drop(r' data-id="30468"'),
            hashed_classes(),
        ),
    ),
    Variant(
        "news_123.html",
        "news_123-div-paragraphs.html",
        "text field renamed `div.article-body` and its paragraphs written as `<div>`s (the richest "
        "container is then one paragraph: the text field is its parent).",
        (
            rename("news_text", "article-body", 1),
            paragraphs_as_divs(r'(<div class="article-body">)(.*?)(\n\t*</div>\s*<div class="news_rating")'),
        ),
    ),
    Variant(
        "news_25931.html",
        "news_25931-gallery-below-time-first.html",
        "photo block renamed `div.photo-strip` and moved BELOW the text; the date line time first "
        "(`14:10, 31 августа 2022`) in `div.meta-date`: the photo now follows the text's picture in `images`.",
        (
            Edit(
                r'<div class="news_date">31 августа 2022 года 14:10</div>\s*<div class="news_photos">(.*?)</div>'
                r'(\s*<div class="news_text">.*?\n\t*</div>)',
                '<div class="meta-date">14:10, 31 августа 2022</div>\\2\n\t\t\t\t<div class="photo-strip">\\1</div>',
                1,
            ),
        ),
        images_in_order("marksa_remont.jpg", "marksa_01.jpg"),
    ),
    Variant(
        "news_28857.html",
        "news_28857-note-after-text.html",
        "the «Справка:» paragraphs and the press-service line moved out of the text field into blocks of "
        "their own after it (`div.news_note`, `div.news_source`).",
        (
            Edit(
                r"(\n<p><strong>Справка:</strong>.*?</p>\n<p>Записаться.*?</p>)"
                r"\n(<p>Пресс-служба Правительства Калужской области</p>)(\n\t*</div>)",
                '\\3\n\t\t\t\t<div class="news_note">\\1\n\t\t\t\t</div>\n\t\t\t\t<div class="news_source">\\2</div>',
                1,
            ),
        ),
    ),
    Variant(
        "news_142.html",
        "news_142-lazy-dl-rating.html",
        "pictures loaded lazily (a 1×1 GIF in `src`, the picture in `data-src`); the rating as "
        '`<dl class="rate"><dt>Рейтинг новости</dt><dd>9</dd></dl>`; the stamp `Дата обновления: '
        "05.01.2013 14:02` in `div.stamp`.",
        (
            lazy_pictures("/netcat_files/multifile/1809/142/", 2),
            Edit(
                r'<div class="news_rating">.*?</div>',
                '<dl class="rate"><dt>Рейтинг новости</dt><dd>9</dd></dl>',
                1,
            ),
            Edit(
                r'<div class="last_update">обновлено 05.01.2013 14:02</div>',
                '<div class="stamp">Дата обновления: 05.01.2013 14:02</div>',
                1,
            ),
        ),
    ),
    Variant(
        "news_list_curPos_33990.html",
        "news_list_curPos_33990-hashed-numbers.html",
        "every class renamed at once to hashed names (the «Последние новости» teasers too: only the "
        "structure tells them from the list); the pager numbers pages only, no next link.",
        (drop(r'\s*<a class="pagination_next" href="[^"]*">[^<]*</a>'), hashed_classes()),
    ),
    Variant(
        "news_list_curPos_34010.html",
        "news_list_curPos_34010-hashed.html",
        "last page, every class renamed at once to hashed names: its three list items sit by the pager, "
        "the sidebar's four teasers do not.",
        (hashed_classes(),),
    ),
    Variant(
        "news_134.html",
        "news_134-layout-table-section-h1.html",
        "a section `<h1>` («Лента новостей») above the article and the headline an `<h2>`; the text field's "
        "class gone, its content in a one-cell layout table (the phone table inside it); the date line "
        "`31.12.2012 в 10:20`.",
        (
            Edit(
                r'(<div class="news_full" data-id="134">)\s*<h1 class="news_title">(.*?)</h1>\s*'
                r'<div class="news_date">31 декабря 2012 года 10:20</div>',
                '<h1 class="page_title">Лента новостей</h1>\n\t\t\t\t\\1\n\t\t\t\t<h2 class="headline">\\2</h2>\n'
                '\t\t\t\t<div class="dateline">31.12.2012 в 10:20</div>',
                1,
            ),
            Edit(
                r'<div class="news_text">(.*?)\n(\t*)</div>(\s*<div class="news_rating")',
                '<table class="layout"><tr><td>\\1\n\\2</td></tr></table>\\3',
                1,
            ),
        ),
    ),
)

ADMOBLKALUGA = (
    Variant(
        "article-21937.html",
        "article-21937-renamed.html",
        "template classes renamed: `.article-content`, `.article-meta` with `.article-meta__date` and "
        "`__rubric`, `.article-tags`, `.share-block`, `.back-link` (sidebar unchanged).",
        (
            rename("page-content", "article-content", 1),
            rename("news-detail-header", "article-meta", 1),
            rename("main-news-item-date", "article-meta__date", 1),
            rename("news-detail-rubric", "article-meta__rubric", 1),
            rename("news-tags", "article-tags", 1),
            rename("news-share", "share-block", 1),
            rename("news-back", "back-link", 1),
        ),
    ),
    Variant(
        "article-21931.html",
        "article-21931-figures.html",
        "text field wrapped in `div.news-detail-text`; photo gallery redesigned as "
        "`section.photo-report` of `<figure>` items (full-size picture still the link target).",
        (
            Edit(r"<!-- news detail text -->", '<div class="news-detail-text">', 1),
            Edit(r"<!-- /news detail text -->", "</div>", 1),
            Edit(
                r'<div class="news-photos">(.*?)\n\t\t\t\t\t</div>\n',
                '<section class="photo-report">\\1\n\t\t\t\t\t</section>\n',
                1,
            ),
            Edit(r'<div class="news-photos-title">(.*?)</div>', '<h2 class="photo-report__title">\\1</h2>', 1),
            rename("news-photos-list", "photo-report__grid", 1),
            Edit(
                r'<div class="news-photos-item">(.*?)</div>',
                '<figure class="photo-report__item">\\1</figure>',
            ),
            rename("news-photos-more", "photo-report__more", 1),
        ),
    ),
    Variant(
        "article-21926.html",
        "article-21926-date-first.html",
        "date header moved BEFORE the `<h1>` and renamed (`.article-top`, `.article-top__date`); documents "
        "block renamed (`.files`, `.files__link`, `.files__name`, `.files__size`).",
        (
            Edit(
                r'(<h1>.*?</h1>)\s*<div class="news-detail-header">\s*'
                r'<div class="main-news-item-date">(.*?)</div>\s*'
                r'<div class="news-detail-rubric">(.*?)</div>\s*</div>',
                '<div class="article-top"><span class="article-top__rubric">\\3</span> '
                '<span class="article-top__date">\\2</span></div>\n\t\t\t\t\t\\1',
                1,
            ),
            rename("news-docs", "files", 1),
            rename("news-docs-title", "files__title", 1),
            rename("news-docs-list", "files__list", 1),
            rename("news-docs-item", "files__item"),
            rename("news-docs-item-link", "files__link"),
            rename("news-docs-item-name", "files__name"),
            rename("news-docs-item-size", "files__size"),
            Edit(
                r' class="news-docs-item-icon news-docs-item-icon-(\w+)"',
                ' class="files__icon files__icon--\\1"',
            ),
        ),
    ),
    Variant(
        "article-21893.html",
        "article-21893-article-no-source.html",
        '`<article class="page-article">` instead of `div.page-content`; no reference block and no attribution line.',
        (
            Edit(r'<div class="page-content">', '<article class="page-article">', 1),
            Edit(
                r'(<div class="news-back">.*?</div>\s*)</div>(\s*<aside class="page-side">)',
                "\\1</article>\\2",
                1,
            ),
            drop(r"\s*<p><strong>Справка:</strong></p>\s*<p>.*?</p>\s*<p>.*?</p>"),
            drop(r"\s*<p><em>Пресс-служба министерства образования и науки Калужской области</em></p>"),
        ),
        setting(reference=[], source=None),
    ),
    Variant(
        "article-21871.html",
        "article-21871-wrapped.html",
        "`div.page-content` renamed `div.content-area`; the `<br><br>` text field wrapped in "
        "`.text-block > .text-block__body`.",
        (
            rename("page-content", "content-area", 1),
            Edit(r"<!-- news detail text -->", '<div class="text-block"><div class="text-block__body">', 1),
            Edit(r"<!-- /news detail text -->", "</div></div>", 1),
        ),
    ),
    Variant(
        "article-21811.html",
        "article-21811-section-nogallery.html",
        'title and date in a `<header class="news-head">`, text in a `<section class="news-body">`; '
        "NO photo gallery (its three pictures are gone from `images`).",
        (
            Edit(
                r'(<h1>.*?</h1>)\s*(<div class="news-detail-header">.*?</div>\s*</div>)',
                '<header class="news-head">\\1\n\t\t\t\t\t\\2</header>',
                1,
            ),
            Edit(r"<!-- news detail text -->", '<section class="news-body">', 1),
            Edit(r"<!-- /news detail text -->", "</section>", 1),
            drop(r'\s*<div class="news-photos">.*?\n\t\t\t\t\t</div>'),
        ),
        None,  # filled below: the gallery's images
    ),
    Variant(
        "list-1.html",
        "list-1-cards.html",
        "list cards renamed everywhere (`.news-feed`, `.news-card`, `.news-card__link`, `__date`, `__title`, "
        '`__photo`), sidebar included; pager as `<nav><ul><li>` with `rel="next"`.',
        (
            rename("site-news", "news-feed", 1),
            rename("news-item", "news-card"),
            rename("main-news-item-inner", "news-card__link"),
            Edit(r'(?<=")main-news-item-(date|title|photo|text)(?=")', "news-card__\\1"),
            nav_pager(
                r'<div class="pager">.*?<div class="pager-next">.*?</div>\s*</div>',
                next_class="NEXT",
                nav_class="pagination",
            ),
        ),
    ),
    Variant(
        "list-2.html",
        "list-2-textonly.html",
        "pager renamed (`.paging`), its items plain links: the next page is found only by the text 'Следующая →'.",
        (
            rename("pager", "paging", 1),
            rename("pager-prev", "paging__prev", 1),
            rename("pager-pages", "paging__pages", 1),
            rename("pager-current", "paging__current", 1),
            Edit(
                r'<div class="pager-next"><a href="([^"]*)">Следующая</a></div>',
                '<a href="\\1">Следующая →</a>',
                1,
            ),
        ),
    ),
    Variant(
        "list-3.html",
        "list-3-last.html",
        "last page with renamed cards and a `<nav><ul>` pager whose 'Следующая' is a disabled item.",
        (
            rename("site-news", "news-feed", 1),
            rename("news-item", "news-card"),
            rename("main-news-item-inner", "news-card__link"),
            Edit(r'(?<=")main-news-item-(date|title|photo|text)(?=")', "news-card__\\1"),
            nav_pager(
                r'<div class="pager">.*?<div class="pager-next">.*?</div>\s*</div>',
                next_class="NEXT",
                nav_class="pagination",
            ),
        ),
    ),
    Variant(
        "article-21931.html",
        "article-21931-no-text.html",
        "REFUSED: a photo report whose text field is gone (title, date, rubric, gallery, tags only).",
        (drop(r"<!-- news detail text -->.*?<!-- /news detail text -->"),),
        error="body",
    ),
    Variant(
        "article-21937.html",
        "article-21937-h2-hashed.html",
        "every class renamed at once to hashed names; the headline an `<h2>` (no `<h1>` on the page), "
        "which `og:title` repeats with the ministry's name added.",
        (
            Edit(r"<h1>(.*?)</h1>", "<h2>\\1</h2>", 1),
            Edit(r'(<meta property="og:title" content="[^"]*)"', f'\\1{_KALUGA_SITE}"', 1),
            hashed_classes(),
        ),
    ),
    Variant(
        "article-21926.html",
        "article-21926-bare-download.html",
        "`.page-content` renamed `.article`; the date written `Опубликовано: 31.01.2025`; the documents "
        "block rebuilt (`div.attachments`): each item a caption, a bare «Скачать» link and a size note.",
        (
            rename("page-content", "article", 1),
            Edit(
                r'<div class="main-news-item-date">31 января 2025 года</div>',
                '<div class="main-news-item-date">Опубликовано: 31.01.2025</div>',
                1,
            ),
            Edit(
                r'<div class="news-docs-item"><a href="([^"]+)" class="news-docs-item-link"[^>]*>'
                r'<span class="news-docs-item-icon[^"]*"></span><span class="news-docs-item-name">(.*?)</span></a>'
                r'<span class="news-docs-item-size">(.*?)</span></div>',
                '<div class="attachments__item"><span class="attachments__name">\\2</span> '
                '<a href="\\1" class="attachments__link">Скачать</a> <span class="attachments__size">\\3</span></div>',
                2,
            ),
            Edit(r'class="news-docs(-title|-list)?"', 'class="attachments\\1"', 3),
        ),
    ),
    Variant(
        "article-21850.html",
        "article-21850-comments-stamp.html",
        "after the text: a «Читайте также» block with teaser dates, a comments block with a form, and a "
        "`Дата изменения: 17.01.2025 09:30` line (the page's `updated_at` now).",
        (
            Edit(
                r"(<!-- /news detail text -->)",
                "\\1\n" + _RELATED_AND_COMMENTS + '<div class="news-updated">Дата изменения: 17.01.2025 09:30</div>',
                1,
            ),
        ),
        setting(updated_at="2025-01-17T09:30:00+03:00"),
    ),
    Variant(
        "article-21931.html",
        "article-21931-gallery-first-lazy.html",
        "photo gallery moved ABOVE the text (its pictures now come first in `images`); the text's picture "
        "loaded lazily (`data-src`).",
        (
            Edit(
                r"(<!-- news detail text -->.*?<!-- /news detail text -->\n)(\t*<div class=\"news-photos\">.*?"
                r"\n\t\t\t\t\t</div>\n)",
                "\\2\\1",
                1,
            ),
            lazy_pictures("/upload/medialibrary/", 1),
        ),
        images_in_order(
            "14a6c65585eb6bfe7a92af2e91b2d5f4.jpg",
            "7127ca741fd65eed663b4bf87d88c959.jpg",
            "afaa75897dd1e8499b7e8b6a4def5511.jpg",
            "80d4361d7ecc85cb3c30a294651e36aa.jpg",
            "2ba04661ee1a8d3ce83c4e3f7c4ef49f.jpg",
            "1dbd0fc669a17e54aafe182a13c5097a.jpg",
        ),
    ),
    Variant(
        "article-21811.html",
        "article-21811-time-no-year.html",
        "every class renamed at once to hashed names; the date shown without its year, `31 декабря`, in "
        '`<time datetime="2024-12-31">`.',
        (
            Edit(
                r'<div class="main-news-item-date">31 декабря 2024 года</div>',
                '<div class="main-news-item-date"><time datetime="2024-12-31">31 декабря</time></div>',
                1,
            ),
            hashed_classes(),
        ),
    ),
    Variant(
        "list-1.html",
        "list-1-hashed-numbers.html",
        "every class renamed at once to hashed names and the sidebar a plain `<div>` (not `<aside>`) whose "
        "«Популярное» teasers link articles; the pager numbers pages only, no «Следующая».",
        (
            Edit(r'<aside class="page-side">(.*?)</aside>', '<div class="page-side">\\1</div>', 1),
            drop(r'\s*<div class="pager-next"><a href="[^"]*">Следующая</a></div>'),
            hashed_classes(),
        ),
    ),
    Variant(
        "article-21893.html",
        "article-21893-sidebar-first-no-date.html",
        "REFUSED: the sidebar (`<aside>`, «Другие новости» teasers with their dates) placed BEFORE the "
        "article, every class hashed, and the article's date gone: a teaser's date is not the article's.",
        (
            Edit(r"(\s*<div class=\"page-content\">.*?)(\s*<aside class=\"page-side\">.*?</aside>)", "\\2\\1", 1),
            drop(r'\s*<div class="main-news-item-date">24 января 2025 года</div>'),
            hashed_classes(),
        ),
        error="published_at",
    ),
    Variant(
        "list-2.html",
        "list-2-hero-hashed.html",
        "every class renamed at once to hashed names, the first card set apart in a hero block above the "
        "list: it is still the list's first item (the sidebar's «Популярное» teasers are not).",
        (
            Edit(
                r'(<div class="news-list">)(\s*<div class="news-item">.*?</div>)',
                '<div class="hero"><div class="hero__card">\\2</div></div>\n\t\t\t\t\t\t\\1',
                1,
            ),
            hashed_classes(),
        ),
    ),
)

# ---- gossite: a new detail template (classes renamed) and what a redesign adds around the text ----

_GOSSITE_DETAIL_RENAMED = (
    rename("news-detail", "article-detail", 1),
    Edit(r'<div class="news-item">', '<div class="article">', 1),
    Edit(r'<div class="news-item-text clearfix">', '<div class="article-body">', 1),
    rename("news-item-image", "article-picture", 1),
)
# Template blocks a redesign puts inside the text container: share bar, tags, related news, comments.
_GOSSITE_TEXT_CHROME = (
    '\n<div class="share-bar">Поделиться: <a href="https://vk.com/share.php?url=x">ВКонтакте</a> '
    '<a href="https://t.me/share/url?url=x">Telegram</a></div>'
    '\n<div class="tags">Теги: <a href="/search/?tags=паводок">паводок</a>, '
    '<a href="/search/?tags=ЧС">ЧС</a></div>'
    '\n<div class="related-news"><h3>Читайте также</h3><ul>'
    '<li>12.03.2021 <a href="/about/info/news/4590/">Многодетные семьи могут получить выплату на летний '
    "отдых детей</a></li>"
    '<li>01.03.2021 <a href="/about/info/news/4579/">В Заречинске пройдут масленичные гулянья</a></li></ul></div>'
    '\n<div class="comments"><h3>Комментарии</h3><form action="/comments/" method="post">'
    '<textarea name="text"></textarea><button type="submit">Отправить</button></form>'
    "<p>Комментариев пока нет. Будьте первым!</p></div>"
)
_GOSSITE_FILES = (
    '\n        <div class="news-files"><div class="files-title">Документы</div><ul>'
    '<li><a href="/upload/iblock/d1e/polozhenie_lyzhnya_2021.pdf">Положение о проведении гонки «Заречная лыжня»</a> '
    "(PDF, 120 Кб)</li>"
    '<li><a href="/upload/iblock/d1f/protokol_lyzhnya_2021.XLSX">Итоговый протокол</a> <span>(XLSX, 24 Кб)</span></li>'
    "</ul></div>"
)
_GOSSITE_SWAP_COLUMNS = Edit(
    r'(<div class="col col-mb-12 col-9 col-margin-bottom">.*?</div> <!-- \.col col-mb-12 col-9 col-margin-bottom -->\n)'
    r'(\s*<div class="col col-mb-12 col-3 col-margin-bottom">.*?</div>'
    r" <!-- \.col col-mb-12 col-3 col-margin-bottom -->)",
    "\\2\n\\1",
    1,
)


def _bitrix_default_detail(match: re.Match[str]) -> str:
    """The detail block rewritten in Bitrix's default `news.detail` markup (sites of the solution that
    kept the stock template): picture, `span.news-date-time`, the headline in an `<h3>`, the text loose
    in the block, then the "Возврат к списку" paragraph after it."""
    return (
        '<div class="news-detail">\n\t<img class="detail_picture" border="0" src="{src}" width="800" height="533" '
        'alt="{title}" title="{title}" />\n\t<span class="news-date-time">{date}</span>\n\t<h3>{title}</h3>\n'
        '\t{text}\n\t<div style="clear:both"></div>\n\t<br />\n</div>\n'
        '<p><a href="/about/info/news/">Возврат к списку</a></p>'
    ).format(**match.groupdict())


GOSSITE = (
    Variant(
        "article_4633.html",
        "article_4633-renamed.html",
        "detail template classes renamed (`.article-detail > .article`, `.article-date`, `.article-body`, "
        "`.article-picture`); sidebar teasers unchanged.",
        (
            rename("news-detail", "article-detail", 1),
            Edit(r'<div class="news-item">', '<div class="article">', 1),
            Edit(r'<div class="news-item-date fl-l mt10">', '<div class="article-date">', 1),
            Edit(r'<div class="news-item-text clearfix">', '<div class="article-body">', 1),
            rename("news-item-image", "article-picture", 1),
        ),
    ),
    Variant(
        "article_4612.html",
        "article_4612-dotted-wrapped.html",
        "(windows-1251) date in the family's `d.m.Y` form `23.03.2021`; the editor's text wrapped in "
        "`div.detail-text` after the `<h2>`.",
        (
            Edit(r'(<div class="news-item-date fl-l mt10">)23 марта 2021(</div>)', "\\g<1>23.03.2021\\2", 1),
            Edit(r"(</h2>\s*)(.*?)(\s*</div>\s*</div>\s*</div>)", '\\1<div class="detail-text">\\2</div>\\3', 1),
        ),
    ),
    Variant(
        "article_4579.html",
        "article_4579-date-after-title.html",
        '`<section class="news-detail">`; the date line moved out of the top bar to right after the '
        "`<h2>` title, inside the text container.",
        (
            Edit(
                r'<div class="news-detail">(.*?\n    </div>\n)</div>',
                '<section class="news-detail">\\1</section>',
                1,
            ),
            Edit(r'\s*<div class="news-item-date fl-l mt10">19 февраля 2021</div>', "", 1),
            Edit(r"(<h2>.*?</h2>)", '\\1\n                <div class="news-date">19 февраля 2021</div>', 1),
        ),
    ),
    Variant(
        "article_4561.html",
        "article_4561-article-nopicture.html",
        '`<article class="news-detail">` instead of a div; NO detail picture (gone from `images`).',
        (
            Edit(
                r'<div class="news-detail">(.*?\n    </div>\n)</div>',
                '<article class="news-detail">\\1</article>',
                1,
            ),
            drop(r'\s*<div class="news-item-image">.*?</div>'),
        ),
        None,  # filled below: the detail picture
    ),
    Variant(
        "article_4508.html",
        "article_4508-no-reference-no-source.html",
        "no 'Справка:' paragraph and no press-service line.",
        (
            drop(r"\n<p><strong>Справка:</strong>.*?</p>"),
            Edit(r"\n<p>Пресс-служба администрации муниципального района «Заречный район»</p></p>", "</p>", 1),
        ),
        setting(reference=[], source=None),
    ),
    Variant(
        "list_p1.html",
        "list_p1-nav.html",
        "list cards renamed (`.news-feed > .news-card`, `.news-card__title` …, the sidebar's too); pager as "
        "`<nav><ul><li>` with `rel=\"next\"` and the text 'Следующая →'.",
        (
            rename("news-list", "news-feed", 1),
            rename("news-item", "news-card"),
            Edit(r'(?<=")news-item-(date|image|text|header)(?=[" ])', "news-card__\\1"),
            nav_pager(
                r'<div class="modern-page-navigation">.*?</div>',
                next_class="modern-page-next",
                nav_class="pagination",
                next_text="Следующая →",
            ),
        ),
    ),
    Variant(
        "list_p2.html",
        "list_p2-textonly.html",
        "pager classes renamed (`.pages`, `.pages__link`): the next page is found only by its text 'След.'.",
        (
            rename("modern-page-navigation", "pages", 1),
            Edit(r'class="modern-page-[a-z-]+(?: modern-page-[a-z-]+)*"', 'class="pages__link"'),
        ),
    ),
    Variant(
        "list_p3.html",
        "list_p3-nav.html",
        "last page: renamed cards and a `<nav><ul>` pager without a next link.",
        (
            rename("news-list", "news-feed", 1),
            rename("news-item", "news-card"),
            Edit(r'(?<=")news-item-(date|image|text|header)(?=[" ])', "news-card__\\1"),
            nav_pager(
                r'<div class="modern-page-navigation">.*?</div>',
                next_class="modern-page-next",
                nav_class="pagination",
            ),
        ),
    ),
    Variant(
        "rss.xml",
        "rss-guid.xml",
        'a newer `rss.out` template: items carry `<guid isPermaLink="true">` instead of `<link>`, '
        "descriptions are HTML in CDATA, the channel has an `atom:link rel=self`.",
        (
            Edit(r'<rss version="2.0">', '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">', 1),
            Edit(
                r"(<link>http://gossite-demo.test</link>)",
                '\\1\n\t\t<atom:link href="http://gossite-demo.test/about/info/news/rss/" rel="self" '
                'type="application/rss+xml"/>',
                1,
            ),
            Edit(r"(<item>\s*<title>.*?</title>\s*)<link>(.*?)</link>", '\\1<guid isPermaLink="true">\\2</guid>'),
            Edit(r"<description>([^<]+)</description>", "<description><![CDATA[<p>\\1</p>]]></description>"),
        ),
    ),
    Variant(
        "article_4579.html",
        "article_4579-no-text.html",
        "REFUSED: the detail text is gone (picture, `<h2>` and an empty template `<p>` only), in a "
        "renamed `div.article-body`.",
        (
            Edit(r'<div class="news-item-text clearfix">', '<div class="article-body">', 1),
            Edit(r"(</h2>\s*)<p>.*?</p>(\s*</div>\s*</div>\s*</div>)", "\\1<p></p>\\2", 1),
        ),
        error="body",
    ),
    Variant(
        "article_4633.html",
        "article_4633-no-date.html",
        "REFUSED: the date is gone from the detail view (the sidebar teasers' `d.m.Y` dates are not the article's).",
        (drop(r'\s*<div class="news-item-date fl-l mt10">31 марта 2021</div>'),),
        error="published_at",
    ),
    Variant(
        "article_4627.html",
        "article_4627-section-h1.html",
        "renamed detail template whose page `<h1>` is the section name «Новости»: the headline is only the "
        "`<h2>` in the text (the one `<title>` names).",
        (
            *_GOSSITE_DETAIL_RENAMED,
            Edit(r'<div class="news-item-date fl-l mt10">', '<div class="article-date">', 1),
            Edit(r"<h1>[^<]*</h1>", "<h1>Новости</h1>", 1),
        ),
    ),
    Variant(
        "article_4612.html",
        "article_4612-div-paragraphs.html",
        "(windows-1251) renamed detail template; the editor's paragraphs are `<div>`s (the richest container "
        "the text guess finds is one of them: its parent holds the text).",
        (
            *_GOSSITE_DETAIL_RENAMED,
            Edit(r'<div class="news-item-date fl-l mt10">', '<div class="article-date">', 1),
            Edit(
                r"(</h2>)(.*?)(\n        </div>\n    </div>\n</div>)",
                lambda m: m[1] + re.sub(r"<(/?)p\b", r"<\1div", m[2]) + m[3],
                1,
            ),
        ),
    ),
    Variant(
        "article_4633.html",
        "article_4633-labelled-date-chrome.html",
        "renamed detail template; the date line reads 'Опубликовано: 31 марта 2021'; a share bar, tags, "
        "related news (with `d.m.Y` dates) and a comment form sit inside the text container after the "
        "attribution line.",
        (
            *_GOSSITE_DETAIL_RENAMED,
            Edit(
                r'<div class="news-item-date fl-l mt10">31 марта 2021</div>',
                '<div class="article-meta">Опубликовано: 31 марта 2021</div>',
                1,
            ),
            Edit(r"(«Заречный район»</i></p></p>)", lambda m: m[1] + _GOSSITE_TEXT_CHROME, 1),
        ),
    ),
    Variant(
        "article_4561.html",
        "article_4561-lazy-files.html",
        "lazy-loaded pictures (`src` a blank.gif, the picture in `data-src`: detail picture and text images) "
        "and a documents block after the text (two more attachments).",
        (
            Edit(
                r'(<img\b[^>]*?) src="(/upload/(?:iblock|medialibrary/[0-9a-f]{3})/[^"]+)"',
                '\\1 src="/bitrix/templates/gos_modern/images/blank.gif" data-src="\\2"',
                3,
            ),
            Edit(r"(\n        </div>)(\n    </div>\n</div>)", lambda m: m[1] + _GOSSITE_FILES + m[2], 1),
        ),
        lambda r: {
            **r,
            "attachments": [
                *r["attachments"],
                {
                    "url": "http://gossite-demo.test/upload/iblock/d1e/polozhenie_lyzhnya_2021.pdf",
                    "title": "Положение о проведении гонки «Заречная лыжня»",
                },
                {
                    "url": "http://gossite-demo.test/upload/iblock/d1f/protokol_lyzhnya_2021.XLSX",
                    "title": "Итоговый протокол",
                },
            ],
        },
    ),
    Variant(
        "article_4590.html",
        "article_4590-date-under-text.html",
        "(windows-1251) renamed detail template; the date line moved under the text (the sidebar teasers' "
        "dates are not the article's).",
        (
            *_GOSSITE_DETAIL_RENAMED,
            drop(r'\s*<div class="news-item-date fl-l mt10">1 марта 2021</div>'),
            Edit(
                r"(\n        </div>)(\n    </div>\n</div>)",
                '\\1\n        <div class="article-footer">1 марта 2021</div>\\2',
                1,
            ),
        ),
    ),
    Variant(
        "list_p1.html",
        "list_p1-numbers-sidebar-first.html",
        "cards and list renamed (the sidebar's too), the sidebar column (with a «Популярное» block of older "
        "news) placed before the list in the source; pager of page numbers only, the current one in `<b>`.",
        (
            _GOSSITE_SWAP_COLUMNS,
            Edit(
                r'(<div class="col col-mb-12 col-3 col-margin-bottom">)',
                '\\1\n<div class="white-box padding-box col-margin"><div class="h3">Популярное</div>'
                '<div class="pn"><a href="/about/info/news/4401/">Итоги конкурса «Лучшее подворье»</a> 01.10.2020</div>'
                '<div class="pn"><a href="/about/info/news/4402/">Осенняя ярмарка в Заречинске</a> 02.10.2020</div>'
                "</div>",
                1,
            ),
            rename("news-list", "feed", 1),
            rename("news-item", "feed-card"),
            Edit(r'(?<=")news-item-(date|image|text|header)(?=[" ])', "feed-card__\\1"),
            Edit(
                r'<div class="modern-page-navigation">.*?</div>',
                '<div class="pages"><b>1</b> <a href="/about/info/news/?PAGEN_1=2">2</a> '
                '<a href="/about/info/news/?PAGEN_1=3">3</a></div>',
                1,
            ),
        ),
    ),
    Variant(
        "list_p2.html",
        "list_p2-load-more.html",
        "the pager replaced by a 'Показать ещё' button linking the next page.",
        (
            Edit(
                r'<div class="modern-page-navigation">.*?</div>',
                '<div class="load-more"><a class="btn btn-more" href="/about/info/news/?PAGEN_1=3">Показать ещё</a>'
                "</div>",
                1,
            ),
        ),
    ),
    Variant(
        "article_4603.html",
        "article_4603-renamed-no-date.html",
        "REFUSED: renamed detail template without a date line (the sidebar teasers' `d.m.Y` dates, and the "
        "«Анонсы событий» ones, are not the article's).",
        (*_GOSSITE_DETAIL_RENAMED, drop(r'\s*<div class="news-item-date fl-l mt10">[^<]*</div>')),
        error="published_at",
    ),
    Variant(
        "article_4541.html",
        "article_4541-bitrix-default.html",
        "(windows-1251) another site of the solution on Bitrix's default `news.detail` template: "
        "`img.detail_picture`, `span.news-date-time`, the headline repeated in an `<h3>`, the text loose in "
        "`div.news-detail`, a 'Возврат к списку' paragraph after it.",
        (
            Edit(
                r'<div class="news-detail">.*?<div class="news-item-date fl-l mt10">(?P<date>[^<]+)</div>'
                r'.*?<img src="(?P<src>[^"]+)".*?<h2>(?P<title>.*?)</h2>\s*(?P<text>.*?)'
                r"\n        </div>\n    </div>\n</div>",
                _bitrix_default_detail,
                1,
            ),
        ),
    ),
)

_TPL_RENAMES = (
    ("tpl-text-header1", "gw-heading-1"),
    ("tpl-text-header2", "gw-heading-2"),
    ("tpl-text-header3", "gw-heading-3"),
    ("tpl-text-alt", "gw-text-muted"),
    ("tpl-text-default", "gw-text"),
    ("object-item-title", "news-title"),
    ("object-item-text", "news-text"),
    ("object-item-gallery", "news-gallery"),
    ("object-item-documents", "news-docs"),
    ("object-item-share", "news-share"),
    ("object-item-back", "news-back"),
    ("object-item-announce", "news-announce"),
    ("items-category", "news-meta"),
    ("item-category", "news-meta__category"),
    ("item-date", "news-meta__date"),
)


def tpl_update(*extra: tuple[str, str]) -> tuple[Edit, ...]:
    """The template update: `tpl-`/`object-item-` class names renamed, microdata untouched."""
    return tuple(rename(old, new, optional=True) for old, new in (*_TPL_RENAMES, *extra))


# Template blocks inside `articleBody` after a redesign, their classes meaningless (build tools'
# hashes): share bar, tags, related news, comments.
_GOSWEB_BODY_CHROME = (
    '\n<div class="b-4f1">Поделиться: <a href="https://vk.com/share.php?url=x">ВКонтакте</a> '
    '<a href="https://t.me/share/url?url=x">Телеграм</a></div>'
    '\n<div class="b-9c2">Теги: <a href="/poisk/?tag=ЖКХ">ЖКХ</a>, '
    '<a href="/poisk/?tag=дороги">дороги</a></div>'
    '\n<div class="b-7a0"><h3>Читайте также</h3><ul><li>28 ноября 2025 '
    '<a href="/dlya-zhiteley/novosti-i-reportazhi/novosti_99.html">Итоги года подвели в управлении '
    "образования округа</a></li></ul></div>"
    '\n<div class="b-2d8"><h3>Комментарии</h3><form action="/comments/" method="post"><textarea '
    'name="text"></textarea><button type="submit">Отправить</button></form>'
    "<p>Комментариев пока нет.</p></div>"
)


def _slider(match: re.Match[str]) -> str:
    """A gallery block rewritten as a slider of bare pictures (the full-size files its links named)."""
    hrefs = re.findall(r'<a class="gallery-item" href="([^"]+)"', match[0])
    figures = "".join(f'<figure class="slide"><img src="{href}" alt=""></figure>' for href in hrefs)
    return f'<div class="slider">{figures}</div>'


GOSWEB = (
    Variant(
        "novosti_141.html",
        "novosti_141-tpl-renamed.html",
        "template update: `tpl-text-*`, `object-item-*`, `items-category`, `item-date` renamed "
        "(`gw-heading-1`, `news-text`, `news-meta__date`, …) everywhere; microdata intact.",
        tpl_update(),
    ),
    Variant(
        "novosti_106.html",
        "novosti_106-no-articlebody.html",
        'the same template update, and the text field lost its `itemprop="articleBody"`: only its '
        "renamed class `news-text` is left.",
        (*tpl_update(), Edit(r' itemprop="articleBody"', "", 1)),
    ),
    Variant(
        "novosti_137.html",
        "novosti_137-article-element.html",
        'full view as `<article class="news-full">` (was `div.object-item.full`), text field as '
        '`<section itemprop="articleBody">`; microdata intact.',
        (
            Edit(
                r"<div class='object-item full  ' (itemscope itemtype='https://schema.org/NewsArticle')>(.*?)"
                r'(<div class="object-item-back">.*?</div>\n)</div>',
                '<article class="news-full" \\1>\\2\\3</article>',
                1,
            ),
            Edit(
                r'<div class="object-item-text tpl-text-default" itemprop="articleBody">(.*?)\n    </div>',
                '<section class="news-full__text" itemprop="articleBody">\\1\n    </section>',
                1,
            ),
        ),
    ),
    Variant(
        "novosti_132.html",
        "novosti_132-gallery-renamed.html",
        "photo gallery renamed (`.photo-album`, `.photo-album__list`, `.photo-album__item`).",
        (
            rename("object-item-gallery", "photo-album", 1),
            rename("gallery-title", "photo-album__title", 1),
            rename("gallery-list", "photo-album__list", 1),
            rename("gallery-item", "photo-album__item"),
        ),
    ),
    Variant(
        "novosti_127.html",
        "novosti_127-files-renamed.html",
        "documents block renamed (`.files-block`, `.files-block__item`, `__name`, `__link`, `__size`).",
        (
            rename("object-item-documents", "files-block", 1),
            rename("documents-title", "files-block__title", 1),
            rename("document-object-item", "files-block__item"),
            rename("document-caption", "files-block__name"),
            rename("document-download", "files-block__link"),
            rename("document-size", "files-block__size"),
        ),
    ),
    Variant(
        "novosti_122.html",
        "novosti_122-no-meta-date.html",
        "the full view lost its `datePublished` meta; the visible date is a renamed span written "
        "`31 декабря 2025, 16:45` (the cards of other blocks keep their metas).",
        (
            drop(r"\s*<meta itemprop='datePublished' content='2025-12-31 16:45:[0-9]{2}' />"),
            Edit(
                r"<span class='item-date tpl-text-alt' title='31 декабря 2025 16:45'>"
                r"\s*31 декабря 2025 16:45\s*</span>",
                '<span class="news-date">31 декабря 2025, 16:45</span>',
                1,
            ),
        ),
    ),
    Variant(
        "novosti_101.html",
        "novosti_101-no-picture-no-docs.html",
        "NO main picture and NO documents block (gone from `images` / `attachments`).",
        (
            drop(r"\s*<div class='item-image'><div class=\"image\"><img itemprop=\"image\".*?</div></div>"),
            drop(r'\s*<div class="object-item-documents">.*?\n        </div>'),
        ),
        None,  # filled below
    ),
    Variant(
        "novosti-i-reportazhi.html",
        "novosti-i-reportazhi-renamed.html",
        "template update on the list: cards (`.news-card`), lists (`.gw-list`, `.gw-list__items`), blocks "
        '(`gw-block-<cc>`) renamed, «Главное» included; pager as `<nav><ul>` with `rel="next"`, no '
        "'Показать ещё'; microdata intact.",
        (
            *tpl_update(
                ("objects-list", "gw-list"),
                ("tpl-block-list-objects", "gw-list__items"),
                ("tpl-block-list", "gw-block-list"),
                ("tpl-block-title", "gw-block-title"),
            ),
            Edit(r"(?<=['\" ])tpl-block-(\d+)(?=['\" ])", "gw-block-\\1"),
            Edit(r"(?<=['\"])object-item(?=['\"])", "news-card"),
            drop(r'\s*<div class="button-container-pagination-ajax">.*?</div>'),
            nav_pager(
                r'<div class="pagination-ajax-container">.*?</ul>\s*</div>\s*</div>',
                next_class="next",
                nav_class="pager",
                next_text="Следующая",
            ),
        ),
    ),
    Variant(
        "novosti-i-reportazhi_curPos_20.html",
        "novosti-i-reportazhi_curPos_20-renamed.html",
        "last list page after the same template update: no next link.",
        (
            *tpl_update(
                ("objects-list", "gw-list"),
                ("tpl-block-list-objects", "gw-list__items"),
                ("tpl-block-list", "gw-block-list"),
                ("tpl-block-title", "gw-block-title"),
            ),
            Edit(r"(?<=['\" ])tpl-block-(\d+)(?=['\" ])", "gw-block-\\1"),
            Edit(r"(?<=['\"])object-item(?=['\"])", "news-card"),
        ),
    ),
    Variant(
        "novosti_116.html",
        "novosti_116-no-date.html",
        "REFUSED: the full view has neither a `datePublished` meta nor a visible date (the «Другие новости» "
        "cards below keep theirs, which are not this article's).",
        (
            drop(r"\s*<meta itemprop='datePublished' content='2025-12-25 15:33:[0-9]{2}' />"),
            drop(r"\s*<span class='item-date tpl-text-alt' title='25 декабря 2025 15:33'>.*?</span>"),
        ),
        error="published_at",
    ),
    Variant(
        "novosti_141.html",
        "novosti_141-labelled-date.html",
        "the full view lost its `datePublished` meta; the visible date, in a renamed span, reads "
        "'Опубликовано: 20.01.2026 15:12' (the «Другие новости» cards keep their metas and relative dates).",
        (
            drop(r"\s*<meta itemprop='datePublished' content='2026-01-20 15:12:[0-9]{2}' />", 1),
            Edit(
                r"<span class='item-date tpl-text-alt' title='20 января 2026 15:12'>\s*20 января 2026 15:12\s*</span>",
                '<span class="news-meta__date">Опубликовано: 20.01.2026 15:12</span>',
                1,
            ),
        ),
    ),
    Variant(
        "novosti_111.html",
        "novosti_111-lazy-images.html",
        "lazy-loaded pictures: the main picture and the text's images have a placeholder `src` and the "
        "picture in `data-src`.",
        (
            Edit(
                r"(<img itemprop=\"image\") src='([^']+)'",
                "\\1 src='/netcat_template/images/blank.gif' data-src='\\2'",
                1,
            ),
            Edit(
                r'(<p[^>]*><img) src="(/netcat_files/[^"]+)"',
                '\\1 src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="\\2"',
                2,
            ),
        ),
    ),
    Variant(
        "novosti_127.html",
        "novosti_127-download-rows.html",
        "documents block rewritten as rows of a caption and a bare 'Скачать' link (the caption is the title).",
        (
            Edit(
                r'<div class="object-item-documents">.*?\n        </div>',
                '<div class="files"><div class="files__row"><div class="files__name">Форма заявления о '
                'предоставлении компенсации</div><a class="files__get" '
                'href="/netcat_files/multifile/2717/127/Zayavlenie_kompensatsiya_gaz.docx">Скачать</a>'
                '<span class="files__size">docx, 28 Кб</span></div></div>',
                1,
            ),
        ),
    ),
    Variant(
        "novosti_132.html",
        "novosti_132-slider.html",
        "photo gallery as a slider of bare `<figure><img>` (no links to the full size, no known class).",
        (
            Edit(
                r'<div class="object-item-gallery">.*?\n        </div>',
                _slider,
                1,
            ),
        ),
    ),
    Variant(
        "novosti_123.html",
        "novosti_123-chrome-in-body.html",
        "a share bar, tags, related news and a comment form inside the `articleBody` element, after the "
        "attribution line (renamed classes: known only as link blocks and a form).",
        (
            Edit(
                r'(itemprop="articleBody">.*?)(\n    </div>)',
                lambda m: m[1] + _GOSWEB_BODY_CHROME + m[2],
                1,
            ),
        ),
    ),
    Variant(
        "novosti-i-reportazhi_curPos_10.html",
        "novosti-i-reportazhi_curPos_10-no-microdata.html",
        "list without microdata (no `itemscope`/`itemprop`, no `datePublished` metas) and a pager of page "
        "numbers only (no next arrow, no 'Показать ещё').",
        (
            Edit(r"\s*<meta itemprop='datePublished'[^>]*>", ""),
            Edit(r" itemscope itemtype='https://schema.org/NewsArticle'", ""),
            Edit(r""" itemprop=['"][a-zA-Z]+['"]""", ""),
            drop(r'\s*<div class="button-container-pagination-ajax">.*?</div>'),
            drop(r'\s*<li class="pagination-item next">.*?</li>'),
            drop(r'\s*<li class="pagination-item prev">.*?</li>', 0),
        ),
    ),
    Variant(
        "novosti_106.html",
        "novosti_106-no-date-others-first.html",
        "REFUSED: no date in the full view, and the «Другие новости» block moved above the article in the "
        "source, its cards showing absolute dates (a later capture): none of them is this article's.",
        (
            Edit(
                r"(<span class='item-date tpl-text-alt' title='([^']+)'>)\s*(?:Сегодня|Вчера), \d\d:\d\d",
                "\\1\\2",
                3,
            ),
            drop(r"\s*<meta itemprop='datePublished' content='2025-12-09 14:55:[0-9]{2}' />", 1),
            drop(r"\s*<span class='item-date tpl-text-alt' title='9 декабря 2025 14:55'>.*?</span>", 1),
            Edit(
                r"(        <!-- Новости: полный вывод объекта -->.*?<!-- /Новости: полный вывод объекта -->\n)"
                r"(        <!-- Блок «Другие новости» -->.*?)(        <!-- Платформа обратной связи)",
                "\\2\\1\\3",
                1,
            ),
        ),
        error="published_at",
    ),
    Variant(
        "novosti_116.html",
        "novosti_116-stamp-back-link.html",
        "a template update prints 'Дата изменения: 26.12.2025 09:40' under the text (`updated_at`) and ends "
        "the `articleBody` with a '← Вернуться к списку новостей' link paragraph (not text).",
        (
            Edit(
                r'(itemprop="articleBody">.*?)(\n    </div>)',
                lambda m: (
                    m[1]
                    + '\n<p><a href="/dlya-zhiteley/novosti-i-reportazhi/">← Вернуться к списку новостей</a></p>'
                    + m[2]
                    + '\n    <div class="news-stamp"><span>Дата изменения:</span> 26.12.2025 09:40</div>'
                ),
                1,
            ),
        ),
        setting(updated_at="2025-12-26T09:40:00+04:00"),
    ),
)


@dataclass
class Family:
    name: str
    variants: tuple[Variant, ...]
    adjust: dict[str, Adjust] = field(default_factory=dict)


def _gallery_suffixes(reference: Path, marker: str) -> tuple[str, ...]:
    """File names of the full-size pictures a gallery block links (read from the reference page)."""
    text = reference.read_text(encoding="utf-8")
    block = re.search(marker, text, re.S)
    if block is None:
        raise SystemExit(f"{reference.name}: no gallery {marker!r}")
    return tuple(href.rsplit("/", 1)[-1] for href in re.findall(r'<a href="([^"]+\.jpg)"', block.group(0)))


FAMILIES = (
    Family("admobninsk", ADMOBNINSK),
    Family(
        "admoblkaluga",
        ADMOBLKALUGA,
        {
            "article-21811-section-nogallery.html": without_images(
                *_gallery_suffixes(
                    FIXTURES / "admoblkaluga" / "article-21811.html",
                    r'<div class="news-photos-list">.*?\n\t\t\t\t\t\t</div>',
                )
            )
        },
    ),
    Family(
        "gossite",
        GOSSITE,
        {"article_4561-article-nopicture.html": lambda r: {**r, "images": r["images"][1:]}},
    ),
    Family(
        "gosweb",
        GOSWEB,
        {
            "novosti_101-no-picture-no-docs.html": lambda r: without_attachments("Instruktsiya_dlya_zhiteley.PDF")(
                {**r, "images": [u for u in r["images"] if "/760x570/" not in u]}
            )
        },
    ),
)


def build(family: Family) -> None:
    source_dir = FIXTURES / family.name
    target = FIXTURES / f"{family.name}-drift"
    index = json.loads((source_dir / "index.json").read_text(encoding="utf-8"))
    pages = {page["file"]: page for page in index["pages"] if page.get("file")}
    target.mkdir(exist_ok=True)
    entries = []
    readme = [
        f"# {family.name}-drift — layout-drift variants of `fixtures/{family.name}/`",
        "",
        "Generated by `tests/drift/make_variants.py` (do not edit by hand: change the script and re-run it).",
        "Each page is a reference page put through a realistic redesign; its expected record is the",
        "reference record with only what the redesign changes adjusted. `article-error` pages must be",
        "refused with a one-line error naming the field given in their expected file.",
        "",
        "| variant | from | kind | what changed |",
        "|---|---|---|---|",
    ]
    for variant in family.variants:
        page = pages[variant.source]
        charset = page["charset"]
        raw = (source_dir / variant.source).read_bytes()
        text = raw.decode(charset)
        changed = apply(text, variant.edits, f"{family.name}/{variant.name}")
        if changed == text:
            raise SystemExit(f"{variant.name}: no change")
        (target / variant.name).write_bytes(changed.encode(charset))
        kind = variant.kind or ("article-error" if variant.error else page["kind"])
        if variant.error:
            expected: Record = {"error": variant.error}
        else:
            expected = json.loads((source_dir / page["expected"]).read_text(encoding="utf-8"))
            adjust = family.adjust.get(variant.name) or variant.adjust or unchanged
            expected = adjust(expected)
        expected_name = variant.name + ".expected.json"
        (target / expected_name).write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        entries.append(
            {
                "file": variant.name,
                "url": page["url"],
                "kind": kind,
                "charset": charset,
                "drift": True,
                "expected": expected_name,
            }
        )
        readme.append(f"| `{variant.name}` | `{variant.source}` | {kind} | {variant.note} |")
    out = {key: index[key] for key in ("site", "family", "base_url", "timezone")}
    out["pages"] = entries
    (target / "index.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (target / "README.md").write_text("\n".join(readme) + "\n", encoding="utf-8")
    print(f"{target.relative_to(ROOT)}: {len(entries)} variants")


def main(argv: list[str]) -> int:
    wanted = set(argv) or {family.name for family in FAMILIES}
    for family in FAMILIES:
        if family.name in wanted:
            build(family)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
