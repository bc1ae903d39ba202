"""`sites detect`: every reference page (drift variants included) is detected as its own family;
handwritten home pages get the right family, news list URL, time zone and a TOML entry that loads."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pressharvest.cli import main
from pressharvest.sites.config import load_sites
from pressharvest.sites.detect import GENERIC, detect, family_fingerprints, propose_site_id, propose_zone
from pressharvest.sites.registry import all_families
from tests.conftest import FIXTURES, FixturePage, fixture_pages

PAGES = fixture_pages()


def test_every_family_has_reference_pages_and_drift_variants() -> None:
    folders = {page.folder.name for page in PAGES}
    for family in ("gosweb", "admobninsk", "gossite", "admoblkaluga"):
        assert family in folders and f"{family}-drift" in folders


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.test_id)
def test_reference_page_is_detected_as_its_family(page: FixturePage) -> None:
    content = page.path.read_bytes()
    with_url = detect(content, url=page.url)
    assert with_url.family == page.family, with_url.report()
    assert with_url.score >= 0.5
    # A saved page alone: its own canonical link (or a feed's channel link) gives the host.
    alone = detect(content)
    assert alone.family == page.family, alone.report()
    runner_up = [s for s in with_url.scores if s.family != page.family]
    assert all(s.score < with_url.score for s in runner_up)
    proposed = with_url.list_url or (with_url.rss_url if page.kind == "rss" else None)
    assert proposed is not None and proposed.startswith(with_url.base_url or "-")


def test_every_family_has_fingerprints() -> None:
    # A new family must say how to recognise it: `Family(fingerprints=...)` (or the built-in table).
    table = family_fingerprints()
    assert set(all_families()) - {GENERIC} <= set(table)


def test_gosweb_list_page_gives_the_pager_infoblock() -> None:
    page = FIXTURES / "gosweb" / "novosti-i-reportazhi_curPos_10.html"
    url = "https://zarechye-r00.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/?cur_cc=204&curPos=10"
    result = detect(page.read_bytes(), url=url, sites=load_sites())
    assert result.cur_cc == "204"
    assert result.list_url == "https://zarechye-r00.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/"
    # The fictional r00 is not a real region: the registered site's zone is taken, not a guess.
    assert result.registered_as == "gosweb-demo" and result.site_id == "gosweb-demo"
    assert (result.timezone, result.timezone_guessed) == ("Europe/Samara", False)


# -- handwritten home pages ---------------------------------------------------------------------------

GOSWEB_HOME = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Администрация муниципального образования</title>
<meta property="og:site_name" content="Администрация МО «Тестовое»">
<link rel="stylesheet" href="/netcat_template/template/gw/assets/css/styles.min.css">
</head><body class="tpl-body tpl-page-index">
<header class="tpl-block-header"><img src="/netcat_files/generated/catalogue/1/40x40/1/logo.png" alt="Герб">
<ul class="menu"><li class="menu-item"><a class="menu-item-link" href="/o-munitsipalitete/">О муниципалитете</a></li>
<li class="menu-item"><a class="menu-item-link" href="/dlya-zhiteley/novosti-i-reportazhi/">Новости</a></li>
<li class="menu-item"><a class="menu-item-link" href="/dokumenty/">Документы</a></li></ul></header>
<main><div class="tpl-block-12"><div class="objects-list">
<div class="object-item" itemscope itemtype="https://schema.org/NewsArticle">
<meta itemprop="datePublished" content="2026-01-20 15:12:00">
<h2 class="object-item-title tpl-text-header2" itemprop="headline">
<a itemprop="url" href="/dlya-zhiteley/novosti-i-reportazhi/novosti_5.html">Новость</a></h2></div>
</div></div></main></body></html>"""

NETCAT_HOME = """<html><head><meta charset="utf-8"><title>Администрация города</title>
<link rel="stylesheet" href="/netcat_template/template/city/css/main.css"></head><body>
<div class="menu"><a href="/about/">О городе</a> <a href="/news/">Новости</a></div>
<div class="news_list"><div class="item"><a href="/news/2024/03/01/news_501.html">Новость</a>
<img src="/netcat_files/12/34/photo.jpg"></div></div></body></html>"""

