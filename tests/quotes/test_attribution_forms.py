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
        "Руководитель кружка Анна Ершова: «Умелые руки».",  # a name after the colon, no statement
    ],
)
def test_a_colon_after_other_words_without_a_speech_verb_is_no_attribution(paragraph: str) -> None:
    assert extract_quotes([paragraph]) == []


@pytest.mark.parametrize(
    "paragraphs",
    [
        [  # essays in a list: the paragraph before ends with a colon, the item with a semicolon
            "Подведены итоги конкурса сочинений «Моя семья».",
            "Победители:",
            "Ученица 5 класса школы № 2 Мария Кузнецова: «Мой папа служит на границе»;",
            "Ученик 7 класса гимназии Илья Соколов: «Спасибо деду за Победу!».",
        ],
        ["На выставке представлены работы:", "Художник Анна Ершова: «Город просыпается» (холст, масло)."],
        ["Художник Анна Ершова: «Город просыпается» (холст, масло)."],  # words after the closing mark
        ["В библиотеке прошла презентация книги.", "Краевед Иван Петров: «Обнинск — первый наукоград»."],
        ["Программа конференции:", "Доклад. Профессор Иван Петров: «Как изменился город?»"],
        ["Профессор Иван Петров: «Как изменился город?»"],  # a question mark alone makes no statement
        ["Ученик 7 класса гимназии Илья Соколов: «Спасибо деду за Победу!»."],  # nor does an exclamation mark
    ],
)
def test_a_work_named_after_a_name_and_a_colon_is_no_quote(paragraphs: list[str]) -> None:
    assert extract_quotes(paragraphs) == []


@pytest.mark.parametrize(
    ("paragraphs", "text"),
    [
        (["Глава района Иван Петров: «Мы справимся!»"], "Мы справимся!"),  # few words, but first person
        (
            ["Глава города Татьяна Леонова: «Парк откроется в мае». Работы идут по графику."],
            "Парк откроется в мае",
        ),
        (["Директор школы Анна Ершова: «Ремонт закончен. Ждём учеников»."], "Ремонт закончен. Ждём учеников"),
    ],
)
def test_a_statement_after_a_name_and_a_colon_is_still_a_quote(paragraphs: list[str], text: str) -> None:
    assert [q.text for q in extract_quotes(paragraphs)] == [text]


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


def test_a_quotation_interrupted_by_its_attribution_with_a_comma_is_one_quote() -> None:
    paragraph = "«Мы отремонтировали зал, – сказал директор школы № 3 Виктор Павлов, – и теперь уроки идут в нём»."
    assert _fields([paragraph]) == [
        (
            "Мы отремонтировали зал, и теперь уроки идут в нём",
            "Виктор Павлов",
            "директор школы № 3 Виктор Павлов",
            "директор школы № 3",
            "direct",
            0,
        )
    ]


def test_a_quotation_interrupted_by_a_sentence_of_attribution_is_two_quotes() -> None:
    paragraphs = ["Приём провела глава района Любовь Сергеева.", "«Мусор вывезут, — заверила она. — Всё решено»."]
    assert [(q.text, q.speaker, q.speaker_raw, q.paragraph) for q in extract_quotes(paragraphs)] == [
        ("Мусор вывезут", "Любовь Сергеева", "она", 1),
        ("Всё решено", "Любовь Сергеева", "она", 1),
    ]


def test_a_name_inside_a_sentence_its_attribution_interrupts_is_no_quote() -> None:
    paragraph = (
        "Победителями конкурса «Лучший двор», – сообщила председатель жюри Анна Ершова, – стали жители улицы Ленина."
    )
    assert extract_quotes([paragraph]) == []
    # a quotation that opens its sentence is still one
    paragraph = "«Двор стал уютнее», – рассказала председатель совета дома Анна Ершова, – и жители просят продолжить."
    assert [(q.text, q.speaker) for q in extract_quotes([paragraph])] == [("Двор стал уютнее", "Анна Ершова")]


