"""Build README.md from the sections in docs/ (one file per section, in reading order).

The sections are edited in docs/; the README is assembled from them so the two never disagree, and
`tests/test_readme.py` fails when README.md is stale. Run: `python -m pressharvest.devtools.readme`.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
# (file, heading level of its top heading in the README); "@contents" marks the table of contents.
SECTIONS = (
    ("_head.md", 1), ("@contents", 2), ("record.md", 2), ("quotes.md", 2), ("commands.md", 2),
    ("harvest.md", 2), ("datasets.md", 2), ("sites.md", 2), ("workflow.md", 2), ("gosweb.md", 2),
    ("tls.md", 2), ("generic.md", 2), ("drift.md", 2), ("reliability.md", 2), ("scaling.md", 2),
    ("benchmarks.md", 2), ("performance.md", 3), ("library.md", 2), ("development.md", 2),
)  # fmt: skip
_HEADING = re.compile(r"^(#{1,6}) (.+)$")


def anchor(title: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def _shifted(text: str, level: int) -> str:
    """`text` with its headings moved so that its first heading has `level` (code blocks untouched)."""
    lines, fence, shift = [], False, None
    for line in text.strip().splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        match = None if fence else _HEADING.match(line)
        if match is None:
            lines.append(line)
            continue
        if shift is None:
            shift = level - len(match.group(1))
        lines.append("#" * max(1, len(match.group(1)) + shift) + " " + match.group(2))
    return "\n".join(lines) + "\n"


def _titles() -> dict[str, str]:
    titles = {}
    for path in DOCS.glob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _HEADING.match(line)
            if match:
                titles[path.name] = match.group(2)
                break
    return titles


def _link(match: re.Match[str], *, target: str) -> str:
    return f"({match.group(1) or target})"


def build() -> str:
    parts = []
    for name, level in SECTIONS:
        if name == "@contents":
            parts.append("@contents")
        else:
            parts.append(_shifted((DOCS / name).read_text(encoding="utf-8"), level))
    text = "\n".join(parts)
    heads = [m.group(1) for m in re.finditer(r"(?m)^## (.+)$", text)]
    contents = "## Contents\n\n" + "\n".join(f"- [{h}](#{anchor(h)})" for h in heads) + "\n"
    text = text.replace("@contents", contents, 1)
    # A link to a section's file in docs/ becomes a link to that section of the README.
    for name, title in _titles().items():
        target = "#" + anchor(title)
        pattern = re.compile(rf"\((?:\./|docs/)?{re.escape(name)}(#[^)]*)?\)")
        text = pattern.sub(functools.partial(_link, target=target), text)
        text = text.replace(f"`docs/{name}`", f"[{title}](#{anchor(title)})")
    return text.replace("](../../shared/", "](../shared/")


def main() -> int:
    text = build()
    if "--check" in sys.argv[1:]:
        current = (ROOT / "README.md").read_text(encoding="utf-8")
        if current != text:
            print("README.md is stale: run python -m pressharvest.devtools.readme", file=sys.stderr)
            return 1
        return 0
    (ROOT / "README.md").write_text(text, encoding="utf-8")
    print(f"README.md: {len(text.splitlines())} lines from {len(SECTIONS) - 1} sections in docs/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
