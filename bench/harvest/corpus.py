"""A generated corpus for the harvest benchmark: N hosts on 127.0.0.2… serving NetCat-style news lists
and article pages made from the saved admobninsk pages (new id, title and canonical link each)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in (ROOT / "fixtures" / "admobninsk").glob("news_*.html") if "list" not in p.name)
PER_PAGE = 10


@dataclass(frozen=True)
class Corpus:
    hosts: int
    articles_per_host: int
    port: int

    def address(self, host: int) -> str:
        return f"127.0.0.{host + 2}"

    def origin(self, host: int) -> str:
        return f"https://bench-{host:02d}.test"

    def site_id(self, host: int) -> str:
        return f"bench-{host:02d}"

    def article_path(self, article: int) -> str:
        return f"/news/2024/05/{1 + article % 28:02d}/news_{100000 + article}.html"

    @property
    def total(self) -> int:
        return self.hosts * self.articles_per_host


def _templates() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in TEMPLATES]


def article_page(corpus: Corpus, host: int, article: int, templates: list[str]) -> bytes:
    page = templates[article % len(templates)]
    url = corpus.origin(host) + corpus.article_path(article)
    page = re.sub(r'(<link rel="canonical" href=")[^"]*', lambda m: m.group(1) + url, page)
    page = re.sub(r'(<meta property="og:url" content=")[^"]*', lambda m: m.group(1) + url, page)
    page = re.sub(r'(<h1 class="news_title">)', lambda m: m.group(1) + f"№{article} ", page, count=1)
    return page.encode("utf-8")


def list_page(corpus: Corpus, offset: int) -> bytes:
    first = offset
    last = min(offset + PER_PAGE, corpus.articles_per_host)
    items = "".join(
        f'<div class="news_list_item"><div class="news_list_date">1 мая 2024 года 10:00</div>'
        f'<a class="news_list_title" href="{corpus.article_path(a)}">Новость {a}</a></div>'
        for a in range(first, last)
    )
    pager = (f'<a class="pagination_next" href="/news/?curPos={last}">Следующая</a>'
             if last < corpus.articles_per_host else '<span class="pagination_next">Следующая</span>')
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Новости</title></head><body>'
            f'<div class="col_main"><h1>Лента новостей</h1><div class="news_list">{items}</div>'
            f'<div class="pagination">{pager}</div></div></body></html>').encode()


async def _serve(corpus: Corpus, host: int, templates: list[str]) -> asyncio.Server:
    articles = {corpus.article_path(a): a for a in range(corpus.articles_per_host)}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()
                if target == "/robots.txt":
                    body, status = b"User-agent: *\nAllow: /\n", 200
                elif target.startswith("/news/?curPos=") or target == "/news/":
                    offset = int(target.rsplit("=", 1)[1]) if "=" in target else 0
                    body, status = list_page(corpus, offset), 200
                elif target in articles:
                    body, status = article_page(corpus, host, articles[target], templates), 200
                else:
                    body, status = b"not found", 404
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: text/html; charset=utf-8\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n".encode() + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(handle, corpus.address(host), corpus.port)


def serve_forever(corpus: Corpus) -> None:
    """Run every host's server until killed (the benchmark runs this in its own process)."""
    templates = _templates()

    async def main() -> None:
        servers = [await _serve(corpus, host, templates) for host in range(corpus.hosts)]
        await asyncio.gather(*(server.serve_forever() for server in servers))

    asyncio.run(main())
