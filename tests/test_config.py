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
