"""DOM → blocks: the paragraphs of an article container, as RECORD.md counts them.

One block per `p`, `div`, `li`, heading, `blockquote`, table row (cells joined by " | "), or run of
inline content separated by two or more `<br>` (whitespace between them included); a single `<br>`
is a space. Empty blocks are dropped by the caller, not here, so that image-only paragraphs still
give their images. Each block keeps its images and links in document order, so the normalizer can
split body, reference and attribution by text and still know where images and documents were.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from pressharvest.errors import ParseError
from pressharvest.text.clean import clean_text

# Elements that start a block of their own.
BLOCK_TAGS = frozenset(
    ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "figcaption",
     "figure", "section", "article", "header", "footer", "aside", "main", "ul", "ol", "dl", "table", "thead",
     "tbody", "tfoot", "tr", "address", "center", "details", "summary"]
)  # fmt: skip
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Elements whose content is never article text.
SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "iframe", "svg", "button", "form", "select", "textarea", "input",
     "object", "embed", "video", "audio", "canvas", "map", "head", "title", "meta", "link", "nav"]
)  # fmt: skip
_CONTAINER_TAGS = frozenset(["ul", "ol", "dl", "table", "thead", "tbody", "tfoot"])
# Deeper element nesting than any real article has (they stay under ~40 levels). `parse.py` refuses a
# page nested that deep before any walk; the walker, which recurses once per level, also refuses it
# itself, so that no caller can run it into RecursionError.
MAX_DEPTH = 200


def nested_too_deep() -> ParseError:
    return ParseError("body", f"elements nested more than {MAX_DEPTH} levels deep")


# Where lazy-loading scripts keep a picture's address until it scrolls into view, and what they put in
# `src` meanwhile: an inline `data:` image or a named blank/spacer file.
_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src")
_PLACEHOLDER = re.compile(r"^data:|(?:^|[/_.-])(?:blank|spacer|placeholder|lazy|pixel|1x1)[^/]*$", re.I)
# Responsive pictures name their files in a `srcset` ("a.jpg 800w, b.jpg 1600w" or "a.jpg 1x, b.jpg
# 2x"), lazy ones in `data-srcset` until they scroll into view.
_SOURCE_SETS = ("data-srcset", "srcset")
_PIXEL_SIZE = re.compile(r"^\s*[01](?:\.0*)?\s*(?:px)?\s*$", re.I)
# An emoji or a smiley drawn as a picture (WordPress core's `emoji` / `wp-smiley` classes, twemoji's
# `emoji`): an icon in the line of text, not an article image.
_ICON_CLASSES = frozenset(["emoji", "wp-smiley"])
_EMOJI_ALT_MAX = 8  # chars: an emoji with its modifiers and joiners


def _emoji_alt(alt: str | None) -> bool:
    """An `alt` that is an emoji (a symbol or two, «📌», «✅»): the picture draws that character,
    whatever its classes are called."""
    if not alt or len(alt) > _EMOJI_ALT_MAX or any(char.isalnum() for char in alt):
        return False
    return any(unicodedata.category(char) == "So" for char in alt)


def image_source(img: LexborNode) -> str:
    """An `<img>`'s picture: `src`, unless it is empty or a lazy-loading placeholder and the real
    address waits in `data-src` (or `data-original`, `data-lazy-src`) or in a `data-srcset` / `srcset`
    (its largest file). A 1×1 image (a spacer, a visit counter's pixel) or an emoji drawn as a picture
    (`_ICON_CLASSES`) is no picture: ""."""
    attrs = img.attrs
    if _PIXEL_SIZE.match(attrs.get("width") or "x") and _PIXEL_SIZE.match(attrs.get("height") or "x"):
        return ""
    klass = attrs.get("class")
    if (klass and not _ICON_CLASSES.isdisjoint(klass.split())) or _emoji_alt(attrs.get("alt")):
        return ""
    src = (attrs.get("src") or "").strip()
    if src and not _PLACEHOLDER.search(src):
        return src
    for name in _LAZY_SOURCES:
        real = (attrs.get(name) or "").strip()
        if real:
            return real
    for name in _SOURCE_SETS:
        largest = largest_in_source_set(attrs.get(name) or "")
        if largest:
            return largest
    return src


def largest_in_source_set(value: str) -> str:
    """The file of a `srcset` with the largest width (`800w`) or density (`2x`) descriptor; a file
    without one counts as `1x`. Parsed as HTML does: a URL runs to the next space (commas inside it,
    as in `w_300,h_200`, are part of it), its descriptors to the next comma."""
    best, best_size = "", -1.0
    pos, end = 0, len(value)
    while pos < end:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url, descriptor = value[start:pos], ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", pos)
            comma = end if comma < 0 else comma
            descriptor, pos = value[pos:comma].strip(), comma
        size = _descriptor_size(descriptor)
        if url and size > best_size:
            best, best_size = url, size
    return best


def _descriptor_size(descriptor: str) -> float:
    for word in descriptor.split():
        unit = word[-1:].lower()
        if unit in ("w", "x"):
            try:
                return float(word[:-1])
            except ValueError:
                return 0.0
    return 1.0  # no descriptor: 1x


@dataclass
class Link:
    href: str
    text: str


@dataclass
class Block:
    """One paragraph-like unit of article text."""

    text: str
    tag: str
    images: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    bold_prefix: str = ""  # text of a leading <strong>/<b> run, for run-in headings

    @property
    def empty(self) -> bool:
        return not self.text


class _Run:
    """Inline content being gathered into one block."""

    __slots__ = ("bold", "bold_open", "images", "links", "parts", "tag")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.parts: list[str] = []
        self.images: list[str] = []
        self.links: list[Link] = []
        self.bold: list[str] = []
        self.bold_open = True  # still at the start of the run, before any non-bold text

    def add_text(self, text: str, *, bold: bool) -> None:
        if bold and self.bold_open:
            self.bold.append(text)
        elif text.strip():
            self.bold_open = False
        self.parts.append(text)

    def finish(self) -> Block:
        return Block(clean_text("".join(self.parts)), self.tag, self.images, self.links, clean_text("".join(self.bold)))

    def has_content(self) -> bool:
        return bool("".join(self.parts).strip()) or bool(self.images)

    def next_run(self, emitted: bool) -> _Run:
        """The run after this one: this one again, emptied, when it gave no block and holds no link
        (most runs between two paragraphs hold only the line break of the markup)."""
        if emitted or self.links:
            return _Run(self.tag)
        self.parts.clear()
        self.bold.clear()  # whitespace only: `bold_open` is still set
        return self


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.depth = 0  # of `inline_children` calls open

    def emit(self, run: _Run) -> bool:
        """Add the run's block, if it has content; whether it did."""
        # `has_content()` then `finish()`, with the run's text joined once (called for every block).
        text = "".join(run.parts)
        if text.strip() or run.images:
            bold = clean_text("".join(run.bold)) if run.bold else ""
            self.blocks.append(Block(clean_text(text), run.tag, run.images, run.links, bold))
            return True
        return False

    def block(self, node: LexborNode) -> None:
        """A block element: its own blocks, or, when it holds other blocks, theirs in order."""
        tag = node.tag or ""
        if tag in SKIP_TAGS:
            return
        if tag == "tr":
            self.row(node)
            return
        self.emit(self.inline_children(node, _Run(tag)))

    def row(self, node: LexborNode) -> None:
        cells = [child for child in node.iter() if child.tag in ("td", "th")]
        run = _Run("tr")
        texts = []
        for cell in cells:
            cell_run = self.inline_children(cell, _Run("td"), flatten=True)
            texts.append(cell_run.finish().text)
            run.images.extend(cell_run.images)
            run.links.extend(cell_run.links)
        run.parts.append(" | ".join(texts))
        if any(texts) or run.images:
            self.blocks.append(Block(clean_text(run.parts[0]), "tr", run.images, run.links))

    def inline_children(self, node: LexborNode, run: _Run, *, flatten: bool = False, bold: bool = False) -> _Run:
        """Walk the children of `node`, splitting into new blocks at block children and <br><br> runs.

        Returns the run that is open at the end (the caller emits it).
        """
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise nested_too_deep()
        pending_breaks = 0
        current = run
        # One pass over the live children (no list copy: nothing is removed during the walk); the text
        # branch inlines `_Run.add_text`, as it runs once per text node of the article.
        for child in node.iter(include_text=True):
            tag = child.tag or ""
            if tag == "-text":
                text = child.text_content or ""
                if pending_breaks and text.strip():
                    if pending_breaks >= 2 and not flatten:
                        current = current.next_run(self.emit(current))
                    else:
                        current.add_text(" ", bold=False)
                    pending_breaks = 0
                if bold and current.bold_open:
                    current.bold.append(text)
                elif current.bold_open and text.strip():
                    current.bold_open = False
                current.parts.append(text)
                continue
            if tag == "br":
                pending_breaks += 1
                continue
            if tag.startswith("-") or tag in SKIP_TAGS:
                continue
            if pending_breaks:
                if pending_breaks >= 2 and not flatten and (tag in BLOCK_TAGS or _has_text(child) or tag == "img"):
                    current = current.next_run(self.emit(current))
                else:
                    current.add_text(" ", bold=False)
                pending_breaks = 0
            if tag in BLOCK_TAGS and not flatten:
                # A block inside inline content (or a nested <p> in the template's wrapper <p>).
                current = current.next_run(self.emit(current))
                if tag in _CONTAINER_TAGS:
                    for item in child.iter():
                        self.block(item)
                else:
                    self.block(child)
                continue
            if tag == "img":
                src = image_source(child)
                if src:
                    current.images.append(src)
                continue
            if tag == "a":
                href = (child.attrs.get("href") or "").strip()
                before = len(current.parts)
                current = self.inline_children(child, current, flatten=flatten, bold=bold)
                if href:
                    current.links.append(Link(href, clean_text("".join(current.parts[before:]))))
                continue
            is_bold = bold or tag in ("strong", "b")
            if tag in BLOCK_TAGS:  # flattened block inside a table cell
                current.add_text(" ", bold=False)
            current = self.inline_children(child, current, flatten=flatten, bold=is_bold)
        self.depth -= 1
        return current


def _has_text(node: LexborNode) -> bool:
    return bool((node.text(deep=True) or "").strip())


def extract_blocks(container: LexborNode) -> list[Block]:
    """The blocks of an article container, in document order (empty ones included)."""
    walker = _Walker()
    run = walker.inline_children(container, _Run(container.tag or "div"))
    walker.emit(run)
    return walker.blocks
