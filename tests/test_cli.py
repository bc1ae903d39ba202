"""The command line: one-line errors, exit codes, help for every command, the schema file."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pressharvest.cli import build_parser, main
from pressharvest.schema import generate_export_schema, generate_schema, shipped_schema
from tests.conftest import FIXTURES, fixture_pages

SEED = FIXTURES / "admobninsk" / "seed_news_20318.html"
SEED_URL = "https://admobninsk.ru/news/2020/07/15/news_20318.html"


def test_parse_prints_a_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--site", "admobninsk", "--url", SEED_URL]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == "admobninsk:20318"
    assert record["provenance"]["parser"] == "admobninsk/1"
    assert record["provenance"]["fetched_at"] is None


def test_parse_without_url_uses_canonical_link(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--site", "admobninsk"]) == 0
    assert json.loads(capsys.readouterr().out)["url"] == SEED_URL


def test_a_parse_error_without_url_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "not-an-article.html"
    page.write_text("<html><body><p>Страница не найдена</p></body></html>", encoding="utf-8")
    assert main(["parse", str(page), "--site", "admobninsk"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and f"site admobninsk, {page}: field" in err


def test_site_and_url_come_from_the_canonical_link(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["site"] == "admobninsk" and record["url"] == SEED_URL


def test_page_without_url_is_refused_naming_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "no_canonical.html"
    html = SEED.read_text(encoding="utf-8")
    html = html.replace('rel="canonical"', 'rel="x"').replace('property="og:url"', 'property="x"')
    page.write_text(html, encoding="utf-8")
    assert main(["parse", str(page), "--site", "admobninsk"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'url'" in err[0] and "admobninsk" in err[0]


_NO_TITLE = [("<h1", "<div"), ("</h1>", "</div>"), ('property="og:title"', 'property="x"'), ("<title>", "<x>")]
_NO_DATE = [("15 июля 2020 года 07:29", "когда-то")]
_NO_BODY = [
    ('<div class="news_text">', '<div class="news_text"><!--'),
    ("Пресс-служба Правительства Калужской области&nbsp;</p>", "-->"),
]


@pytest.mark.parametrize(("cuts", "field"), [(_NO_TITLE, "title"), (_NO_DATE, "published_at"), (_NO_BODY, "body")])
def test_missing_required_field_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cuts: list[tuple[str, str]], field: str
) -> None:
    page = tmp_path / "broken.html"
    html = SEED.read_text(encoding="utf-8")
    for old, new in cuts:
        assert old in html
        html = html.replace(old, new)
    page.write_text(html, encoding="utf-8")
    assert main(["parse", str(page), "--site", "admobninsk", "--url", SEED_URL]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"'{field}'" in err[0] and SEED_URL in err[0]


def test_unreadable_file_and_unknown_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "absent.html"), "--site", "admobninsk"]) == 1
    assert "absent.html" in capsys.readouterr().err
    assert main(["parse", str(SEED), "--site", "nowhere"]) == 1
    assert "nowhere" in capsys.readouterr().err


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["parse"])
    assert caught.value.code == 2


def test_links_on_a_list_page(capsys: pytest.CaptureFixture[str]) -> None:
    page = FIXTURES / "gossite" / "list_p3.html"
    url = "http://gossite-demo.test/about/info/news/?PAGEN_1=3"
    assert main(["links", str(page), "--site", "gossite-demo", "--url", url]) == 0
    links = json.loads(capsys.readouterr().out)
    assert links["next"] is None and len(links["articles"]) == 5


def test_every_command_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {action.dest: action.help for action in sub._choices_actions}
    assert set(helps) == set(sub.choices)
    for name in sub.choices:
        assert helps[name], f"command {name} has no help text"


def test_shipped_schema_matches_model() -> None:
    hint = "regenerate: pressharvest schema > src/pressharvest/schema/press_release.schema.json"
    assert json.loads(shipped_schema()) == generate_schema(), hint
    hint = "regenerate: pressharvest schema --export > src/pressharvest/schema/exported_record.schema.json"
    assert json.loads(shipped_schema(export=True)) == generate_export_schema(), hint


def test_parsed_records_validate_against_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(shipped_schema()))
    for page in fixture_pages():
        if page.kind == "article" and page.folder.name in ("admobninsk", "gosweb", "gossite", "admoblkaluga"):
            assert main(["parse", str(page.path), "--site", page.site, "--url", page.url]) == 0
            record = json.loads(capsys.readouterr().out)
            assert not list(validator.iter_errors(record)), page.test_id
    broken = {**record, "published_at": "2020-07-15 07:29"}
    assert list(validator.iter_errors(broken))  # the schema is not a rubber stamp


def test_module_entry_point_runs() -> None:
    command = [sys.executable, "-m", "pressharvest", "--version"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "pressharvest" in result.stdout
