"""The generic extractor on small handwritten pages: chrome left out, dates from every source,
headline suffixes removed, documents and pictures found, and the unregistered-URL fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from selectolax.lexbor import LexborHTMLParser

from pressharvest.parse import Registry, generic_site, parse_page
from pressharvest.sites.base import Page
from pressharvest.sites.config import Site
from pressharvest.sites.families.generic import GenericV1
from pressharvest.sites.generic_meta import strip_site_name

SITE = Site(id="example", family="generic", base_url="https://example.ru")
URL = "https://example.ru/press/item-5/"
PROSE = [
    "Администрация района провела совещание по подготовке к паводку, в нём участвовали главы поселений.",
    "На заседании обсудили состояние дамб, запасы песка и работу оперативных групп в каждом селе района.",
    "Глава района поручил до конца месяца проверить все гидротехнические сооружения и доложить об итогах.",
]
MENU = "".join(f'<li><a href="/section-{i}/">Раздел сайта номер {i}</a></li>' for i in range(12))
TEASERS = "".join(
    f'<div class="teaser"><a href="/press/{i}/">Другая новость {i}</a><p>Краткий анонс другой новости '
    f"района, который не относится к этой статье, номер {i}.</p></div>"
    for i in range(6)
)


def page(*, head: str = "", before: str = "", after: str = "", article_extra: str = "", title: str = "") -> bytes:
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title or "Паводок: готовность номер один | Администрация района"}</title>{head}</head><body>
<header class="site-header"><a href="/"><img src="/logo.png" alt="logo"></a><ul>{MENU}</ul></header>
<nav class="breadcrumbs"><a href="/">Главная</a> / <a href="/press/">Пресс-центр</a></nav>
<main><div class="layout"><div class="content">
<h1>Паводок: готовность номер один</h1>{before}
<div class="body">{paragraphs}{article_extra}</div>{after}
<div class="share-buttons"><a href="https://vk.com/share?u=1">Поделиться ВКонтакте</a></div>
<section class="related-news"><h3>Читайте также</h3>{TEASERS}</section>
<div id="comments"><p>Комментарий читателя: отличная новость, спасибо администрации за оперативную работу!</p>
</div></div>
<aside class="sidebar"><h3>Популярное</h3>{TEASERS}</aside></div></main>
<div class="cookie-notice"><p>Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая, вы соглашаетесь.</p>
</div>
<footer><p>© Администрация района, 2024. Все права защищены. Адрес: ул. Ленина, 1. Телефон приёмной.</p>
<ul>{MENU}</ul></footer></body></html>"""
    return html.encode("utf-8")


def raw(content: bytes, url: str | None = URL):
    return GenericV1().article(LexborHTMLParser(content.decode("utf-8")), Page(SITE, url))


def body_of(content: bytes) -> list[str]:
    return [block.text for block in raw(content).blocks if block.text]


def test_body_leaves_out_navigation_sidebar_comments_and_notices() -> None:
    assert body_of(page(before="<div>15 мая 2024 года 10:30</div>")) == PROSE


def test_link_list_inside_the_article_is_pruned_but_document_paragraph_stays() -> None:
    extra = '<p><a href="/files/plan.pdf">План мероприятий на период паводка</a></p>'
    related = '<ul class="more">' + "".join(f'<li><a href="/x/{i}">Ссылка {i}</a></li>' for i in range(5)) + "</ul>"
    body = body_of(page(before="<div>15 мая 2024</div>", article_extra=extra + related))
    assert body == [*PROSE, "План мероприятий на период паводка"]


@pytest.mark.parametrize(
    ("markup", "where", "expected"),
    [
        ("<div class='date'>15 мая 2024 года 10:30</div>", "before", "2024-05-15T10:30:00+03:00"),
        ("<time datetime='2024-05-16T08:05:00+03:00'>вчера</time>", "after", "2024-05-16T08:05:00+03:00"),
        ("<meta property='article:published_time' content='2024-05-17T09:00:00+03:00'>", "head",
         "2024-05-17T09:00:00+03:00"),
        ("<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"NewsArticle\", "
         "\"datePublished\": \"2024-05-18T11:45:00+03:00\"}]}</script>", "head", "2024-05-18T11:45:00+03:00"),
    ],
)
def test_date_from_each_source(markup: str, where: str, expected: str) -> None:
    record = parse_page(page(**{where: markup}), url=URL, registry=Registry({}))
    assert record.published_at == expected


def test_date_from_the_url_when_the_page_shows_none() -> None:
    record = parse_page(page(), url="https://example.ru/news/2024/05/19/flood/", registry=Registry({}))
    assert record.published_at == "2024-05-19T00:00:00+03:00"


