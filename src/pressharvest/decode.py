"""Bytes → str for every page pressharvest reads, fetched or saved.

Order: the charset of the HTTP `Content-Type` header, then a byte-order mark, then a `<meta charset>`
or `<meta http-equiv="Content-Type">` (or an XML declaration) in the first bytes, then detection
(charset-normalizer), then UTF-8 with replacement. A header the bytes contradict is skipped: servers
send cp1251 pages labelled UTF-8 and the reverse, and the page's own declaration is then right.
selectolax would read bytes as UTF-8, so cp1251 pages must be decoded here before any parsing.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from functools import lru_cache

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_BOM_FIRST_BYTES = frozenset(bom[0] for bom, _ in _BOMS)
_SNIFF_BYTES = 4096


def _known(name: str | None) -> str | None:
    return _codec_name(name) if name else None


@lru_cache(maxsize=256)
def _codec_name(name: str) -> str | None:
    """The codec `name` stands for (codecs caches its lookups too: this only saves the call)."""
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def header_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type":
            match = _HEADER_CHARSET.search(value)
            return _known(match.group(1)) if match else None
    return None


def sniff_charset(content: bytes) -> str | None:
    """The charset a page declares in its own first bytes (BOM, `<meta>`, XML declaration)."""
    if content[:1] and content[0] in _BOM_FIRST_BYTES:
        for bom, name in _BOMS:
            if content.startswith(bom):
                return name
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(content, 0, _SNIFF_BYTES)  # as if the page ended there
        if match:
            found = _known(match.group(1).decode("ascii", "replace"))
            if found:
                return found
    return None


def _detected(content: bytes) -> str:
    """The charset charset-normalizer finds for bytes that are not UTF-8."""
    from charset_normalizer import from_bytes

    best = from_bytes(content[:65536]).best()
    return _known(best.encoding if best else None) or "utf-8"


def _is_utf8(content: bytes) -> bool:
    return _strict_utf8(content) is not None


def contradicts(content: bytes, charset: str) -> bool:
    """Whether the bytes rule out a declared charset: "UTF-8" bytes that are not UTF-8, or another
    charset over non-ASCII bytes that are valid UTF-8 (Cyrillic in cp1251 or KOI8-R practically never
    is: its letters are runs of bytes >= 0xC0, which UTF-8 never puts side by side)."""
    if charset.startswith("utf-8"):
        return not _is_utf8(content)
    return not content.isascii() and _is_utf8(content)


def choose_charset(content: bytes, headers: Mapping[str, str] | None = None) -> str:
    return _choose(content, headers)[0]


def _choose(content: bytes, headers: Mapping[str, str] | None) -> tuple[str, str | None]:
    """`choose_charset`'s answer, with the whole text when deciding it decoded the page as UTF-8
    already (a UTF-8 header is checked against the bytes, and an undeclared page tried as UTF-8
    first): the caller then does not decode it a second time (~20 µs a page)."""
    declared = header_charset(headers)
    text: str | None = None
    if declared is not None:
        if declared.startswith("utf-8"):
            text = _strict_utf8(content)
            if text is not None:
                return declared, text
            declared = None
        elif contradicts(content, declared):
            declared = None
    if declared is not None:
        return declared, None
    sniffed = sniff_charset(content)
    if sniffed is not None:
        return sniffed, None
    text = _strict_utf8(content)
    return ("utf-8", text) if text is not None else (_detected(content), None)


def _strict_utf8(content: bytes) -> str | None:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_page(content: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Decode a page's bytes to text with the charset it declares (or the one detected)."""
    return decode_with_charset(content, headers)[0]


def decode_with_charset(content: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """`decode_page`'s text and the charset it chose (for a caller that needs both: choosing sniffs
    the page's head and may decode the whole page once more)."""
    charset, text = _choose(content, headers)
    bom = content.startswith(codecs.BOM_UTF8)
    if text is not None:  # valid UTF-8, decoded while choosing
        return (text[1:] if bom else text), charset
    if charset.startswith("utf-8"):
        # What the "utf-8-sig" codec does (drops a BOM the header did not mention), without its
        # Python-level decoder.
        return (content[3:] if bom else content).decode("utf-8", errors="replace"), charset
    return content.decode(charset, errors="replace"), charset
