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


@pytest.mark.parametrize(
    ("paragraph", "speaker", "raw", "role"),
    [
        (
            "Глава города Обнинска Татьяна Леонова: «Парк – это общий проект горожан и администрации».",
            "Татьяна Леонова",
            "Глава города Обнинска Татьяна Леонова",
            "глава города Обнинска",
        ),
        (
            "Анна Ершова, директор Дома культуры: «Все кружки работают бесплатно».",
            "Анна Ершова",
            "Анна Ершова, директор Дома культуры",
            "директор Дома культуры",
        ),
    ],
)
def test_a_colon_after_a_name_alone_introduces_speech(paragraph: str, speaker: str, raw: str, role: str) -> None:
    quote = extract_quotes([paragraph])[0]
    assert (quote.speaker, quote.speaker_raw, quote.speaker_role, quote.kind) == (speaker, raw, role, "direct")


@pytest.mark.parametrize(
    "paragraph",
    [
        "Адрес пункта: «Дом культуры», ул. Ленина, 5.",
        "Победители в номинации «Лучший двор»: «Солнечный», «Радуга».",
        "Глава района Иван Петров вручил награды в номинациях: «Лучший двор», «Лучший подъезд».",
        "На встрече с главой района Иваном Петровым прозвучал вопрос: «Когда откроют школу?»",
    ],
)
def test_a_colon_after_other_words_without_a_speech_verb_is_no_attribution(paragraph: str) -> None:
    assert extract_quotes([paragraph]) == []


def test_a_speech_verb_before_cto_reports_speech_and_attributes_no_quotation() -> None:
    paragraph = "Участники квеста «Тайны старого города» – школьники 7–9 классов – отметили, что задания интересные."
    assert extract_quotes([paragraph]) == []
    assert extract_quotes(["«Задания интересные», – отметили школьники."])[0].text == "Задания интересные"


def test_written_words_are_quoted_like_spoken_ones() -> None:
    paragraph = "«Дорога к школе будет готова к 1 сентября», – написал глава города Виктор Колесников в блоге."
    assert _fields([paragraph]) == [
        (
            "Дорога к школе будет готова к 1 сентября",
            "Виктор Колесников",
            "глава города Виктор Колесников",
            "глава города",
            "direct",
            0,
        )
    ]