GOSSITE_HOME = """<html><head><meta charset="windows-1251"><title>Администрация района</title>
<link href="/bitrix/templates/gos_modern/styles.css" rel="stylesheet">
<script src="/bitrix/js/main/core/core.js"></script></head><body>
<div class="top-nav-block"><a href="/about/">О районе</a><a href="/about/info/news/">Новости</a></div>
<div class="news-list"><div class="news-item"><a href="/about/info/news/4700/">Новость</a></div></div>
</body></html>"""

KALUGA_HOME = """<html><head><meta charset="utf-8"><title>Министерство</title>
<link href="/local/templates/kaluga_sub/css/style.css" rel="stylesheet"></head><body>
<nav><a href="/news/">Новости</a></nav><div class="page-content"><p>Добро пожаловать</p></div></body></html>"""

PLAIN_HOME = """<html><head><meta charset="utf-8"><title>Сельское поселение</title>
<link rel="stylesheet" href="/static/css/site.css"></head><body>
<nav><a href="/kontakty/">Контакты</a> <a href="/press/lenta/">Новости</a></nav>
<p>Официальный сайт сельского поселения.</p></body></html>"""


@pytest.mark.parametrize(
    ("html", "url", "family", "list_url", "zone", "guessed"),
    [
        (GOSWEB_HOME, "https://dimitrovgrad-r73.gosweb.gosuslugi.ru/", "gosweb",
         "https://dimitrovgrad-r73.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/", "Europe/Ulyanovsk",
         False),
        (GOSWEB_HOME, "https://sh37-orsk-r56.gosweb.gosuslugi.ru/", "gosweb",
         "https://sh37-orsk-r56.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/", "Asia/Yekaterinburg",
         False),
        (GOSWEB_HOME, "https://testovoe.gosuslugi.ru/", "gosweb",
         "https://testovoe.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/", "Europe/Moscow", True),
        (NETCAT_HOME, "https://admtest.ru/", "admobninsk", "https://admtest.ru/news/", "Europe/Moscow", True),
        (GOSSITE_HOME, "https://zarechny-rayon.ru/", "gossite", "https://zarechny-rayon.ru/about/info/news/",
         "Europe/Moscow", True),
        (KALUGA_HOME, "https://minstroy.admoblkaluga.ru/", "admoblkaluga", "https://minstroy.admoblkaluga.ru/news/",
         "Europe/Moscow", False),
        (PLAIN_HOME, "https://selo-test.ru/", GENERIC, "https://selo-test.ru/press/lenta/", "Europe/Moscow", True),
    ],
)
def test_home_page(html: str, url: str, family: str, list_url: str, zone: str, guessed: bool, tmp_path: Path) -> None:
    result = detect(html.encode("utf-8"), url=url)
    assert result.family == family, result.report()
    assert result.list_url == list_url
    assert (result.timezone, result.timezone_guessed) == (zone, guessed)
    assert ("guess" in result.toml()) == guessed
    # The entry is ready to use: it loads as a user sites file and says what was detected.
    (tmp_path / "sites.toml").write_text(result.toml(), encoding="utf-8")
    site = load_sites(tmp_path / "sites.toml")[result.site_id or ""]
    assert (site.family, site.list_url, site.timezone, site.base_url) == (family, list_url, zone, url.rstrip("/"))


def test_gosweb_home_evidence_names_the_fingerprints() -> None:
    result = detect(GOSWEB_HOME.encode("utf-8"), url="https://mo-r13.gosweb.gosuslugi.ru/")
    evidence = " | ".join(next(s for s in result.scores if s.family == "gosweb").evidence)
    for mark in ("Госвеб host", "NetCat uploads", "tpl- classes", "NewsArticle", "Госвеб news section"):
        assert mark in evidence
    assert result.list_url_from == "a menu link"
    assert result.name == "Администрация МО «Тестовое»"
    assert result.timezone_from == "Госвеб region r13: Республика Мордовия"


