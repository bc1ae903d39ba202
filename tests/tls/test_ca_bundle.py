"""TLS trust as Госвеб hosts need it: a local HTTPS server whose certificate is signed by a CA made
in the test (as the Russian Trusted Root CA is missing from default trust stores). Without the CA the
fetch fails with one clear line naming the URL; with `--ca-bundle` or a site's `ca_bundle` it works;
no option turns verification off."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from pressharvest.cli import build_parser, main
from pressharvest.demo.server import RunningSite, serve_folders
from pressharvest.errors import CertificateError
from pressharvest.fetch import FetchConfig, Fetcher, RetryConfig
from tests.conftest import FIXTURES
from tests.harvest.conftest import harvest_args

ORIGIN = "https://zarechye-r00.gosweb.gosuslugi.ru"
LIST = ORIGIN + "/dlya-zhiteley/novosti-i-reportazhi/"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA(organization_name="pressharvest test root CA")


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "test-root-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def https_site(ca: trustme.CA) -> Iterator[RunningSite]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with serve_folders([FIXTURES / "gosweb"], tls=context) as running:
        yield running[0]


def _config(site: RunningSite, *bundles: Path) -> FetchConfig:
    # No backoff: a certificate error must not be retried at all, and a test should not wait if it were.
    return FetchConfig(allow_loopback=True, delay=0, mirrors={ORIGIN: site.url}, ca_bundles=tuple(bundles),
                       retry=RetryConfig(backoff_base=0, backoff_cap=0))


async def _fetch(config: FetchConfig, url: str) -> tuple[bytes, int]:
    async with Fetcher(config) as fetcher:
        try:
            result = await fetcher.fetch(url)
        finally:
            retries = fetcher.stats.host("zarechye-r00.gosweb.gosuslugi.ru").retries
        return result.content, retries


def test_untrusted_certificate_is_one_clear_line_naming_the_url(https_site: RunningSite) -> None:
    assert https_site.url.startswith("https://127.0.0.1:")
    with pytest.raises(CertificateError) as caught:
        asyncio.run(_fetch(_config(https_site), LIST))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"fetch error: {LIST}: TLS certificate not trusted")
    assert "--ca-bundle" in message and "ca_bundle" in message
    assert caught.value.final
    # The handshake failed on robots.txt: no HTTP request reached the server, and none was retried.
    assert https_site.requests == []


def test_extra_ca_bundle_is_trusted_in_addition_to_the_defaults(https_site: RunningSite, ca_file: Path) -> None:
    content, retries = asyncio.run(_fetch(_config(https_site, ca_file), LIST))
    assert content == (FIXTURES / "gosweb" / "novosti-i-reportazhi.html").read_bytes()
    assert retries == 0
    assert https_site.requests == ["/robots.txt", "/dlya-zhiteley/novosti-i-reportazhi/"]


def test_a_certificate_for_another_name_still_fails(ca: trustme.CA, ca_file: Path) -> None:
    # Trusting the CA does not trust any name: a certificate issued for another host is refused.
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("other.example").configure_cert(context)
    with serve_folders([FIXTURES / "gosweb"], tls=context) as running, pytest.raises(CertificateError) as caught:
        asyncio.run(_fetch(_config(running[0], ca_file), LIST))
    assert "TLS certificate not trusted" in str(caught.value)


def _report(out: Path) -> dict[str, object]:
    reports = sorted((out / "reports").glob("run-*.json"))
    assert reports, "the harvest wrote no run report"
    data: dict[str, object] = json.loads(reports[-1].read_text(encoding="utf-8"))
    return data


def _site_failures(report: dict[str, object]) -> dict[str, int]:
    sites = report["sites"]
    assert isinstance(sites, list)
    failures: dict[str, int] = next(s for s in sites if s["site"] == "gosweb-demo")["failures_by_reason"]
    return failures


def _args(site: RunningSite, tmp_path: Path) -> list[str]:
    # Only the served site: the built-in enabled sites would send DNS queries out.
    return [*harvest_args([site], tmp_path), "--site", "gosweb-demo"]


def test_harvest_without_the_ca_reports_why(https_site: RunningSite, tmp_path: Path) -> None:
    main(_args(https_site, tmp_path))
    failures = _site_failures(_report(tmp_path / "out"))
    # The list page is the first request: the run stops there, with the reason in the report.
    assert list(failures) == [
        "list page: TLS certificate not trusted (unable to get local issuer certificate); if the site's chain is "
        "rooted at a CA missing from the default trust (e.g. the Russian Trusted Root CA), pass --ca-bundle FILE "
        "or set the site's ca_bundle (see docs/tls.md)"
    ]
    assert https_site.requests == []
    assert (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8") == ""


def test_harvest_with_ca_bundle_option(https_site: RunningSite, tmp_path: Path, ca_file: Path) -> None:
    assert main([*_args(https_site, tmp_path), "--ca-bundle", str(ca_file)]) == 0
    records = (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 10  # the ten article pages of the reference set
    assert _site_failures(_report(tmp_path / "out")) == {"parse error: field body": 1}


def test_harvest_with_the_sites_ca_bundle(https_site: RunningSite, tmp_path: Path, ca_file: Path) -> None:
    args = _args(https_site, tmp_path)
    sites_file = Path(args[args.index("--sites") + 1])
    sites_file.write_text(sites_file.read_text(encoding="utf-8") + f'ca_bundle = "{ca_file}"\n', encoding="utf-8")
    assert "[sites.gosweb-demo]" in sites_file.read_text(encoding="utf-8")
    assert main(args) == 0
    assert len((tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 10


def test_sites_detect_uses_the_ca_bundle(
    https_site: RunningSite, ca_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["sites", "detect", LIST, "--allow-loopback", "--delay", "0", "--mirror", f"{ORIGIN}={https_site.url}"]
    assert main(base) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and LIST in err and "certificate" in err
    assert main([*base, "--ca-bundle", str(ca_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["family"] == "gosweb"


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _option_strings(sub)
    return found


def test_no_switch_turns_verification_off() -> None:
    names = {f.name for f in dataclasses.fields(FetchConfig)}
    assert not {n for n in names if "verify" in n or "insecure" in n}
    options = _option_strings(build_parser())
    assert "--ca-bundle" in options
    assert not {o for o in options if any(word in o for word in ("insecure", "verify", "no-check", "no-tls"))}
