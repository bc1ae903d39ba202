from __future__ import annotations

import pytest

from pressharvest.decode import choose_charset, decode_page
from pressharvest.urls import canonical_url, is_state_changing, source_id


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://MinObr.AdmOblKaluga.ru/news/21784/?utm_source=vk&utm_medium=social", "https://minobr.admoblkaluga.ru/news/21784/"),
        ("https://admobninsk.ru/news/2020/07/15/news_20318.html?like=-1#comments", "https://admobninsk.ru/news/2020/07/15/news_20318.html"),
        ("https://a.ru:443/x?PHPSESSID=abc&id=5", "https://a.ru/x?id=5"),
        ("http://a.ru:8080/x", "http://a.ru:8080/x"),
        ("https://a.ru/news/?cur_cc=204&curPos=10", "https://a.ru/news/?cur_cc=204&curPos=10"),
        ("https://a.ru", "https://a.ru/"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_state_changing_links() -> None:
    assert is_state_changing("https://admobninsk.ru/news/x.html?like=1")
    assert is_state_changing("/x?logout=yes")
    assert not is_state_changing("https://a.ru/news/?PAGEN_1=2")


@pytest.mark.parametrize(
    ("url", "sid"),
    [
        ("https://admobninsk.ru/news/2020/07/15/news_20318.html", "20318"),
        ("https://minobr.admoblkaluga.ru/news/21784/", "21784"),
        ("https://z.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/novosti-193_6946.html", "6946"),
        ("https://s.test/?p=123", "123"),
        ("https://s.test/about/info/news/detail.php?ELEMENT_ID=55", "55"),
    ],
)
def test_source_id_from_url(url: str, sid: str) -> None:
    assert source_id(url) == sid


def test_digits_ending_a_slug_are_not_an_id() -> None:
    # Two WordPress posts whose slugs end in the same year must not share an id.
    first = source_id("https://s.test/2025/04/11/remont-dorog-2025/")
    second = source_id("https://s.test/2025/05/02/itogi-goda-2025/")
    assert first != second and len(first) == 16


def test_source_id_falls_back_to_hash_of_canonical_url() -> None:
    sid = source_id("https://a.ru/news/some-slug/?utm_source=x")
    assert len(sid) == 16 and int(sid, 16) >= 0
    assert sid == source_id("https://A.ru/news/some-slug/")


TEXT = "<html><head><meta charset='{}'></head><body>Привет, ёжик «мир»</body></html>"


def test_header_charset_wins() -> None:
    content = TEXT.format("utf-8").encode("cp1251")
    assert choose_charset(content, {"Content-Type": "text/html; charset=windows-1251"}) == "cp1251"
    assert "ёжик «мир»" in decode_page(content, {"Content-Type": "text/html; charset=windows-1251"})


def test_meta_charset_when_no_header() -> None:
    content = TEXT.format("windows-1251").encode("cp1251")
    assert "Привет, ёжик" in decode_page(content)


def test_http_equiv_meta() -> None:
    page = "<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>Справочно: ёлка</p>"
    assert "Справочно: ёлка" in decode_page(page.encode("cp1251"))


def test_bom_and_detection() -> None:
    assert decode_page("\ufeff<p>ёж</p>".encode()).startswith("<p>ёж")
    sentence = "<p>Администрация города сообщает, что в пятницу состоится заседание комиссии.</p>"
    undeclared = (sentence * 5).encode("cp1251")
    assert "Администрация города" in decode_page(undeclared)


def test_unknown_declared_charset_falls_back() -> None:
    content = "<meta charset='x-unknown'><p>текст</p>".encode()
    assert "текст" in decode_page(content)
