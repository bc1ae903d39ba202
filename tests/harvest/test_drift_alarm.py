"""The drift alarm: a redesigned site served on loopback makes the harvest exit 4 and name the URLs;
one odd page among many is reported but does not raise the alarm."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pressharvest.cli import EXIT_DRIFT, EXIT_OK, EXIT_PAGES_FAILED, main
from pressharvest.demo.server import serve_folders
from pressharvest.errors import ParseError
from pressharvest.harvest.report import SiteReport
from pressharvest.parse import parse_page
from tests.conftest import FIXTURES
from tests.harvest.conftest import harvest_args

# The redesign: the template stops printing the date line of the article (sidebar teasers keep theirs).
_DATE_LINE = re.compile(r'<div class="news-item-date fl-l[^"]*">[^<]*</div>')


def _redesigned_copy(tmp: Path, *, broken: int | None) -> tuple[Path, list[str]]:
    """fixtures/gossite copied with the date line removed from every article (or the first `broken`)."""
    folder = tmp / "gossite-redesign"
    shutil.copytree(FIXTURES / "gossite", folder)
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    articles = [page for page in index["pages"] if page["kind"] == "article"]
    changed = []
    for page in articles[:broken] if broken is not None else articles:
        path = folder / page["file"]
        charset = page.get("charset") or "utf-8"
        text, count = _DATE_LINE.subn("", path.read_bytes().decode(charset))
        assert count == 1, page["file"]
        path.write_bytes(text.encode(charset))
        with pytest.raises(ParseError) as caught:  # the page really fails a required field now
            parse_page(path.read_bytes(), site="gossite-demo", url=page["url"])
        assert caught.value.field == "published_at"
        changed.append(page["url"])
    return folder, changed


def _report(tmp: Path) -> dict[str, object]:
    (path,) = (tmp / "out" / "reports").glob("run-*.json")
    report: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return report


def test_redesigned_site_raises_the_alarm_with_its_urls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, changed = _redesigned_copy(tmp_path, broken=None)
    with serve_folders([folder]) as served:
        code = main(harvest_args(served, tmp_path, "--site", "gossite-demo"))
    assert code == EXIT_DRIFT
    captured = capsys.readouterr()
    assert "drift alarm: gossite-demo" in captured.err
    assert "DRIFT: the gossite-demo parser fails on published_at" in captured.out
    report = _report(tmp_path)
    assert report["drift_alarm"] == ["gossite-demo"]
    drift_urls = report["drift_urls"]
    assert isinstance(drift_urls, dict)
    assert sorted(drift_urls["gossite-demo"]) == sorted(changed)
    sites = report["sites"]
    assert isinstance(sites, list) and len(sites) == 1
    assert sites[0]["drift_alarm"] is True
    site = sites[0]
    assert {item["field"] for item in site["drift"]} == {"published_at"}


def test_one_odd_page_is_reported_without_the_alarm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, changed = _redesigned_copy(tmp_path, broken=1)
    with serve_folders([folder]) as served:
        code = main(harvest_args(served, tmp_path, "--site", "gossite-demo"))
    # No alarm; the page itself is a failure to retry (3) or a refused page (0), not a redesign.
    assert code in (EXIT_OK, EXIT_PAGES_FAILED)
    assert "drift (below the alarm threshold)" in capsys.readouterr().out
    report = _report(tmp_path)
    assert report["drift_alarm"] == []
    sites = report["sites"]
    assert isinstance(sites, list) and len(sites) == 1
    site = sites[0]
    assert {item["url"] for item in site["drift"]} == set(changed)
    assert site["drift_alarm"] is False


@pytest.mark.parametrize(
    ("drift", "parsed_articles", "list_pages", "alarm"),
    [
        (0, 10, 1, False),
        (1, 1, 0, True),  # the only page of a quiet day: 100 %
        (1, 4, 0, True),  # 25 %
        (1, 9, 1, False),  # 10 %: one odd page
        (2, 200, 5, True),  # two pages are never chance
    ],
)
def test_alarm_rule(drift: int, parsed_articles: int, list_pages: int, alarm: bool) -> None:
    site = SiteReport("x", list_pages=list_pages)
    site.outcomes["new"] = parsed_articles - drift
    # A drift page is retried (outcome "failed") and may be read twice in a run: it counts once.
    urls = [f"http://x.test/{n}" for n in range(drift)] * 2
    site.drift = [{"url": url, "field": "title", "error": "e"} for url in urls]
    assert site.drift_alarm is alarm
