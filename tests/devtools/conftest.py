"""Developer-tool tests: the WordPress fixtures served on loopback, as `--mirror` arguments."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pressharvest.demo.server import RunningSite, serve_folders
from tests.conftest import FIXTURES

WORDPRESS = FIXTURES / "wordpress"
HOST = "http://sosnovka-adm.test"
ARTICLE = f"{HOST}/2025/04/19/vesennij-subbotnik/"
LIST = f"{HOST}/category/novosti/"


@pytest.fixture
def wordpress_site() -> Iterator[RunningSite]:
    with serve_folders([WORDPRESS]) as (running,):
        yield running


def loopback(running: RunningSite) -> list[str]:
    """Fetch options that send the site's requests to the loopback server, unpaced."""
    return ["--mirror", running.mirror, "--allow-loopback", "--delay", "0"]
