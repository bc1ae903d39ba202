"""A `.рф` site configured by its Cyrillic address is paced and leased by the host its requests name
(punycode): its own delay applied to the fetcher's host key, which is the ASCII spelling (the site's
delay and connection limit had been filed under the Cyrillic spelling no request uses, so the
default applied), and its URLs in either spelling resolve to the site."""

from __future__ import annotations

import httpx

from pressharvest.harvest.options import HarvestOptions
from pressharvest.harvest.run import fetch_config
from pressharvest.sites.config import Site
from pressharvest.sites.registry import site_for_url

SITE = Site(id="sosnovka", family="wordpress", base_url="http://сосновка-адм.рф", delay=7.0)
PUNYCODE = "xn----7sbbfn6asbib4ab.xn--p1ai"


def test_the_site_host_is_the_one_requests_name() -> None:
    assert SITE.host == PUNYCODE == httpx.URL("http://сосновка-адм.рф/news/").raw_host.decode("ascii")


def test_the_site_delay_applies_to_its_requests() -> None:
    config = fetch_config(HarvestOptions(sites=(SITE,)))
    assert config.host_delay(PUNYCODE) == 7.0


def test_either_spelling_finds_the_site() -> None:
    sites = {SITE.id: SITE}
    assert site_for_url(f"http://{PUNYCODE}/news/1/", sites) is SITE
    assert site_for_url("http://www.сосновка-адм.рф/news/1/", sites) is SITE
