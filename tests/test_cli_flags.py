"""Command-line flags with a bad value are usage errors (exit 2) that name the flag, reported by
argparse before anything is read, fetched or written: never a traceback, never a silent empty run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressharvest.cli import main
from tests.conftest import FIXTURES

SEED = FIXTURES / "admobninsk" / "seed_news_20318.html"


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The last stderr line of a run that must stop with exit 2."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["harvest", "--backfill", "-3"], "--backfill"),
        (["harvest", "--max-list-pages", "0"], "--max-list-pages"),
        (["harvest", "--concurrency", "0"], "--concurrency"),
        (["harvest", "--concurrency", "many"], "--concurrency"),
        (["harvest", "--delay", "inf"], "--delay"),
        (["harvest", "--delay", "nan"], "--delay"),
        (["harvest", "--delay", "-1"], "--delay"),
        (["harvest", "--delay", "3601"], "--delay"),
        (["worker", "--slices", "0"], "--slices"),
        (["worker", "--rediscover-after", "inf"], "--rediscover-after"),
        (["worker", "--rediscover-after", "1e300"], "--rediscover-after"),
        (["worker", "--rediscover-after", "nan"], "--rediscover-after"),
        (["worker", "--lease-ttl", "inf"], "--lease-ttl"),
        (["worker", "--lease-ttl", "0"], "--lease-ttl"),
        (["worker", "--heartbeat", "-1"], "--heartbeat"),
        (["schedule", "--slice-seconds", "inf"], "--slice-seconds"),
        (["sites", "check", "gossite-demo", "--articles", "0"], "--articles"),
        (["demo", "--delay", "inf"], "--delay"),
        (["harvest", "--mirror", "http://a.test=http://[::1/"], "--mirror"),
        (["harvest", "--mirror", "http://a.test:99999=http://127.0.0.1:8000"], "--mirror"),
        (["sites", "detect", "https://x.test/", "--delay", "inf"], "--delay"),
    ],
)
def test_bad_numbers_are_usage_errors_naming_the_flag(argv: list[str], flag: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert f"argument {flag}:" in _usage_error(argv, capsys)


@pytest.mark.parametrize("url", ["notaurl", "javascript:alert(1)", "file:///etc/passwd", "http://[::1/",
                                 "http://x.test:99999/", "https://"])
@pytest.mark.parametrize(
    "argv",
    [
        ["links", str(SEED), "--url"],
        ["parse", str(SEED), "--url"],
        ["sites", "detect", str(SEED), "--url"],
        ["new-family", "trial", "--from", str(SEED), "--site-url"],
        ["capture", "--site", "admobninsk"],
    ],
)
def test_bad_url_flags_are_usage_errors(argv: list[str], url: str, capsys: pytest.CaptureFixture[str]) -> None:
    last = _usage_error([*argv, url], capsys)
    assert url in last and ("argument --" in last or "argument URL" in last)


@pytest.mark.parametrize("url", ["http://[::1/", "https://x.test:99999/"])
def test_a_bad_url_to_detect_is_a_usage_error(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "argument URL|FILE" in _usage_error(["sites", "detect", url], capsys)


@pytest.mark.parametrize("argv", [["new-family", "trial", "--from", str(SEED), "--site-id"],
                                  ["sites", "detect", str(SEED), "--id"]])
def test_bad_site_ids_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    last = _usage_error([*argv, "Bad Id"], capsys)
    assert "'Bad Id'" in last and "lower-case" in last


@pytest.mark.parametrize("agent", ["", "  ", "a\r\nX-Injected: 1", "бот/1.0"])
@pytest.mark.parametrize("command", [["harvest"], ["sites", "detect", "https://x.test/"]])
def test_bad_user_agents_are_usage_errors(command: list[str], agent: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "argument --user-agent:" in _usage_error([*command, "--user-agent", agent], capsys)


def test_new_family_with_an_unknown_zone_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new-family", "trial", "--from", str(SEED), "--timezone", "Mars/Olympus",
            "--fixtures", str(tmp_path / "fixtures"), "--module-dir", str(tmp_path / "families")]
    assert "argument --timezone: unknown time zone 'Mars/Olympus'" in _usage_error(argv, capsys)
    assert not list(tmp_path.iterdir())


def test_good_values_still_parse() -> None:
    from pressharvest.cli import build_parser

    args = build_parser().parse_args(["harvest", "--delay", "0", "--backfill", "0", "--concurrency", "1",
                                      "--user-agent", "mybot/1.0 (+https://example.org)"])
    assert (args.delay, args.backfill, args.concurrency) == (0.0, 0, 1)
    args = build_parser().parse_args(["worker", "--rediscover-after", "0", "--lease-ttl", "0.5"])
    assert (args.rediscover_after, args.lease_ttl) == (0.0, 0.5)


@pytest.mark.parametrize("argv", [["export", "--out", "x.jsonl"], ["archive", "--out", "x.warc.gz"], ["reparse"]])
def test_an_unknown_site_is_a_config_error(argv: list[str], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = _empty_store(tmp_path)
    assert main([*argv, "--db", str(db), "--site", "nosuch"]) == 1
    captured = capsys.readouterr()
    assert "\n" not in captured.err.strip() and "unknown site 'nosuch'" in captured.err
    assert not captured.out  # reparse used to say "store updated"


@pytest.mark.parametrize("command", ["export", "archive"])
def test_export_and_archive_take_sites(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text('[sites.mine]\nfamily = "gossite"\nbase_url = "http://mine.test"\n', encoding="utf-8")
    out = tmp_path / "out.file"
    argv = [command, "--db", str(_empty_store(tmp_path)), "--out", str(out), "--site", "mine", "--sites", str(sites)]
    assert main(argv) == 0
    assert "0 " in capsys.readouterr().out


def test_export_of_an_unknown_run_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["export", "--db", str(_empty_store(tmp_path)), "--out", str(tmp_path / "x.jsonl"), "--run", "999"]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--run" in err and "no run 999" in err
    assert not (tmp_path / "x.jsonl").exists()


def test_export_since_after_until_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["export", "--db", str(_empty_store(tmp_path)), "--out", str(tmp_path / "x.jsonl"),
            "--since", "2025-02-01", "--until", "2025-01-01"]
    last = _usage_error(argv, capsys)
    assert "--since" in last and "--until" in last
    assert not (tmp_path / "x.jsonl").exists()


def _empty_store(tmp_path: Path) -> Path:
    from pressharvest.harvest.store.sqlite import SQLiteStore

    db = tmp_path / "empty.sqlite3"
    with SQLiteStore(str(db)):
        pass
    return db
