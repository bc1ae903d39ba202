"""`new-family`: a family module skeleton from sample pages, their fixtures, and draft expected records.

The generic extractor reads the sample pages; the selectors of the nodes it chose (headline, date,
text container; see `sites/explain.py`) go into a module with one `V1` layout, and the article URL
pattern is generalised from the sample article URLs (digit runs → `\\d+`, the last part → any slug).
The pages are saved under `fixtures/<name>/` with draft expected records (the generic output), which
the golden test refuses until a person has checked them. Like Scrapy's `genspider`, an existing
module or fixtures folder is never overwritten.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from pressharvest.decode import decode_page
from pressharvest.devtools.fixtures import ARTICLE_KINDS, FixtureIndex
from pressharvest.devtools.pages import PageBytes, Saved, save_pages
from pressharvest.errors import ConfigError
from pressharvest.parse import Registry
from pressharvest.sites.config import SITE_ID_RULE, Site, is_site_id
from pressharvest.sites.explain import Chosen, explain
from pressharvest.sites.registry import all_families

logger = logging.getLogger(__name__)

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# What the generic extractor's list reading accepts, for samples whose article URLs share no shape.
_ANY_ARTICLE = r"/(?:19|20)\d{2}/\d{1,2}/|[/_-]\d{3,}(?:\.html?|/)?$|/news/[^/?#]+/?$"
_SELECTOR_MAX = 100  # longer paths are cut to their last three steps

_TEMPLATE = '''"""{title} — {host}.

Drafted by `pressharvest new-family {name}`: describe the CMS, its URL patterns and quirks here.

URLs: articles like `{article_example}`, list `{list_example}`.
Page: the selectors the generic extractor chose on the sample pages (check them): title `{title_sel}`,
date `{date_sel}`, text `{text_sel}`.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from pressharvest.sites.base import Family, Layout, Page, RawArticle, RawLinks
from pressharvest.sites.landmarks import anchors_matching, canonical_link, first, next_link, text_of
from pressharvest.text.blocks import extract_blocks

ARTICLE_URL = re.compile({pattern})
TITLE = {title_list}
DATE = {date_list}
TEXT = {text_list}


class V1(Layout):
    family = "{name}"
    version = "1"

    def article(self, tree: LexborHTMLParser, page: Page) -> RawArticle:
        title = first(tree, TITLE)
        date = first(tree, DATE)
        text = first(tree, TEXT)
        published = {published}
        return RawArticle(
            title=text_of(title) if title is not None else None,
            published=published,
            blocks=extract_blocks(text) if text is not None else [],
            canonical_url=canonical_link(tree),
        )

    def links(self, tree: LexborHTMLParser, page: Page) -> RawLinks:
        articles = anchors_matching(tree.body, ARTICLE_URL) if tree.body is not None else []
        return RawLinks(articles, next_link(tree))


