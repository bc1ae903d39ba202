"""The quote layer's fast paths agree with the general paths they stand in for (random inputs, fixed
seeds): a Quote built without validation is the validated one, and fails where validation fails."""

from __future__ import annotations

import random
from typing import Literal

import pytest
from pydantic import ValidationError

from pressharvest.models import Quote
from pressharvest.text.quotes import _make_quote

_PLAIN = ["а", "Б", "ё", "е", "z", "7", "«", "»", ",", "–", " "]
# What `clean_text` changes or the validators refuse: a no-break space, a soft hyphen, a zero-width
# space, a combining accent (not NFC after `е`), a newline, a tab; runs of spaces come from _PLAIN.
_UNCLEAN = ["\u00a0", "\u00ad", "\u200b", "\u0301", "\n", "\t"]


def _string(rnd: random.Random) -> str:
    return "".join(
        rnd.choice(_UNCLEAN) if rnd.random() < 0.02 else rnd.choice(_PLAIN) for _ in range(rnd.randint(0, 12))
    )


def _optional(rnd: random.Random) -> str | None:
    return None if rnd.random() < 0.3 else _string(rnd)


def test_quote_without_validation_is_the_validated_quote() -> None:
    rnd = random.Random(20261127)
    built = refused = 0
    for _ in range(20_000):
        kind: Literal["direct", "indirect"] = rnd.choice(["direct", "indirect"])
        text, speaker, raw, role = _string(rnd), _optional(rnd), _string(rnd), _optional(rnd)
        paragraph = rnd.randint(-2, 40)
        try:
            expected = Quote(
                text=text, speaker=speaker, speaker_raw=raw, speaker_role=role, kind=kind, paragraph=paragraph
            )
        except ValidationError:
            with pytest.raises(ValidationError):
                _make_quote(text, speaker, raw, role, kind=kind, paragraph=paragraph)
            refused += 1
            continue
        got = _make_quote(text, speaker, raw, role, kind=kind, paragraph=paragraph)
        assert type(got) is Quote
        assert got == expected and hash(got) == hash(expected)
        assert got.model_dump() == expected.model_dump()
        assert got.model_dump_json() == expected.model_dump_json()
        assert got.__dict__ == expected.__dict__
        assert list(got.__dict__) == list(expected.__dict__)
        assert got.__pydantic_fields_set__ == expected.__pydantic_fields_set__
        assert got.__pydantic_extra__ == expected.__pydantic_extra__
        assert got.__pydantic_private__ == expected.__pydantic_private__
        with pytest.raises(ValidationError):
            got.text = "x"  # frozen, as validated quotes are
        built += 1
    assert built > 1000 and refused > 1000  # both branches exercised
