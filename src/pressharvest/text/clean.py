"""Text normalisation of RECORD.md: NFC, no zero-width characters or soft hyphens, one space per run."""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and the soft hyphen are deleted; they never separate words on screen.
_INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARACTERS}]")


def clean_text(text: str) -> str:
    """Normalise one string field: NFC, invisible characters removed, whitespace runs folded, stripped.

    Typography (« » „ “ – — ё) is kept as published. `str.split()` splits on every Unicode space
    (U+00A0 and U+202F included), which is what "every run of whitespace becomes one space" means,
    and is several times faster than a regular expression on this hot path.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Already folded (validators re-check every field, and many strings are cleaned twice): a
        # printable string holds no whitespace but U+0020 and none of the invisible characters
        # (all of category Cf), so only NFC can change it. Two C-level scans instead of split + join.
        if unicodedata.is_normalized("NFC", text):
            return text
        return " ".join(unicodedata.normalize("NFC", text).split())
    if _has_invisible(text):  # rare: looking first skips building a copy of every string
        text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def _has_invisible(text: str) -> bool:
    # Six `in` scans (memchr-like) are several times faster than the regex over a long text.
    return (
        "\u00ad" in text or "\u200b" in text or "\u200c" in text or "\u200d" in text or "\u2060" in text
        or "\ufeff" in text
    )


def is_clean(text: str) -> bool:
    return clean_text(text) == text


def only_spacing_to_clean(text: str) -> bool:
    """Whether `clean_text` would only fold the whitespace of `text` (it is NFC and holds no invisible
    character), so that a search for a word without spaces finds the same in `text` as in the cleaned
    text. A few `in` scans and one NFC check, where cleaning a page's text splits it into words."""
    return not _has_invisible(text) and unicodedata.is_normalized("NFC", text)
