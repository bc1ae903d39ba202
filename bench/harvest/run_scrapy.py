"""Child process: a minimal Scrapy spider doing the same fetch + parse (pressharvest's parse_page) +
JSONL feed over the generated corpus; prints its figures as JSON. Politeness delays off, robots obeyed,
one connection per host, like the pressharvest run."""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from pressharvest.errors import ParseError
from pressharvest.parse import Registry, parse_page
from pressharvest.sites.config import Site

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harvest.corpus import Corpus


def main() -> None:
    hosts, per_host, port = (int(arg) for arg in sys.argv[1:4])
    corpus = Corpus(hosts, per_host, port)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    registry = Registry({
        corpus.site_id(h): Site(id=corpus.site_id(h), family="admobninsk", base_url=corpus.origin(h))
        for h in range(hosts)
    })
    site_of = {f"{corpus.address(h)}:{port}": corpus.site_id(h) for h in range(hosts)}
    counts = {"records": 0, "failed": 0}

    class Bench(scrapy.Spider):  # type: ignore[misc]
        name = "bench"
        start_urls: ClassVar[list[str]] = [f"http://{corpus.address(h)}:{port}/news/" for h in range(hosts)]

        def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
            for href in response.css(".news_list a::attr(href)").getall():
                yield response.follow(href, callback=self.article)
            following = response.css("a.pagination_next::attr(href)").get()
            if following:
                yield response.follow(following, callback=self.parse)

        def article(self, response: Response) -> Iterator[dict[str, Any]]:
            netloc = response.url.split("/")[2]
            try:
                record = parse_page(response.body, site=site_of[netloc], registry=registry,
                                    headers={"content-type": response.headers.get("Content-Type", b"").decode()})
            except ParseError:
                counts["failed"] += 1
                return
            counts["records"] += 1
            yield record.model_dump(mode="json")

    with tempfile.TemporaryDirectory() as tmp:
        process = CrawlerProcess(settings={
            "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": 64,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "DOWNLOAD_DELAY": 0, "TELNETCONSOLE_ENABLED": False,
            "FEEDS": {str(Path(tmp) / "records.jsonl"): {"format": "jsonlines", "encoding": "utf8"}},
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        })
        process.crawl(Bench)
        started = time.perf_counter()
        process.start()
        wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({**counts, "wall": wall, "peak_kb": peak, "baseline_kb": baseline}))


if __name__ == "__main__":
    main()
