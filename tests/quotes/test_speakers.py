"""Focused tests of speaker resolution: nominative names, pronouns, roles, and the morphology helpers."""

from __future__ import annotations

import pytest

from pressharvest.text import quote_morph as morph
from pressharvest.text.quote_text import sentence_end
from pressharvest.text.quotes import extract_quotes
from pressharvest.text.speakers import SpeakerIndex


def _index(*paragraphs: str) -> SpeakerIndex:
    return SpeakerIndex(tuple(paragraphs), {})


def _names(*paragraphs: str) -> list[str]:
    return [m.person.name for m in _index(*paragraphs).mentions]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("По словам Дмитрия Разумовского, всё хорошо.", "Дмитрий Разумовский"),
        ("По словам Павла Кречетова, всё хорошо.", "Павел Кречетов"),
        ("По словам Любови Гусевой, всё хорошо.", "Любовь Гусева"),
        ("По словам Ильи Седых, всё хорошо.", "Илья Седых"),
        ("По словам Инны Черных, всё хорошо.", "Инна Черных"),
        ("По словам Руслана Мишина, всё хорошо.", "Руслан Мишин"),
        ("Грамоту вручили Марии Ивановой-Лесной.", "Мария Иванова-Лесная"),
        ("Грамоту вручили Николаю Римскому-Корсакову.", "Николай Римский-Корсаков"),
        ("Вместе с Анной Гайдамак работали волонтёры.", "Анна Гайдамак"),
        ("Встреча с Олегом Гайдамаком прошла в мэрии.", "Олег Гайдамак"),
        ("Доклад Аллы Мирошниченко был коротким.", "Алла Мирошниченко"),
        ("Слово дали Евгении Трубецкой.", "Евгения Трубецкая"),
        ("По словам Саши Петрова, всё хорошо.", "Саша Петров"),  # a first name of either gender
        ("По словам Жени Смирновой, всё хорошо.", "Женя Смирнова"),
    ],
)
def test_names_are_put_into_the_nominative(phrase: str, expected: str) -> None:
    assert _names(phrase) == [expected]


def test_patronymic_is_dropped_from_the_name() -> None:
    assert _names("Выступила Валентина Ивановна Кудрявцева.") == ["Валентина Кудрявцева"]


def test_bare_surname_resolves_to_the_full_name() -> None:
    index = _index("Глава района Роберт Малахов открыл сквер.", "Малахова поблагодарили жители.")
    assert [m.person.name for m in index.mentions] == ["Роберт Малахов", "Роберт Малахов"]


def test_pronoun_takes_the_last_person_of_its_gender() -> None:
    index = _index("Глава района Юрий Титов и директор школы Анастасия Цветкова открыли музей.", "Она …")
    she = index.antecedent(1, 0, "femn")
    he = index.antecedent(1, 0, "masc")
    assert she is not None and she.name == "Анастасия Цветкова"
    assert he is not None and he.name == "Юрий Титов"


def test_pronoun_ignores_people_named_inside_quotations() -> None:
    quotes = extract_quotes(["Директор Ирина Лисина открыла выставку.", "«Спасибо Анне Котовой», — сказала она."])
    assert quotes[0].speaker == "Ирина Лисина"


@pytest.mark.parametrize(
    ("paragraphs", "role"),
    [
        (
            ["По словам министра образования Калужской области Андрея Рябинина, всё готово."],
            "министр образования Калужской области",
        ),
        (["По словам главного врача районной больницы Натальи Гусевой, всё готово."], "главный врач районной больницы"),
        (
            ["По словам заместителя главы Администрации города по экономическому развитию Инны Черных, всё готово."],
            "заместитель главы Администрации города по экономическому развитию",
        ),
        (
            ["Глава Заречного муниципального округа Сергей Ветров провёл совещание."],
            "глава Заречного муниципального округа",
        ),
        (["Выступила Анна Березина, начальник управления культуры."], "начальник управления культуры"),
        (["Пришла заведующая отделом Людмила Кострова."], "заведующая отделом"),
        (["На совещании в министерстве глава района Виктор Шилов выступил с докладом."], "глава района"),
        (["Своим опытом поделилась Анна Фёдорова, чей сын учится в школе."], None),
    ],
)
def test_role_is_nominative_and_lower_case(paragraphs: list[str], role: str | None) -> None:
    index = SpeakerIndex(tuple(paragraphs), {})
    assert index.mentions[0].person.role == role


