"""Attribution forms beyond the plain `«…», – сказал X` / `X сказал: «…»`: professions named by a kin noun
and an adjective, colons without a speech verb, interrupted quotes, dialogue dashes, reported speech."""

from __future__ import annotations

import pytest

from pressharvest.text import quote_morph as morph
from pressharvest.text.quotes import extract_quotes


def _fields(paragraphs: list[str]) -> list[tuple[str, str | None, str, str | None, str, int]]:
    return [(q.text, q.speaker, q.speaker_raw, q.speaker_role, q.kind, q.paragraph) for q in extract_quotes(paragraphs)]


@pytest.mark.parametrize(
    ("paragraph", "role"),
    [
        (
            "«Прививка защищает близких», – рассказала медицинская сестра прививочного кабинета Наталья Гусева.",
            "медицинская сестра прививочного кабинета",
        ),
        (
            "По словам старшей медицинской сестры хирургического отделения Светланы Котовой, кровати уже в палатах.",
            "старшая медицинская сестра хирургического отделения",
        ),
        (
            "Как отметила Наталья Гусева, патронажная сестра поликлиники, записаться можно по телефону.",
            "патронажная сестра поликлиники",
        ),
        ("«Пациенты довольны», – сказал медицинский брат Иван Петров.", "медицинский брат"),
        ("«Дома всё хорошо», – рассказала сестра Анна Петрова.", None),  # kin: still no position
    ],
)
def test_a_profession_named_by_a_kin_noun_is_a_position(paragraph: str, role: str | None) -> None:
    assert extract_quotes([paragraph])[0].speaker_role == role


def test_position_head_needs_the_professional_adjective() -> None:
    assert morph.position_head("сестры", "gent", "медицинской") is not None
    assert morph.position_head("сестры", "gent", "родной") is None
    assert morph.position_head("глава", "nomn", "") is not None
