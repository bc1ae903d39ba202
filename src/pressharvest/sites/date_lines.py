"""The publication date line when its class is unknown: next to the headline, behind a label
(«Опубликовано:»), led by the time, or a `<time datetime>`; a teaser card's date never counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.landmarks import (
    DATE_LINE,
    DateLine,
    common_ancestor,
    css,
    css_first,
    date_line_near,
    holding_text,
    holds,
    href_of,
    in_sidebar,
    meta_content,
    shown_with,
    text_of,
    text_reaches,
)
from pressharvest.sites.tree_walk import has_ancestor_tag, nodes_after, nodes_before, precedes
from pressharvest.text.clean import clean_text
from pressharvest.text.dates import MONTH_WORD
from pressharvest.urls import url_parts

# A date line the landmark `date_line_near` does not take: behind a label, or with the time first.
_BEFORE_DATE = re.compile(
    r"^\s*(?:(?:опубликовано|размещено|добавлено|создано|дата(?:\s+(?:публикации|создания|размещения))?)\s*:?\s*"
    r"|(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|(?:пн|вт|ср|чт|пт|сб|вс)\.?)\s*,?\s*"
    r"|\d{1,2}:\d{2}\s*[,|·•/–—-]?\s*)?(?=\d)",
    re.I,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?")
_TIME_FIRST = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[,|·•/–—-]?\s*(.+)$", re.S)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_LINE_MAX = 80  # chars: a longer text is not a date line
_TEXT_RUN = 120  # chars: a text this long is article text, the date line search stops there


def _text_begins(node: LexborNode, own: str, anchor: LexborNode) -> bool:
    """Whether a text is the article's text beginning: long, and shown as the headline (the search's
    `anchor`) is (a hidden ticker's paragraph is not)."""
    return len(own) > _TEXT_RUN and shown_with(node, anchor)


# A line naming the publication by its label, wherever the template prints it: «Опубликовано:»,
# «Размещено:», «Дата публикации:», «Дата размещения:» then the date (never a bare «Дата:», which an
# event's date line also opens with).
_PUBLISHED_LABEL = re.compile(r"^\s*(?:опубликовано|размещено|дата\s+(?:публикации|размещения))\s*:?\s*(?=\d)", re.I)
# … and nothing after the date but its time: «Опубликовано: 20.12.2012 в газете «Вестник Обнинска»» at
# the foot names where the text was printed first, not when the page was published.
_ONLY_DATE_AND_TIME = re.compile(
    r"(?:\d{1,2}\s+" + MONTH_WORD + r"\s+\d{4}(?:\s*(?:года|г\.?))?"
    r"|\d{1,2}\.\d{1,2}\.\d{4}(?:\s*г\.?)?|\d{2}\.\d{2}\.\d{2}"
    r"|\d{4}-\d{2}-\d{2}(?=[T ]\d|\s*$)|(?:сегодня|вчера)(?=\s*,?\s*(?:в\s*)?\d{1,2}:\d{2}))"
    r"(?:\s*(?:,?\s*в|[|·•/–—,-]|T)?\s*\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?\s*\.?",
    re.I,
)
_PUBLISHED_WORDS = (
    "Опубликовано", "опубликовано", "ОПУБЛИКОВАНО", "Размещено", "размещено", "публикации", "размещения",
)  # fmt: skip


def published_line_below(title: LexborNode, article_url: re.Pattern[str]) -> DateLine | None:
    """A date line printed under the text («Опубликовано: 15.07.2020 07:29» at the article's foot):
    the first line after the headline that is such a label then a date (and its time) and nothing
    more, short, shown as the headline is and in no teaser card or sidebar. Asked only when no date
    line is next to the headline: one C-level query for the label's words."""
    root = title
    while root.parent is not None and root.tag != "body":
        root = root.parent
    for node in holding_text(root, _PUBLISHED_WORDS) or []:
        whole = text_of(node)
        label = _PUBLISHED_LABEL.match(whole)
        if label is None or len(whole) > _LINE_MAX or not precedes(title, node):
            continue
        rest = whole[label.end() :]
        if not (DATE_LINE.match(rest) or _ISO_DATE.match(rest)) or not _ONLY_DATE_AND_TIME.fullmatch(rest):
            continue
        # (A sidebar between it and the headline's block; a column class such as `page-with-side` around both is none.)
        if _teaser_date(node, article_url) or in_sidebar(node, stop=common_ancestor(title, node)):
            continue
        if not shown_with(node, title):
            continue
        return DateLine(whole, node)
    return None


def _labelled_line(nodes: Iterator[LexborNode], limit: int, anchor: LexborNode) -> DateLine | None:
    seen = 0
    for node in nodes:
        if node.tag != "-text":
            continue
        own = clean_text(node.text_content or "")
        if not own:
            continue
        seen += 1
        holder = node.parent or node
        whole = text_of(holder)
        for line in (own, whole):
            label = _BEFORE_DATE.match(line)
            rest = line[label.end() :] if label else ""
            if label and len(line) <= _LINE_MAX and (DATE_LINE.match(rest) or _ISO_DATE.match(rest)):
                return DateLine(whole if len(whole) <= _LINE_MAX else own, holder)
        if seen >= limit or _text_begins(node, own, anchor):
            return None
    return None


# A date a reader can place: day, month and year (words or digits) or an ISO date, not «вчера» or
# «2 дня назад».
_ABSOLUTE_DATE = re.compile(
    r"\d{1,2}\s+" + MONTH_WORD + r"\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4}|\d{2}\.\d{2}\.\d{2}(?![\d.])|\d{4}-\d{2}-\d{2}",
    re.I,
)


def date_slot_text(node: LexborNode) -> str:
    """The text of a template's date element; when it is (or holds) a `<time datetime>` and its text
    gives no full date («вчера», «2 дня назад»: a redesign's relative dates), the machine-readable
    datetime instead. A full date in the text stays the one read (a `datetime` without an offset
    may be UTC)."""
    text = text_of(node)
    if _ABSOLUTE_DATE.search(text):
        return text
    stamp = node if node.tag == "time" else css_first(node, "time[datetime]")
    value = (stamp.attrs.get("datetime") or "").strip() if stamp is not None else ""
    return value if _ISO_DATE.match(value) else text


def _teaser_date(node: LexborNode, article_url: re.Pattern[str]) -> bool:
    """Whether a date line belongs to a teaser of another page (a sidebar, related-news or events
    card): it sits in a link, or its short card holds a link to an article."""
    if has_ancestor_tag(node, ("a",)):
        return True  # a card's date: inside the link to the article, the event, …
    card = node.parent
    return (
        card is not None
        and not text_reaches(card, _CARD_MAX + 1)  # (the card may be the whole article: read no more)
        and any(article_url.search(href_of(a)) for a in css(card, "a[href]"))
    )


_CARD_MAX = 300  # chars: a teaser card (date, title, a line of lead) is this short


def publication_line(title: LexborNode, article_url: re.Pattern[str]) -> DateLine | None:
    """The date line next to the title: the landmark's, then one behind a label («Опубликовано:»,
    «Дата публикации:») or led by the time; after the title first, then before it, where a teaser's
    date (a sidebar placed before the article) is not taken. A line without a time whose short parent
    holds one (date and time in spans of their own) gives the parent's text."""
    line = date_line_near(title, before=0) or _labelled_line(nodes_after(title), 40, title)
    if line is not None and not shown_with(line.node, title):
        line = None  # (a hidden copy's date)
    if line is None:
        line = date_line_near(title, after=0) or _labelled_line(nodes_before(title), 8, title)
        if line is not None and (_teaser_date(line.node, article_url) or not shown_with(line.node, title)):
            line = None
    if line is None:
        line = published_line_below(title, article_url)
    if line is not None and not _CLOCK.search(line.text) and line.node.parent is not None:
        whole = text_of(line.node.parent)
        if len(whole) <= _LINE_MAX and _CLOCK.search(whole) and line.text in whole:
            return DateLine(whole, line.node.parent)
    return line


# Between a date's year and its time: «в», «, в», a bar, a dot, a slash or a dash.
_TIME_SEPARATOR = re.compile(r"(?<=\d{4})(\s*(?:года|г\.)?)\s*(?:,?\s*в|[|·•/–—-]|,)\s*(?=\d{1,2}:\d{2}(?!\d))")


def time_last(text: str | None) -> str | None:
    """A date line as the date reader takes it, the time right after the date: `07:29, 15 июля 2020`
    as `15 июля 2020 07:29`; `15.07.2020 в 07:29`, `15 июля 2020 года, в 07:29`, `15.07.2020 | 07:29`
    with a space for the separator."""
    if not text:
        return text
    match = _TIME_FIRST.match(text)
    if match and not _CLOCK.search(match.group(2)):
        text = f"{match.group(2)} {match.group(1)}"
    return _TIME_SEPARATOR.sub("\\1 ", text)


def machine_date(
    tree: LexborHTMLParser, title: LexborNode, article_url: re.Pattern[str]
) -> tuple[str | None, LexborNode | None]:
    """With no date line: the `<time datetime>` next to the headline (see `time_by_headline`) and
    that element, else the page's `article:published_time` / `datePublished` meta (the visible date
    may omit the year)."""
    found = time_by_headline(title, article_url)
    if found is not None:
        return found.text, found.node
    return meta_content(tree, "article:published_time", "datePublished"), None


def time_by_headline(title: LexborNode, article_url: re.Pattern[str]) -> DateLine | None:
    """The `<time datetime>` where the date line would be (after the headline before the text
    starts, or just before it; not a teaser's): its ISO value and the element."""
    for nodes, limit in ((nodes_after(title), 40), (nodes_before(title), 8)):
        seen = 0
        for node in nodes:
            if node.tag == "time":
                value = (node.attrs.get("datetime") or "").strip()
                if _ISO_DATE.match(value) and not _teaser_date(node, article_url):
                    return DateLine(value, node)
            elif node.tag == "-text":
                own = (node.text_content or "").strip()
                if own:
                    seen += 1
                    if seen >= limit or _text_begins(node, own, title):
                        break
    return None


# "Опубликовано: 15 июля 2020", "Дата публикации: 15.07.2020 07:29": a label before the date line.
_PUBLISHED_LABEL = re.compile(
    r"^(?:опубликовано|дата\s+(?:публикации|размещения|создания)|размещено|дата)\s*:?\s*", re.I
)
_PUBLISHED_LABEL_WORDS = ("Опубликовано", "опубликовано", "Дата", "дата", "Размещено", "размещено")


def labelled_date_line(scope: LexborNode) -> DateLine | None:
    """A short line in `scope` that is a label ("Опубликовано:", "Дата публикации:") and a date: the
    date line of a redesign that prefixed it (`date_line_near` wants the date first)."""
    return label_then_date(scope, _PUBLISHED_LABEL_WORDS, _PUBLISHED_LABEL, _LINE_MAX)


def label_then_date(scope: LexborNode, words: Iterable[str], label: re.Pattern[str], limit: int) -> DateLine | None:
    """The first line in `scope`, at most `limit` chars, that is a `label` then a date: an element
    with a text node holding one of the label's `words` (`holding_text`), or its parent."""
    for node in holding_text(scope, words) or []:
        for holder in (node, node.parent):
            if holder is None:
                continue
            text = text_of(holder)
            found = label.match(text)
            if found and len(text) <= limit and DATE_LINE.match(text[found.end() :]):
                return DateLine(text, holder)
    return None


# A link to another news item (`/news/4630/`, `…/novosti_141.html`): what a teaser card holds.
_ITEM_LINK = re.compile(r"(?:/\d+/?|_\d+\.html)$")


def _path(href: str) -> str:
    parts = url_parts(href)
    return parts.path if parts is not None else ""


def _in_teaser_card(node: LexborNode) -> bool:
    """Whether `node` (a date line) sits in a teaser card: a short element, at most three levels
    up, that links another news item (by the link's path: a share link's query names this page)."""
    current = node.parent
    for _ in range(3):
        if current is None or current.tag in ("body", "html") or text_reaches(current, _CARD_MAX):
            return False
        if any(_ITEM_LINK.search(_path(href_of(anchor))) for anchor in css(current, "a[href]")):
            return True
        current = current.parent
    return False


def find_date_line(title: LexborNode, scope: LexborNode | None, text: LexborNode | None) -> DateLine | None:
    """The date line of a page whose date class is unknown, by its landmarks, teaser dates refused:
    after the headline (before the text starts; the date first, or led by a weekday, the time or a
    label), behind a label ("Опубликовано:") in the article `scope`, right under the text (in
    `scope`), or among the few texts before the headline."""
    verdicts: dict[int, bool] = {}  # a line found again by the next search is not checked again

    def usable(line: DateLine | None) -> bool:
        if line is None:
            return False
        key = line.node.mem_id
        if key not in verdicts:
            verdicts[key] = not _in_teaser_card(line.node)
        return verdicts[key]

    line = date_line_near(title, before=0)
    if not usable(line):  # led by a weekday or the time, or behind a label
        line = _labelled_line(nodes_after(title), 40, title)
    if not usable(line):
        line = labelled_date_line(scope) if scope is not None else None
    if not usable(line) and text is not None and scope is not None:
        line = date_line_near(text, before=0) or _labelled_line(nodes_after(text), 40, text)
        if line is not None and not holds(scope, line.node):
            line = None
    if not usable(line):
        line = date_line_near(title, after=0)
    return line if usable(line) else None
