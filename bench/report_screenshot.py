"""Render the dataset report in headless Chromium and save a screenshot (the README's docs/report.png).

Installs Debian's `chromium` with apt-get when it is missing (needs root and the Debian mirror), then:

    .venv/bin/python bench/report_screenshot.py                      # output/report.html → output/report.png
    .venv/bin/python bench/report_screenshot.py --report R --out P   # other paths
    .venv/bin/python bench/report_screenshot.py --docs               # also copy to docs/report.png

The README's picture is the whole page: `--size 1280,3600 --crop --docs` after `pressharvest demo`.

Nothing in the test suite needs a browser: tests check the HTML and decode the embedded plots.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    print("chromium not found: apt-get install -y chromium", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, stdout=subprocess.DEVNULL)
    found = shutil.which("chromium")
    if not found:
        raise SystemExit("chromium is still not installed")
    return found


def screenshot(report: Path, out: Path, size: str = "1280,2400") -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pressharvest-chromium-") as profile:
        subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}", f"--screenshot={out.resolve()}", f"--window-size={size}",
             report.resolve().as_uri()],
            check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    if not out.is_file() or out.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"no screenshot written to {out}")
    print(f"screenshot of {report} → {out}")


def crop_bottom(path: Path, margin: int = 24) -> None:
    """Cut the blank space below the page's last content (the window is taller than the page)."""
    import matplotlib.image as mpimg
    import numpy as np

    pixels = mpimg.imread(path)
    rows = np.where((pixels[:, :, :3] < 0.97).any(axis=(1, 2)))[0]
    if len(rows) and rows[-1] + margin < len(pixels):
        mpimg.imsave(path, pixels[: rows[-1] + margin])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=ROOT / "output" / "report.html")
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "report.png")
    parser.add_argument("--size", default="1280,2400", help="window size WIDTH,HEIGHT (1280,2400)")
    parser.add_argument("--crop", action="store_true", help="cut the blank space below the page")
    parser.add_argument("--docs", action="store_true", help="also copy the screenshot to docs/report.png")
    args = parser.parse_args()
    if not args.report.is_file():
        raise SystemExit(f"{args.report} not found: run `pressharvest demo` (or `pressharvest report`) first")
    screenshot(args.report, args.out, args.size)
    if args.crop:
        crop_bottom(args.out)
    if args.docs:
        shutil.copyfile(args.out, ROOT / "docs" / "report.png")
        print(f"copied to {ROOT / 'docs' / 'report.png'}")


if __name__ == "__main__":
    main()