def test_visible_date_line_wins_over_machine_dates() -> None:
    head = "<meta property='article:published_time' content='2020-01-01T00:00:00+03:00'>"
    record = parse_page(page(head=head, before="<div>15 мая 2024 года 10:30</div>"), url=URL, registry=Registry({}))
    assert record.published_at == "2024-05-15T10:30:00+03:00"


def test_title_suffix_removed_without_h1() -> None:
    content = page().replace(b"<h1>", b"<div>").replace(b"</h1>", b"</div>")
    assert raw(content).title == "Паводок: готовность номер один"
    assert strip_site_name("Новость дня / Новости / Администрация города Обнинска") == "Новость дня"
    headline = "Новость дня о важном событии"
    assert strip_site_name(f"Сайт района | {headline}", "Сайт района") == headline


def test_documents_and_images_found() -> None:
    picture = '<p><img src="/upload/photo1.jpg" width="800" height="600"></p>'
    documents = ('<div class="files"><div class="doc"><span>Постановление № 5</span> '
                 '<a href="/upload/post5.DOCX">Скачать</a></div>'
                 '<div class="doc"><a href="/upload/plan.pdf">План работ</a> (pdf, 1 Мб)</div></div>')  # fmt: skip
    record = parse_page(page(before="<div>15 мая 2024</div>", article_extra=picture, after=documents),
                        url=URL, registry=Registry({}))  # fmt: skip
    assert record.images == ["https://example.ru/upload/photo1.jpg"]
    assert [(a.url, a.title) for a in record.attachments] == [
        ("https://example.ru/upload/post5.DOCX", "Постановление № 5"),
        ("https://example.ru/upload/plan.pdf", "План работ"),
    ]
    assert "https://example.ru/logo.png" not in record.images


def test_rating_and_updated_by_landmarks() -> None:
    after = ('<div class="votes">Рейтинг новости: <span>-3</span><a href="?like=1">+</a></div>'
             "<div>обновлено 16.05.2024 12:00</div>")  # fmt: skip
    record = parse_page(page(before="<div>15 мая 2024</div>", after=after), url=URL, registry=Registry({}))
    assert record.rating == -3
    assert record.updated_at == "2024-05-16T12:00:00+03:00"


def test_a_body_sentence_opening_with_the_stamp_word_is_no_stamp() -> None:
    """«Обновлено положение …» in the text is news, not the page's stamp (it became updated_at)."""
    sentence = "<p>Обновлено 12 марта 2024 года положение о конкурсе «Лучший двор», заявки принимают до мая.</p>"
    record = parse_page(page(before="<div>15 мая 2024</div>", article_extra=sentence), url=URL, registry=Registry({}))
    assert record.updated_at is None
    assert any(paragraph.startswith("Обновлено 12 марта") for paragraph in record.body)


@pytest.mark.parametrize(
    "stamp", ["<span>Дата изменения:</span> 16.05.2024 12:00", "Отредактировано: 16.05.2024 12:00"]
)
def test_stamps_by_their_other_labels(stamp: str) -> None:
    record = parse_page(page(before="<div>15 мая 2024</div>", after=f"<div>{stamp}</div>"), url=URL,
                        registry=Registry({}))
    assert record.updated_at == "2024-05-16T12:00:00+03:00"


@pytest.mark.parametrize("label", ["Рейтинг новости", "РЕЙТИНГ НОВОСТИ", "рейтинг новости"])
def test_rating_label_in_any_case(label: str) -> None:
    after = f'<div class="votes">{label}: <span>7</span></div>'
    record = parse_page(page(before="<div>15 мая 2024</div>", after=after), url=URL, registry=Registry({}))
    assert record.rating == 7


def test_unregistered_url_falls_back_to_generic() -> None:
    record = parse_page(page(before="<div>15 мая 2024</div>"), url="https://Adm.Example-Town.RU/n/1",
                        fetched_at=datetime(2024, 5, 20, tzinfo=UTC))  # fmt: skip
    assert record.provenance.parser == "generic/1"
    assert record.site == "adm-example-town-ru"
    assert record.body == PROSE
    site = generic_site("https://Adm.Example-Town.RU/n/1")
    assert site is not None and (site.family, site.base_url) == ("generic", "https://adm.example-town.ru")


def test_site_entry_with_family_generic(tmp_path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text('[sites.town]\nfamily = "generic"\nbase_url = "https://example.ru"\n', encoding="utf-8")
    record = parse_page(page(before="<div>15 мая 2024</div>"), site="town", url=URL, registry=Registry.load(str(sites)))
    assert (record.site, record.provenance.parser) == ("town", "generic/1")
