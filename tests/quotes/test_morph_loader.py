"""The memory-mapped pymorphy3 analyser answers exactly as the stock one, on every word we have."""

from __future__ import annotations

import array
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pymorphy3
import pytest
from dawg_python import dawgs, wrapper
from selectolax.lexbor import LexborHTMLParser
from tests.conftest import ROOT, fixture_pages

from pressharvest.text import quote_morph
from pressharvest.text.morph_loader import mapped_analyzer, mapped_dictionaries

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_WORD = re.compile(r"[\w-]+")


@cache
def words() -> list[str]:
    """Every distinct word (as written and lower-cased) of the fixture pages' bodies and the quote corpus."""
    texts: list[str] = []
    for line in (ROOT / "tests" / "quotes" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        texts.extend(json.loads(line)["paragraphs"])
    for page in fixture_pages():
        body = LexborHTMLParser(page.path.read_bytes()).body
        if body is not None:
            texts.append(body.text(separator=" "))
    found = {word for text in texts for word in _WORD.findall(text)}
    return sorted(found | {word.lower() for word in found})


def _answers(analyzer: Any, word: str, cases: tuple[str, ...]) -> list[Any]:
    out: list[Any] = [[str(tag) for tag in analyzer.tag(word)], analyzer.word_is_known(word)]
    for parse in analyzer.parse(word):
        out.append((parse.word, str(parse.tag), parse.normal_form, parse.score, repr(parse.methods_stack)))
        out.append([form and (form.word, str(form.tag)) for form in (parse.inflect({case}) for case in cases)])
    return out


@cache
def stock() -> Any:
    return pymorphy3.MorphAnalyzer()


@cache
def mapped() -> Any:
    return mapped_analyzer()


def test_the_word_list_is_large() -> None:
    assert len(words()) > 5_000


@pytest.mark.parametrize("part", range(3))
def test_every_parse_and_inflection_is_the_stock_analysers(part: int) -> None:
    """A third of the words each: every word's tags and parses, each parse inflected to the nominative
    and, for every third word, to every case."""
    for index, word in enumerate(words()[part::3]):
        cases = CASES if index % 3 == 0 else CASES[:1]
        assert _answers(mapped(), word, cases) == _answers(stock(), word, cases), word


def test_lexemes_are_the_stock_analysers() -> None:
    for word in words()[::7]:
        for ours, theirs in zip(mapped().parse(word), stock().parse(word), strict=True):
            assert [(f.word, str(f.tag)) for f in ours.lexeme] == [(f.word, str(f.tag)) for f in theirs.lexeme]


def test_the_dictionaries_are_mapped_and_dawg_python_is_left_as_it_was() -> None:
    def dawgs_of(analyzer: Any) -> list[Any]:
        return [analyzer.dictionary.words, *analyzer.dictionary.prediction_suffixes_dawgs,
                analyzer.prob_estimator.p_t_given_w]

    for ours, theirs in zip(dawgs_of(mapped()), dawgs_of(stock()), strict=True):
        assert isinstance(ours.dct._units, memoryview) and ours.dct._units.format == "I"
        assert isinstance(ours.guide._units, memoryview) and ours.guide._units.format == "B"
        assert ours.dct._units.tobytes() == theirs.dct._units.tobytes()
        assert ours.guide._units.tobytes() == theirs.guide._units.tobytes()
    assert wrapper.Dictionary.read.__qualname__ == "Dictionary.read"
    assert wrapper.Guide.read.__qualname__ == "Guide.read"
    assert isinstance(stock().dictionary.words.dct._units, array.array)


def test_quote_morph_uses_the_mapped_analyser() -> None:
    assert isinstance(quote_morph.analyzer().dictionary.words.dct._units, memoryview)


def test_a_stream_without_a_descriptor_is_read_as_before() -> None:
    path = Path(pymorphy3.analyzer.lang_dict_path("ru")) / "prediction-suffixes-2.dawg"
    with mapped_dictionaries():
        dawg = dawgs.CompletionDAWG()
        dawg.dct, dawg.guide = wrapper.Dictionary(), wrapper.Guide()
        stream = io.BytesIO(path.read_bytes())
        dawg.dct.read(stream)
        dawg.guide.read(stream)
    assert isinstance(dawg.dct._units, array.array) and isinstance(dawg.guide._units, array.array)
    assert dawg.keys() == dawgs.CompletionDAWG().load(path).keys() != []