def test_role_travels_to_pronoun_quotes() -> None:
    quotes = extract_quotes(
        ["Заместитель губернатора Дмитрий Разумовский открыл форум.", "«Форум стал традицией», - отметил он."]
    )
    assert [(q.speaker, q.speaker_raw, q.speaker_role) for q in quotes] == [
        ("Дмитрий Разумовский", "он", "заместитель губернатора")
    ]


def test_sentence_end_skips_abbreviations_and_initials() -> None:
    text = "Техника работает на ул. Курчатова и пр. Ленина, как сказал А. Рябинин. Затем вывозят снег."
    end = sentence_end(text, 0)
    assert text[:end] == "Техника работает на ул. Курчатова и пр. Ленина, как сказал А. Рябинин"


def test_speech_verbs_any_gender_and_tense() -> None:
    for word in ("отметил", "отметила", "отмечает", "пояснили", "считает", "уверена"):
        assert morph.speech_verb(word) is not None, word
    for word in ("поручил", "провёл", "школа"):
        assert morph.speech_verb(word) is None, word


def test_analyzer_is_loaded_once() -> None:
    assert morph.analyzer() is morph.analyzer()


@pytest.mark.parametrize(
    ("word", "case", "is_head"),
    [
        ("врио", "nomn", True),  # indeclinable: heads a position in every case
        ("врио", "gent", True),
        ("Калуги", "gent", False),  # the city, though pymorphy also reads the fish калуга (animate)
        ("Орла", "gent", False),
        ("жительница", "nomn", False),  # describes the person, is no position
        ("пенсионер", "nomn", False),
        ("глава", "nomn", True),
    ],
)
def test_role_heads(word: str, case: str, is_head: bool) -> None:
    assert (morph.role_head(word, case) is not None) is is_head


def test_describing_noun_joins_the_raw_speaker_but_gives_no_role() -> None:
    quote = extract_quotes(["«Дорогу ждали двадцать лет», — говорит жительница деревни Ивановка Татьяна Быстрова."])[0]
    assert quote.speaker_raw == "жительница деревни Ивановка Татьяна Быстрова"
    assert quote.speaker_role is None
    assert morph.describes_person("мамы", "gent") and not morph.describes_person("глава", "nomn")


def test_noun_read_as_a_verb_keeps_the_position_phrase() -> None:
    # `села` (of the village) is also `sat`: the likeliest reading decides whether the phrase goes on.
    assert morph.likeliest_noun("села") and not morph.likeliest_noun("сказала")
    quote = extract_quotes(["«Свет будет», — сказал глава села Иван Петров."])[0]
    assert quote.speaker_role == "глава села"


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("«Готово», — сказал Иван Петров, директор школы № 2 г. Кирова.", "директор школы № 2 г. Кирова"),
        ("Глава пос. Детчино Иван Петров сказал: «Готово».", "глава пос. Детчино"),
        ("Школу открыли в 2023 г. Директор Анна Ершова сказала: «Добро пожаловать».", "директор"),
        ("Иван Петров, глава с. Никольское | «Готово», — сказал он.", "глава с. Никольское"),
    ],
)
def test_a_place_abbreviation_does_not_end_the_position(phrase: str, role: str | None) -> None:
    assert extract_quotes([phrase])[0].speaker_role == role


def test_a_colon_after_an_infinitive_opens_its_object_not_speech() -> None:
    assert morph.likeliest_infinitive("посетить") and not morph.likeliest_infinitive("сказал")
    assert extract_quotes(["Иван Петров предложил посетить выставку: «Мир глазами детей»."]) == []
    assert extract_quotes(["Иван Петров пригласил всех на праздник: «Мы ждём вас!»"])[0].speaker == "Иван Петров"


@pytest.mark.parametrize(
    ("text", "stop"),
    [
        ("Выступила и.о. главы администрации ", 0),  # и.о.: neither full stop ends the phrase
        ("Это так. Выступила И.о. главы ", len("Это так.")),
        ("В с. Бехово ", 0),
        ("Пришли все. Глава ", len("Пришли все.")),
        ("Приехал И. Петров и ", len("Приехал И.")),  # an initial's full stop still ends it
    ],
)
def test_where_the_phrase_before_a_name_may_start(text: str, stop: int) -> None:
    from pressharvest.text.speakers import _LAST_PHRASE_STOP

    m = _LAST_PHRASE_STOP.match(text)
    assert (m.end() if m else 0) == stop


def test_a_name_after_po_slovam_and_a_position_is_genitive() -> None:
    # Some sites leave `Глава` undeclined: the name is still genitive, the position still found.
    quote = extract_quotes(["По словам Глава района Руслана Смоленского, всё готово."])[0]
    assert (quote.speaker, quote.speaker_role) == ("Руслан Смоленский", "глава района")