FAMILY = Family("{name}", (V1(),), "{description}")
'''


@dataclass(frozen=True)
class Scaffold:
    module: Path
    folder: Path
    site: Site
    saved: list[Saved]
    selectors: dict[str, Chosen | None]


def refuse_existing(name: str, module: Path, folder: Path) -> None:
    if not NAME.match(name):
        raise ConfigError("a family name is lower-case letters, digits and _ (starting with a letter)", key=name)
    if name in all_families() or module.exists():
        raise ConfigError(f"family {name!r} exists ({module}); edit it instead", key=name)
    if folder.exists():
        raise ConfigError(f"{folder} exists; choose another name or move it away", key=name)


def check_site(site: Site) -> None:
    """The site's id, base URL and time zone, checked before anything is written."""
    from pressharvest.text.dates import zone

    if not is_site_id(site.id):
        raise ConfigError(f"bad site id {site.id!r}: {SITE_ID_RULE}", key="site id")
    parts = urlsplit(site.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not an absolute http(s) URL: {site.base_url!r}", key="site url")
    try:
        zone(site.timezone)
    except ValueError as exc:
        raise ConfigError(str(exc), key="timezone") from None


def check_folder(folder: Path, key: str) -> None:
    """`folder` is a folder, or can be made one: its nearest existing ancestor is a writable folder."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(f"{existing} is not a folder", key=key)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(f"{existing} is not writable", key=key)


def url_pattern(urls: list[str]) -> str:
    """One regex for the sample article URLs: digit runs generalised, the last part any slug."""
    shapes = set()
    for url in urls:
        parts = [part for part in urlsplit(url).path.split("/") if part]
        if not parts:
            continue
        steps = [r"\d+" if part.isdigit() else re.escape(part) for part in parts[:-1]]
        last = parts[-1]
        extension = re.search(r"\.[a-z0-9]+$", last)
        steps.append(r"[^/?#]+" + (re.escape(extension.group(0)) if extension else ""))
        trailing = "/?" if urlsplit(url).path.endswith("/") else ""
        shapes.add("/" + "/".join(steps) + trailing)
    if len(shapes) != 1:
        return _ANY_ARTICLE
    return r"^(?:https?://[^/]+)?" + shapes.pop() + r"(?:$|[?#])"


def _best(choices: list[Chosen | None]) -> Chosen | None:
    """The selector most sample pages agree on."""
    counted = Counter(choice for choice in choices if choice is not None)
    return counted.most_common(1)[0][0] if counted else None


def _selector(chosen: Chosen | None) -> str | None:
    if chosen is None:
        return None
    if len(chosen.selector) <= _SELECTOR_MAX:
        return chosen.selector
    return " > ".join(chosen.selector.split(" > ")[-3:])


def render_module(name: str, site: Site, selectors: dict[str, Chosen | None], articles: list[str],
                  lists: list[str]) -> str:
    title, date, text = (_selector(selectors[key]) for key in ("title", "date", "text"))
    date_choice = selectors["date"]
    attribute = date_choice.attribute if date_choice is not None else None
    published = (f"(date.attributes.get({json.dumps(attribute)}) or text_of(date)) if date is not None else None"
                 if attribute else "text_of(date) if date is not None else None")
    return _TEMPLATE.format(
        title=site.name or name,
        host=site.host,
        name=name,
        article_example=urlsplit(articles[0]).path if articles else "?",
        list_example=urlsplit(lists[0]).path if lists else "?",
        title_sel=title or "?",
        date_sel=date or "?",
        text_sel=text or "?",
        pattern=f'r"{url_pattern(articles)}"',  # the patterns hold no double quote
        title_list=json.dumps([s for s in (title, "h1") if s] if title != "h1" else ["h1"], ensure_ascii=False),
        date_list=json.dumps([date] if date else [], ensure_ascii=False),
        text_list=json.dumps([text] if text else [], ensure_ascii=False),
        published=published,
        description=f"{name} family ({site.host})",
    )


def new_family(name: str, pages: list[PageBytes], *, site: Site, module_dir: Path, fixtures: Path) -> Scaffold:
    """Save the pages with generic drafts, then write the module skeleton; refuses to overwrite."""
    module = module_dir / f"{name}.py"
    folder = fixtures / name
    refuse_existing(name, module, folder)
    check_site(site)
    check_folder(module_dir, "module_dir")
    check_folder(fixtures, "fixtures")
    drafting = dataclasses.replace(site, family="generic")
    registry = Registry({site.id: drafting})
    index = FixtureIndex(folder, site.id, name, site.base_url, site.timezone)
    saved = save_pages(pages, index, site=drafting, registry=registry)
    kinds = {item.url: item.kind for item in saved}
    articles = [page for page in pages if kinds.get(page.url) in ARTICLE_KINDS]
    explained = [explain(LexborHTMLParser(decode_page(page.content, page.headers))) for page in articles]
    selectors = {key: _best([getattr(found, key) for found in explained]) for key in ("title", "date", "text")}
    lists = [page.url for page in pages if kinds.get(page.url) == "list"]
    source = render_module(name, site, selectors, [page.url for page in articles], lists)
    module_dir.mkdir(parents=True, exist_ok=True)
    module.write_text(source, encoding="utf-8")
    return Scaffold(module, folder, site, saved, selectors)
