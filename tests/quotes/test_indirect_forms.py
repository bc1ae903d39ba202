"""RECORD.md's indirect quotes are `По словам X, …`, `Как отметил(а) X, …` and `Как сообщил(а) X, …`
("only these forms are indirect quotes in version 1"): `Как подчеркнул X, …`, `Как рассказала X, …`
or `Как пояснили в …, …` is reported speech of another form, and no quote. The two verbs keep their
forms (gender, number, tense) and a body may say them."""

from __future__ import annotations

import pytest

from pressharvest.text.quotes import extract_quotes


@pytest.mark.parametrize(
    "paragraph",
    [
        "Как подчеркнул Борис Назаров, такого урожая в районе не было двадцать лет!",
        "Как рассказала директор музея Анна Иванова, выставка продлится месяц.",
        "Как пояснили в управлении образования, приём заявлений продлится до 30 июня.",
        "Как заявил глава района Игорь Сорокин, ремонт завершат к осени.",
    ],
)
def test_other_verbs_make_no_indirect_quote(paragraph: str) -> None:
    assert extract_quotes([paragraph]) == []


@pytest.mark.parametrize(
    ("paragraph", "speaker_raw", "text"),
    [
        ("Как отметил глава района Игорь Сорокин, ремонт завершат к осени.", "глава района Игорь Сорокин",
         "ремонт завершат к осени"),
        ("Как сообщила директор музея Анна Иванова, выставка продлится месяц.", "директор музея Анна Иванова",
         "выставка продлится месяц"),
        ("Как отмечает Анна Иванова, выставка продлится месяц.", "Анна Иванова", "выставка продлится месяц"),
        ("Как сообщили в управлении образования, приём заявлений продлится до 30 июня.",
         "в управлении образования", "приём заявлений продлится до 30 июня"),
    ],
)
def test_the_two_verbs_make_one(paragraph: str, speaker_raw: str, text: str) -> None:
    (quote,) = extract_quotes([paragraph])
    assert (quote.kind, quote.speaker_raw, quote.text) == ("indirect", speaker_raw, text)
