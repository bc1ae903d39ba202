"""`pressharvest new-family`: a module skeleton with the generic extractor's selectors that parses
the sample pages, fixtures with draft records, and no overwriting."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from selectolax.lexbor import LexborHTMLParser

from pressharvest.cli import main
from pressharvest.demo.server import RunningSite
from pressharvest.sites.base import Family, Page
from pressharvest.sites.config import Site
from pressharvest.sites.explain import explain
from tests.devtools.conftest import ARTICLE, HOST, LIST, WORDPRESS, loopback

PAGES = {
    "list_category-novosti.html": LIST,
    "article_2025-04-19-vesennij-subbotnik.html": ARTICLE,
    "article_2025-04-11-plan-remonta-dorog.html": f"{HOST}/2025/04/11/plan-remonta-dorog/",
}


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"scaffold_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _new_family(tmp: Path, name: str, *sources: str, extra: tuple[str, ...] = ()) -> int:
    return main(["new-family", name, "--from", *sources, "--fixtures", str(tmp / "fixtures"),
                 "--module-dir", str(tmp / "families"), *extra])


def test_skeleton_drafts_and_fixtures_from_saved_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = [f"{WORDPRESS / name}={url}" for name, url in PAGES.items()]
    assert _new_family(tmp_path, "wptrial", *sources) == 0
    out = capsys.readouterr().out
    assert "title selector: h1.entry-title" in out and 'family = "wptrial"' in out
    module_path = tmp_path / "families" / "wptrial.py"
    source = module_path.read_text(encoding="utf-8")
    assert 'TITLE = ["h1.entry-title", "h1"]' in source
    assert 'TEXT = ["div.entry-content"]' in source
    assert "class V1(Layout):" in source
    module = _load(module_path)
    family = module.FAMILY
    assert isinstance(family, Family) and family.name == "wptrial"
    # The skeleton already reads the sample article and list pages.
    site = Site(id="wptrial", family="wptrial", base_url=HOST)
    layout = family.layouts[0]
    article = (WORDPRESS / "article_2025-04-19-vesennij-subbotnik.html").read_text(encoding="utf-8")
    raw = layout.article(LexborHTMLParser(article), Page(site, ARTICLE))
    assert raw.title == "В Сосновке прошёл весенний субботник"
    assert raw.published is not None and "19 апреля 2025" in raw.published
    assert any("субботник" in block.text for block in raw.blocks)
    listing = (WORDPRESS / "list_category-novosti.html").read_text(encoding="utf-8")
    links = layout.links(LexborHTMLParser(listing), Page(site, LIST))
    assert f"{HOST}/2025/04/02/lichnyj-priem-grazhdan/" in links.articles
    assert links.next == f"{HOST}/category/novosti/page/2/"
    # Fixtures: the pages as given, an index with drafts, generic records as drafts.
    folder = tmp_path / "fixtures" / "wptrial"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert (index["site"], index["family"]) == ("wptrial", "wptrial")
    assert [entry["kind"] for entry in index["pages"]] == ["list", "article", "article"]
    assert all(entry["draft"] is True for entry in index["pages"])
    for entry in index["pages"]:
        assert (folder / entry["file"]).read_bytes() == (WORDPRESS / entry["file"]).read_bytes()
    draft = json.loads((folder / index["pages"][1]["expected"]).read_text(encoding="utf-8"))
    assert draft["title"] == "В Сосновке прошёл весенний субботник"
    assert "provenance" not in draft


def test_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = f"{WORDPRESS / 'article_2025-04-19-vesennij-subbotnik.html'}"
    assert _new_family(tmp_path, "wptrial", source) == 0
    module = tmp_path / "families" / "wptrial.py"
    module.write_text("# edited\n", encoding="utf-8")
    assert _new_family(tmp_path, "wptrial", source) == 1
    assert module.read_text(encoding="utf-8") == "# edited\n"
    assert _new_family(tmp_path, "gossite", source) == 1  # a family the package ships
    assert _new_family(tmp_path, "Bad-Name", source) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3 and "exists" in errors[0] and "gossite" in errors[1]


def test_pages_fetched_over_loopback(wordpress_site: RunningSite, tmp_path: Path) -> None:
    assert _new_family(tmp_path, "wpfetched", LIST, ARTICLE, extra=tuple(loopback(wordpress_site))) == 0
    index = json.loads((tmp_path / "fixtures" / "wpfetched" / "index.json").read_text(encoding="utf-8"))
    assert [entry["kind"] for entry in index["pages"]] == ["list", "article"]
    assert index["pages"][1]["headers"]["content-type"] == "text/html; charset=utf-8"
    assert wordpress_site.requests == ["/robots.txt", "/category/novosti/", "/2025/04/19/vesennij-subbotnik/"]


def test_explain_reports_the_chosen_nodes() -> None:
    page = (WORDPRESS / "article_2025-04-02-lichnyj-priem-grazhdan.html").read_text(encoding="utf-8")
    chosen = explain(LexborHTMLParser(page))
    assert chosen.title is not None and chosen.title.selector == "h1.entry-title"
    assert chosen.title.path.startswith("body > div#page > div#content > main#primary > article")
    assert chosen.text is not None and chosen.text.selector == "div.entry-content"
    assert chosen.date is not None and chosen.date.selector == "time.entry-date.published"
    assert chosen.as_dict()["text"] == {"selector": "div.entry-content", "path": chosen.text.path, "attribute": None}


@pytest.mark.parametrize(
    ("change", "key"),
    [({"timezone": "Mars/Olympus"}, "timezone"), ({"id": "Bad Id"}, "site id"), ({"base_url": "://"}, "site url")],
)
def test_the_library_call_checks_the_site_before_writing(tmp_path: Path, change: dict[str, str], key: str) -> None:
    import dataclasses

    from pressharvest.devtools.pages import PageBytes
    from pressharvest.devtools.scaffold import new_family
    from pressharvest.errors import ConfigError

    site = dataclasses.replace(Site(id="trial", family="generic", base_url=HOST), **change)
    page = PageBytes(ARTICLE, (WORDPRESS / "article_2025-04-19-vesennij-subbotnik.html").read_bytes())
    with pytest.raises(ConfigError, match=f"{key}: "):
        new_family("trial", [page], site=site, module_dir=tmp_path / "families", fixtures=tmp_path / "fixtures")
    assert not list(tmp_path.iterdir())


def test_a_bad_from_address_names_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _new_family(tmp_path, "trial", "http://[::1/") == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--from" in err and "[::1/" in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("flag", ["--fixtures", "--module-dir"])
def test_a_file_where_a_folder_goes_is_named_before_writing(tmp_path: Path, flag: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    folders = {"--fixtures": str(tmp_path / "fixtures"), "--module-dir": str(tmp_path / "families"),
               flag: str(blocker / "sub")}
    page = WORDPRESS / "article_2025-04-19-vesennij-subbotnik.html"
    argv = ["new-family", "trial", "--from", f"{page}={ARTICLE}"]
    assert main([*argv, *(part for pair in folders.items() for part in pair)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and f"{blocker} is not a folder" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["blocker"]