def test_nothing_fits_is_generic_with_low_scores() -> None:
    result = detect(b"<html><body><p>hello</p></body></html>", url="https://example.org/")
    assert result.family == GENERIC
    assert all(s.score < 0.5 for s in result.scores)
    assert result.list_url is None and "list_url" in result.toml() and result.toml().count("# list_url") == 1


def test_region_table_and_ids() -> None:
    assert propose_zone("x-r04.gosweb.gosuslugi.ru", "gosweb")[0] == "Asia/Krasnoyarsk"
    assert propose_zone("x-r18.gosweb.gosuslugi.ru", "gosweb")[0] == "Europe/Samara"
    zone, why, guessed = propose_zone("x-r99.gosweb.gosuslugi.ru", "gosweb")
    assert (zone, guessed) == ("Europe/Moscow", True) and "r99" in why
    assert propose_site_id("zarechye-r00.gosweb.gosuslugi.ru") == "zarechye-r00"
    assert propose_site_id("mariupol.gosuslugi.ru") == "mariupol"
    assert propose_site_id("minobr.admoblkaluga.ru") == "admoblkaluga-minobr"
    assert propose_site_id("www.admobninsk.ru") == "admobninsk"


# -- the command ----------------------------------------------------------------------------------


def test_cli_on_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "home.html"
    path.write_text(GOSWEB_HOME, encoding="utf-8")
    assert main(["sites", "detect", str(path), "--url", "https://mo-r73.gosweb.gosuslugi.ru/"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("family: gosweb (score 1.00)")
    assert "[sites.mo-r73]" in out and 'timezone = "Europe/Ulyanovsk"' in out
    assert main(["sites", "detect", str(path), "--json", "--id", "mo"]) == 0
    data = json.loads(capsys.readouterr().out)
    # No URL and no canonical link: the family still shows, the entry says what is missing.
    assert data["family"] == "gosweb" and data["base_url"] is None and "# base_url" in data["toml"]


def test_an_id_that_cannot_name_a_site_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "home.html"
    page.write_text(GOSWEB_HOME, encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["sites", "detect", str(page), "--url", "https://mo-r73.gosweb.gosuslugi.ru/", "--id", "мой сайт"])
    assert stopped.value.code == 2  # a usage error, reported by argparse before anything is read
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "argument --id" in last and "мой сайт" in last


def test_cli_missing_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "detect", "/nonexistent/page.html"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "/nonexistent/page.html" in err


class _Site:
    """A tiny loopback server: path → page, robots.txt allowing everything, a request log."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        self.log: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.log.append(self.path)
                body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else site.pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                body = body if body is not None else b"not found"
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def gosweb_site() -> Iterator[_Site]:
    listing = (FIXTURES / "gosweb" / "novosti-i-reportazhi.html").read_bytes()
    site = _Site({"/": GOSWEB_HOME.encode("utf-8"), "/dlya-zhiteley/novosti-i-reportazhi/": listing})
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()
        thread.join(timeout=5)


def test_cli_on_a_url_follows_the_menu_to_the_list_pager(
    gosweb_site: _Site, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = "https://dimitrovgrad-r73.gosweb.gosuslugi.ru"
    args = ["sites", "detect", origin + "/", "--allow-loopback", "--delay", "0", "--json",
            "--mirror", f"{origin}={gosweb_site.url}"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["family"] == "gosweb"
    assert data["list_url"] == origin + "/dlya-zhiteley/novosti-i-reportazhi/"
    assert data["cur_cc"] == "204"  # read from the list page's pager
    assert data["timezone"] == "Europe/Ulyanovsk" and data["timezone_guessed"] is False
    assert gosweb_site.log == ["/robots.txt", "/", "/dlya-zhiteley/novosti-i-reportazhi/"]
    assert main([*args, "--no-follow"]) == 0
    assert json.loads(capsys.readouterr().out)["cur_cc"] is None


def test_cli_on_a_url_without_loopback_permission_is_refused(
    gosweb_site: _Site, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = "https://dimitrovgrad-r73.gosweb.gosuslugi.ru"
    assert main(["sites", "detect", origin + "/", "--mirror", f"{origin}={gosweb_site.url}"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and origin in err
    assert gosweb_site.log == []  # refused before any connection
