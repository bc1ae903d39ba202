from __future__ import annotations

from pathlib import Path

import pytest

from pressharvest.errors import ConfigError
from pressharvest.sites.config import load_sites


def test_builtin_sites_cover_the_reference_families() -> None:
    sites = load_sites()
    assert {"admobninsk", "admoblkaluga-minobr", "gossite-demo", "gosweb-demo"} <= set(sites)
    assert sites["gosweb-demo"].timezone == "Europe/Samara"
    assert not sites["gosweb-demo"].enabled and sites["admobninsk"].enabled


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(
        '[sites.kaluga-city]\nfamily = "gosweb"\nbase_url = "https://kaluga.gosuslugi.ru"\n'
        "[sites.admobninsk]\ndelay = 5.0\n",
        encoding="utf-8",
    )
    sites = load_sites(path)
    assert sites["kaluga-city"].family == "gosweb"
    assert sites["admobninsk"].delay == 5.0
    assert sites["admobninsk"].base_url == "https://admobninsk.ru"


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ('family = "gosweb"\nbase_url = "https://x.ru"\ncolour = "red"', "sites.bad.colour"),
        ('family = "gosweb"\nbase_url = "ftp://x.ru"', "sites.bad.base_url"),
        ('family = "gosweb"\nbase_url = "https://x.ru"\ntimezone = "Mars/Olympus"', "sites.bad.timezone"),
        ('family = "gosweb"\nbase_url = "https://x.ru"\ndelay = -1', "sites.bad.delay"),
        ('base_url = "https://x.ru"', "sites.bad.family"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, entry: str, key: str) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(f"[sites.bad]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sites(path)
    assert key in str(caught.value)
    assert "\n" not in str(caught.value)


def test_environment_variable_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.toml"
    path.write_text('[sites.env-site]\nfamily = "gossite"\nbase_url = "http://e.test"\n', encoding="utf-8")
    monkeypatch.setenv("PRESSHARVEST_SITES", str(path))
    assert "env-site" in load_sites()


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[sites.x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_sites(path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[sites.bom-site]\nfamily = "gossite"\nbase_url = "http://b.test"\n')
    assert "bom-site" in load_sites(path)


def test_a_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.toml"
    path.write_bytes('[sites.x]\nname = "Обнинск"\n'.encode("cp1251"))
    with pytest.raises(ConfigError, match="not UTF-8") as caught:
        load_sites(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("entry", "key", "detail"),
    [
        ('family = "nosuch"\nbase_url = "https://x.ru"', "sites.bad.family", "known: "),
        ('family = "gosweb"\nbase_url = "https://x.ru"\nca_bundle = "/nonexistent/ca.pem"', "sites.bad.ca_bundle",
         "/nonexistent/ca.pem"),
        ('family = "gosweb"\nbase_url = "https://x.ru:99999"', "sites.bad.base_url", "99999"),
        ('family = "gosweb"\nbase_url = "http://[::1"', "sites.bad.base_url", "[::1"),
    ],
)
def test_bad_values_found_at_load_time(tmp_path: Path, entry: str, key: str, detail: str) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(f"[sites.bad]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sites(path)
    assert f"{key}: " in str(caught.value) and detail in str(caught.value)
    assert "gossite" in str(caught.value) or "family" not in key  # the known families are listed


def test_an_unknown_family_stops_sites_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pressharvest.cli import main

    path = tmp_path / "sites.toml"
    path.write_text('[sites.x]\nfamily = "nosuch"\nbase_url = "https://x.ru"\n', encoding="utf-8")
    assert main(["sites", "list", "--sites", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "sites.x.family" in err and "'nosuch'" in err
