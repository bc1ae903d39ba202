"""Text normalisation of RECORD.md: NFC, no zero-width characters or soft hyphens, one space per run."""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and the soft hyphen are deleted; they never separate words on screen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# \s covers U+00A0, U+202F and the other Unicode spaces in Python's re.
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Normalise one string field: NFC, invisible characters removed, whitespace runs folded, stripped.

    Typography (« » „ “ – — ё) is kept as published.
    """
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return _SPACES.sub(" ", text).strip()


def is_clean(text: str) -> bool:
    return clean_text(text) == text
