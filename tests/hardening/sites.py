"""Generated sites for the hardening suite: pages of every family, built from the fixture pages.

Each generated site has its own fictional origin (`http://chaos07.test`), its own loopback address
(127.0.0.2 … 127.0.0.21) and a family. Its articles are the family's fixture articles with the id,
the URL and the title changed (`… — выпуск 100123`), so thousands of distinct, valid pages come from a
few saved ones; its list pages are the family's first and last fixture list pages with the article
links and the pager's next link replaced. `expected_record` parses the clean page, which is what a
harvest must store whatever faults the server injects on the way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pressharvest.models import PressRelease
from pressharvest.parse import Registry, parse_links, parse_page
from pressharvest.sites.config import Site

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FAMILY_FOLDERS = ("admobninsk", "admoblkaluga", "gossite", "gosweb")
_LAST_NUMBER = re.compile(r"\d+(?=(?:\.html)?/?$)")


@dataclass(frozen=True)
class ArticleTemplate:
    content: bytes
    charset: str
    path: str  # the saved page's path, its source id in it
    title: str


@dataclass(frozen=True)
class ListTemplate:
    content: bytes
    article_paths: tuple[str, ...]
    next_href: str | None  # as written in the page's hrefs (before HTML escaping)


@dataclass(frozen=True)
class FamilyTemplates:
    family: str
    origin: str  # the fixture site's origin, replaced by the generated site's
    list_path: str
    articles: tuple[ArticleTemplate, ...]
    first: ListTemplate  # a list page with a next link
    last: ListTemplate  # a list page without


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@cache
def family_templates(folder: str) -> FamilyTemplates:
    base = FIXTURES / folder
    index = json.loads((base / "index.json").read_text(encoding="utf-8"))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(index["base_url"]))
    articles, lists = [], []
    for page in index["pages"]:
        if not page.get("file"):
            continue
        content = (base / page["file"]).read_bytes()
        expected = json.loads((base / page["expected"]).read_text(encoding="utf-8"))
        title = expected.get("title", "").encode(page["charset"])
        # Only pages whose title is written out as is can be varied by replacing it.
        if page["kind"] == "article" and "?" not in page["url"] and title and title in content:
            template = ArticleTemplate(content, page["charset"], _path(page["url"]), expected["title"])
            if _title_varies(template, index["family"], origin):
                articles.append(template)
        elif page["kind"] == "list":
            paths = tuple(_path(url) for url in expected["articles"])
            lists.append(ListTemplate(content, paths, _path(expected["next"]) if expected["next"] else None))
    first = next(t for t in lists if t.next_href)
    last = next(t for t in lists if not t.next_href)
    list_path = urlsplit(next(p["url"] for p in index["pages"] if p["kind"] == "list")).path
    return FamilyTemplates(index["family"], origin, list_path, tuple(articles), first, last)


def _title_varies(template: ArticleTemplate, family: str, origin: str) -> bool:
    """Whether replacing the title's text changes the parsed title (not so where the headline is
    written with `&nbsp;` or line breaks)."""
    varied = template.content.replace(template.title.encode(template.charset),
                                      f"{template.title} — выпуск 1".encode(template.charset))
    site = Site(id="template", family=family, base_url=origin)
    record = parse_page(varied, site="template", url=origin + template.path, registry=Registry({"template": site}),
                        headers={"content-type": f"text/html; charset={template.charset}"})
    return record.title.endswith("выпуск 1")


@dataclass
class GeneratedSite:
    index: int  # 0 … 19
    family: str  # fixture folder / family module
    articles_wanted: int
    max_connections: int = 1
    crawl_delay: float | None = None
    # Article paths the server never serves (path → how it fails: gone, error, loop, private, empty).
    unservable: dict[str, str] = field(default_factory=dict)
    article_paths: list[str] = field(default_factory=list)
    list_paths: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        templates = self.templates
        per_page = len(templates.first.article_paths)
        pages = max(1, -(-(self.articles_wanted - len(templates.last.article_paths)) // per_page) + 1)
        count = per_page * (pages - 1) + len(templates.last.article_paths)
        self.list_paths = [templates.list_path] + [f"{templates.list_path}?page={n}" for n in range(2, pages + 1)]
        self.article_paths = [self.article_path(100_000 + self.index * 10_000 + k) for k in range(count)]

    @property
    def templates(self) -> FamilyTemplates:
        return family_templates(self.family)

    @property
    def id(self) -> str:
        return f"chaos{self.index:02d}"

    @property
    def origin(self) -> str:
        return f"http://chaos{self.index:02d}.test"

    @property
    def address(self) -> str:
        return f"127.0.0.{self.index + 2}"

    @property
    def host(self) -> str:
        return urlsplit(self.origin).netloc

    def site(self) -> Site:
        return Site(id=self.id, family=self.templates.family, base_url=self.origin,
                    list_url=self.origin + self.list_paths[0], max_connections=self.max_connections)

    def toml(self) -> str:
        return (f'[sites.{self.id}]\nfamily = "{self.templates.family}"\nbase_url = "{self.origin}"\n'
                f'list_url = "{self.origin}{self.list_paths[0]}"\nmax_connections = {self.max_connections}\n')

    def article_path(self, article_id: int) -> str:
        template = self.templates.articles[article_id % len(self.templates.articles)]
        return _LAST_NUMBER.sub(str(article_id), template.path.split("?")[0])

    def _article_template(self, path: str) -> tuple[ArticleTemplate, int]:
        article_id = int(_LAST_NUMBER.findall(path)[-1])
        return self.templates.articles[article_id % len(self.templates.articles)], article_id

    def article(self, path: str) -> tuple[bytes, str]:
        """The clean page of an article path and its charset."""
        template, article_id = self._article_template(path)
        content = template.content.replace(self.templates.origin.encode(), self.origin.encode())
        content = content.replace(template.path.encode(), path.encode())
        title = template.title.encode(template.charset)
        content = content.replace(title, f"{template.title} — выпуск {article_id}".encode(template.charset))
        return content, template.charset

    def list_page(self, number: int) -> bytes:
        """List page `number` (1-based): its slice of the articles and a next link unless it is the last."""
        templates = self.templates
        last = number == len(self.list_paths)
        template = templates.last if last else templates.first
        start = (number - 1) * len(templates.first.article_paths)
        mine = self.article_paths[start : start + len(template.article_paths)]
        mapping = dict(zip(template.article_paths, mine, strict=True))
        if template.next_href and not last:
            mapping[template.next_href] = self.list_paths[number]
            mapping[template.next_href.replace("&", "&amp;")] = self.list_paths[number]
        content = template.content.replace(templates.origin.encode(), self.origin.encode())
        keys = b"|".join(re.escape(k.encode()) for k in sorted(mapping, key=len, reverse=True))
        pattern = re.compile(b"([\"'])(" + keys + b")\\1")
        content = pattern.sub(lambda m: m.group(1) + mapping[m.group(2).decode()].encode() + m.group(1), content)
        # State-changing links next to the list: a harvest must never request them.
        likes = "".join(f'<a href="{path}?like=1">Нравится</a>' for path in mine[:3])
        return content.replace(b"</body>", f'<div class="likes">{likes}</div></body>'.encode())

    def url(self, path: str) -> str:
        return self.origin + path


def make_sites(
    count: int = 20, articles: int = 500, unservable_share: float = 0.03, crawl_delay: float | None = None
) -> list[GeneratedSite]:
    """`count` sites over the four families, about `articles` articles each, a few of them unservable.

    Every third site allows two connections; sites 5 and 15 ask for `crawl_delay` in robots.txt.
    """
    sites = []
    kinds = ("gone", "error", "loop", "private", "empty")
    for index in range(count):
        site = GeneratedSite(index, FAMILY_FOLDERS[index % len(FAMILY_FOLDERS)], articles,
                             max_connections=2 if index % 3 == 2 else 1,
                             crawl_delay=crawl_delay if index in (5, 15) else None)
        step = max(1, round(1 / unservable_share)) if unservable_share > 0 else 0
        if step:
            for k, path in enumerate(site.article_paths[step // 2 :: step]):
                site.unservable[path] = kinds[(index + k) % len(kinds)]
        sites.append(site)
    return sites


def registry(sites: list[GeneratedSite]) -> Registry:
    return Registry({site.id: site.site() for site in sites})


def expected_record(site: GeneratedSite, path: str, reg: Registry) -> PressRelease:
    content, charset = site.article(path)
    headers = {"content-type": f"text/html; charset={charset}"}
    return parse_page(content, site=site.id, url=site.url(path), headers=headers, registry=reg)


def check_generation(site: GeneratedSite, reg: Registry) -> None:
    """Every list page links exactly its articles and the next page; one article per template parses
    to its own URL and changed title. Raises AssertionError otherwise."""
    for number, path in enumerate(site.list_paths, start=1):
        links = parse_links(site.list_page(number), site=site.id, url=site.url(path), registry=reg)
        start = (number - 1) * len(site.templates.first.article_paths)
        want = [site.url(p) for p in site.article_paths[start : start + len(links.articles)]]
        assert links.articles == want, (site.id, number, links.articles[:3], want[:3])
        nxt = site.url(site.list_paths[number]) if number < len(site.list_paths) else None
        assert links.next == nxt, (site.id, number, links.next, nxt)
    for path in site.article_paths[: len(site.templates.articles)]:
        record = expected_record(site, path, reg)
        assert record.url == site.url(path), (record.url, path)
        assert record.title.endswith(f"выпуск {_LAST_NUMBER.findall(path)[-1]}"), record.title


def content_of(record: PressRelease | dict[str, Any]) -> dict[str, Any]:
    """A record without its provenance (the fetch time and raw hash differ between runs) and without
    the export's derived `republication`."""
    data = record.model_dump(mode="json") if isinstance(record, PressRelease) else dict(record)
    data.pop("provenance", None)
    data.pop("republication", None)
    return data