def test_a_dash_inside_a_title_interrupts_nothing() -> None:
    assert extract_quotes(["Акция «Спорт – это жизнь, – и здоровье» прошла в парке."]) == []


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["— Мы ждали ремонта крыши несколько лет, — рассказала председатель совета дома Нина Воронина."],
            [("Мы ждали ремонта крыши несколько лет", "Нина Воронина", "председатель совета дома", 0)],
        ),
        (
            ["Во дворе побывал начальник управления Максим Орлов.", "– Дворы благоустроят до осени, – пообещал он."],
            [("Дворы благоустроят до осени", "Максим Орлов", "начальник управления", 1)],
        ),
        (
            ["— Спасибо! — сказала Анна Ершова, — приходите ещё."],
            [("Спасибо! приходите ещё", "Анна Ершова", None, 0)],
        ),
        (
            ["— Мы рады гостям, — сказала Анна Ершова. — Приходите ещё."],
            [("Мы рады гостям", "Анна Ершова", None, 0), ("Приходите ещё", "Анна Ершова", None, 0)],
        ),
        (
            ["— Школа участвует в проекте «Точка роста», — сказал директор Иван Петров."],
            [("Школа участвует в проекте «Точка роста»", "Иван Петров", "директор", 0)],
        ),
    ],
)
def test_a_line_of_dialogue_is_a_direct_quote(
    paragraphs: list[str], expected: list[tuple[str, str | None, str | None, int]]
) -> None:
    assert [(q.text, q.speaker, q.speaker_role, q.paragraph) for q in extract_quotes(paragraphs)] == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["– Как вы оцениваете проект? – спросили мы у главы района Ивана Петрова."],
            [("Как вы оцениваете проект?", None, "мы")],
        ),
        (
            ["«Как вы оцениваете проект?» – спросили мы у главы района Ивана Петрова."],
            [("Как вы оцениваете проект?", None, "мы")],
        ),
        (
            [
                "– А когда отремонтируют дорогу? – поинтересовалась у главы района Ивана Петрова жительница улицы"
                " Ленина."
            ],
            [("А когда отремонтируют дорогу?", None, "жительница улицы Ленина")],
        ),
        (
            ["«Когда откроют школу?» – обратилась к главе района Ивану Петрову жительница Анна Ершова."],
            [("Когда откроют школу?", "Анна Ершова", "жительница Анна Ершова")],
        ),
        (
            ["Жительница спросила у главы района Ивана Петрова: «Когда откроют школу?»"],
            [("Когда откроют школу?", None, "Жительница")],
        ),
    ],
)
def test_the_person_asked_is_no_speaker(paragraphs: list[str], expected: list[tuple[str, str | None, str]]) -> None:
    assert [(q.text, q.speaker, q.speaker_raw) for q in extract_quotes(paragraphs)] == expected


def test_a_line_of_dialogue_may_open_with_a_name_in_marks() -> None:
    paragraph = "– «Народный бюджет» – это лучший способ услышать жителей, – ответил глава района Иван Петров."
    assert _fields([paragraph]) == [
        (
            "«Народный бюджет» – это лучший способ услышать жителей",
            "Иван Петров",
            "глава района Иван Петров",
            "глава района",
            "direct",
            0,
        )
    ]
    # a line that is one quotation stays that quotation's, without its marks
    assert [q.text for q in extract_quotes(["– «Мы рады гостям», – сказала директор Анна Ершова."])] == [
        "Мы рады гостям"
    ]


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["– ремонт кровли, – 5 млн рублей;", "– замена окон, – 3 млн рублей."],  # a list, no speech verb
        ["«Школа нужна уже сегодня.", "– сказала депутат Вера Климова."],  # the tail of a split quotation
        ["– Сколько заявок поступило? – Более трёхсот, – ответила Анна Ершова."],  # two speakers in one line
        ["– один из самых быстрых районов. Школа нужна им», – сказала депутат Вера Климова."],
    ],
)
def test_dashes_that_open_no_line_of_dialogue(paragraphs: list[str]) -> None:
    assert extract_quotes(paragraphs) == []


@pytest.mark.parametrize("verb", ["возмутилась", "объявил", "удивилась", "настаивает", "повторил", "предостерёг"])
def test_verbs_of_exclaiming_announcing_and_insisting_attribute_speech(verb: str) -> None:
    assert morph.speech_verb(verb) is not None
    assert extract_quotes([f"«Так нельзя!» — {verb} Анна Лебедева."])[0].speaker == "Анна Лебедева"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["Выступила директор школы Анна Ершова.", "«Расписание стало удобнее», —", "сказала она."],
            [("Расписание стало удобнее", "Анна Ершова", "она", "директор школы", 1)],
        ),
        (
            ["Выступила директор школы Анна Ершова.", "«Расписание стало удобнее», — сказала", "она."],
            [("Расписание стало удобнее", "Анна Ершова", "она", "директор школы", 1)],
        ),
        (
            ["«Выставка продлится до конца февраля», –", "рассказала куратор выставки Елена Смирнова-Ларина."],
            [
                (
                    "Выставка продлится до конца февраля",
                    "Елена Смирнова-Ларина",
                    "куратор выставки Елена Смирнова-Ларина",
                    "куратор выставки",
                    0,
                )
            ],
        ),
    ],
)
def test_an_attribution_a_line_break_cuts_goes_on_in_the_next_paragraph(
    paragraphs: list[str], expected: list[tuple[str, str | None, str, str | None, int]]
) -> None:
    got = [(q.text, q.speaker, q.speaker_raw, q.speaker_role, q.paragraph) for q in extract_quotes(paragraphs)]
    assert got == expected


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Конкурс «Лучший двор» –", "один из самых популярных в районе."],  # no speech verb
        ["«Мы будем расширять программу», –", "Отметим, что программа действует с 2020 года."],  # a new sentence
    ],
)
def test_a_next_paragraph_that_is_no_attribution_attributes_nothing(paragraphs: list[str]) -> None:
    assert extract_quotes(paragraphs) == []
