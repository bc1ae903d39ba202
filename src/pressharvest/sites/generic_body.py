"""The generic extractor's text finder: which element of an unknown page holds the article text.

One pre-order walk over the body (no per-node CSS) records every element's parent, the nearest block
element, whether it sits in a link, and gives each block its own inline text; invisible markup
(scripts, styles, svg, …) is skipped, then removed. Page chrome and hidden markup are leaves of the
walk: what they hold is not read (most of a page's elements sit in chrome); a chrome element's text
is read by lexbor in one call and counts against what holds it. Blocks are judged once: *prose*
(runs of sentences), *short* (labels, bylines, buttons) or neutral (headings, table cells); link text
is counted apart. Then, bottom-up over plain lists, every element gets the totals of its subtree and
the score

    prose − penalties · (link text, short text, text inside chrome)

and the container is the best-scoring element outside chrome: it grows while what it takes in is
mostly prose and stops where navigation begins. Chrome is found by tag (nav, aside, footer, header,
form), ARIA role, and the words of class and id (comments, share bars, related / "read also" blocks,
cookie notices, newsletters, captions, …). A chrome element holding more text outside links than the
page's prose outside chrome (and than 3× the best score) may be the article's wrapper after all: it
is walked into, and the container chosen again. Prose before the headline weighs less: the article
follows its title (a landmark). Inside the chosen container, chrome, link lists, hidden markup and
everything up to the headline are removed before the blocks are read.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import or_, sub
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.landmarks import DOCUMENT_EXT, HIDDEN_STYLE


def _split(words: str) -> list[str]:
    return words.split()


# Never article text; removed from the tree before the pass (C-level, one call).
INVISIBLE_TAGS = [
    *_split("script style noscript template iframe svg button select textarea input object embed"),
    *_split("video audio canvas map option datalist dialog"),
]
# Elements whose own inline text is judged as one unit (a paragraph, a list item, a cell …).
_BLOCKS = frozenset(
    [
        *_split("p div li td th dd dt blockquote pre section article main figcaption figure"),
        *_split("h1 h2 h3 h4 h5 h6 ul ol dl table tbody thead tfoot tr header footer nav aside form"),
        *_split("address center details summary body"),
    ]
)
_NEUTRAL = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "td", "th"])
_CHROME_TAGS = frozenset(["nav", "aside", "footer", "header", "form", "figcaption"])
_CHROME_ROLES = frozenset(
    ["navigation", "complementary", "contentinfo", "search", "banner", "menu", "menubar", "dialog", "alert"]
)
# Words of class / id naming page chrome, as a whole dash/underscore/camel-separated part of a token.
_CHROME_WORDS = [
    *_split("nav navbar navigation menu menubar breadcrumbs? footer sidebar aside widgets? comments?"),
    *_split("commentlist disqus share sharing sharebar social socials likes related recommended"),
    *_split("recommendations popular trending readmore newsletter subscribe subscription signup"),
    *_split("cookies? consent gdpr banner advert advertisement ads? adv promo sponsored teasers?"),
    *_split("outbrain taboola tags tagcloud pagination pager toolbar modal popup login search"),
    *_split("masthead copyright disclaimer caption credits?"),
]
_CHROME_ATTR = re.compile(r"(?:^|[\s_-])(?:" + "|".join(_CHROME_WORDS) + r")(?=$|[\s_-])")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SENTENCE = re.compile(r"[.!?…»\"”:;)]\s|[.!?…»\"”)]$")

PROSE_MIN = 90  # a block with this many plain characters is prose whatever its punctuation
PROSE_SHORT = 30  # a shorter block is prose only when it reads as a sentence
_BEFORE_TITLE = 0.3  # weight of prose before the headline
_LINK_PENALTY = 1.0
_SHORT_PENALTY = 0.25
_CHROME_PENALTY = 1.0
_ITEM_LINK_DENSITY = 0.5  # a part of the container with more link text than this is navigation
_CHROME_MAX_SHARE = 0.5
_CHROME_OVER_BEST = 3.0
# Weight of the text of chrome the pass did not walk: mostly links (weight 1) and labels (1/4).
_CLOSED_PENALTY = 0.75


def is_chrome_attr(value: str) -> bool:
    """Whether a class or id value names page chrome (`share-bar`, `relatedPosts`, `comments`)."""
    if not value:
        return False
    return bool(_CHROME_ATTR.search(_CAMEL.sub(r"\1-\2", value).lower()))


_ATTR_VERDICTS: dict[tuple[str | None, str | None, str | None, str | None, bool], tuple[bool, bool]] = {}
_CLASS_CHROME: dict[str | None, bool] = {}  # elements whose only such attribute is a class
_NOT_CLASS_KEYS = frozenset(["id", "role", "style", "hidden", "aria-hidden"])  # the others `_attr_verdict` reads
_VERDICT_CACHE = 50_000


def _attr_verdict(
    cls: str | None, ident: str | None, role: str | None, style: str | None, hidden: bool
) -> tuple[bool, bool]:
    """(chrome, invisible) for an element's class, id, role, style and hidden flags."""
    chrome = (role or "") in _CHROME_ROLES or is_chrome_attr(cls or "") or is_chrome_attr(ident or "")
    return chrome, hidden or bool(HIDDEN_STYLE.search(style or ""))


def _tag_ids() -> dict[str, int]:
    """lexbor's numeric ids of the tags the pass looks at (reading `tag_id` is cheaper than `tag`).

    Each tag is parsed in a document of its own (table parts inside a table), so no tag's parsing
    rules (raw text, foster parenting, a select or template context) can swallow another's.
    """
    table = "<table><caption></caption><colgroup><col></colgroup><thead><tr><th></th></tr></thead>" \
        "<tbody><tr><td></td></tr></tbody><tfoot></tfoot></table>"
    ids: dict[str, int] = {}
    for name in sorted(_BLOCKS | _CHROME_TAGS | {"a", *INVISIBLE_TAGS}):
        for html in (f"<body><{name}></{name}></body>", f"<body>{table}</body>"):
            body = LexborHTMLParser(html).body
            found = [node.tag_id for node in body.traverse() if node.tag == name] if body is not None else []
            if found:
                ids[name] = found[0]
                break
        else:  # pragma: no cover - a parser that cannot build this tag at all
            raise RuntimeError(f"no tag id for <{name}>")
    return ids


_IDS = _tag_ids()
_BLOCK_IDS = frozenset(_IDS[name] for name in _BLOCKS)
_NEUTRAL_IDS = frozenset(_IDS[name] for name in _NEUTRAL)
_CHROME_TAG_IDS = frozenset(_IDS[name] for name in _CHROME_TAGS)
_A_ID = _IDS["a"]
_INVISIBLE_IDS = frozenset(_IDS[name] for name in INVISIBLE_TAGS)
_TEXT_ID = LexborHTMLParser("x").body.first_child.tag_id  # type: ignore[union-attr]
_LOWEST_ELEMENT_ID = min(_IDS.values())  # below it: text, comment, doctype … (checked, not assumed)
# Figures are kept in tenths of a character, as integers: prose before the headline weighs 3/10, and
# every sum, and every score (penalties 1 and 1/4), is exact whatever the order of the additions.
_TENTHS = 10
_BEFORE_TITLE_TENTHS = round(_BEFORE_TITLE * _TENTHS)


@dataclass
class Scan:
    """The pass's figures, indexed by pre-order position of the elements under the body.

    Text figures are in tenths of a character. `own_*` are an element's own (inline) text, and for a
    closed chrome element (not walked: `closed`, no rows below it) all its text; after
    `find_container`, `prose` … `text` are subtree totals of the container's elements (0 elsewhere),
    exact outside chrome and hidden markup (inside walked chrome, made exact on demand by
    `exact_region`).
    """

    nodes: list[LexborNode]
    parent: list[int]
    end: list[int]  # one past the last descendant
    chrome: list[bool]  # the element itself is chrome
    hidden: list[bool]  # the element itself is hidden or a document-less link list
    own_prose: list[int]
    own_short: list[int]
    own_links: list[int]
    own_text: list[int]
    owners: list[int]  # the elements with text of their own, in order
    title: int  # index of the headline, -1 when unknown or outside the body
    closed: list[int]  # chrome elements the pass did not walk (their text counts against what holds them)
    rows: _Rows  # what the walk gathered (for `reopen`)
    best_score: float = 0.0  # the container's score (tenths of a character), after `find_container`
    whole_prose: int = 0  # the page's prose outside hidden markup, after `find_container`
    prose: list[int] = field(default_factory=list)  # prose outside chrome
    links: list[int] = field(default_factory=list)
    text: list[int] = field(default_factory=list)

    def exact_region(self, top: int) -> None:
        """Subtree totals inside `top` (chrome or hidden), computed one element at a time: prose
        inside nested chrome and everything inside hidden markup count for nothing."""
        parent, chrome, hidden = self.parent, self.chrome, self.hidden
        prose, links, text = self.prose, self.links, self.text
        for at in range(self.end[top] - 1, top - 1, -1):
            prose[at], links[at], text[at] = self.own_prose[at], self.own_links[at], self.own_text[at]
        for at in range(self.end[top] - 1, top - 1, -1):
            if hidden[at]:
                prose[at] = links[at] = text[at] = 0
            elif chrome[at]:
                prose[at] = 0
            if at > top:
                up_at = parent[at]
                prose[up_at] += prose[at]
                links[up_at] += links[at]
                text[up_at] += text[at]


def _path_ids(node: LexborNode | None) -> frozenset[int]:
    """The `mem_id`s of `node` and its ancestors (none for None)."""
    ids = []
    while node is not None:
        ids.append(node.mem_id)
        node = node.parent
    return frozenset(ids)


@dataclass
class _Rows:
    """What the walk gathers, one row per element in pre-order (see `Scan`)."""

    nodes: list[LexborNode]
    parent: list[int]
    end: list[int]
    owner_of: list[int]  # the block an element's inline text belongs to, `~block` inside a link
    chrome: list[bool]
    hidden: list[bool]
    own: dict[int, list[str]] = field(default_factory=dict)  # a block's own text pieces
    link_chars: dict[int, int] = field(default_factory=dict)  # a block's link text, in characters
    closed: dict[int, int] = field(default_factory=dict)  # chrome not walked: its text in tenths
    invisible: list[LexborNode] = field(default_factory=list)


def _walk(rows: _Rows, top: int, keep_open: frozenset[int], open_over: int) -> None:
    """Append the rows of what `rows.nodes[top]` holds, in pre-order (sets `rows.end[top]`).

    Chrome and hidden elements are not walked into, unless in `keep_open` or (chrome) holding more
    than `open_over` tenths of a character of text outside links (`open_over` < 0: none is).
    """
    nodes, parent, end, owner_of = rows.nodes, rows.parent, rows.end, rows.owner_of
    chrome, hidden, own, link_chars = rows.chrome, rows.hidden, rows.own, rows.link_chars
    closed, invisible = rows.closed, rows.invisible
    # Hot loop (every element walked): locals bound once, attribute verdicts memoised.
    own_get = own.get
    link_get = link_chars.get
    block_ids = _BLOCK_IDS
    chrome_ids = _CHROME_TAG_IDS
    invisible_ids = _INVISIBLE_IDS
    text_id = _TEXT_ID
    a_id = _A_ID
    lowest = _LOWEST_ELEMENT_ID
    verdicts = _ATTR_VERDICTS
    verdict_get = verdicts.get
    class_chrome = _CLASS_CHROME
    class_chrome_get = class_chrome.get
    only_class = _NOT_CLASS_KEYS.isdisjoint
    document = DOCUMENT_EXT.search
    if len(verdicts) > _VERDICT_CACHE:
        verdicts.clear()
    if len(class_chrome) > _VERDICT_CACHE:
        class_chrome.clear()
    walks = [nodes[top].iter(include_text=True, skip_empty=True)]
    open_at = [top]
    up_at = top
    count = len(nodes)
    while walks:
        up_owner = owner_of[up_at]
        linked = up_owner < 0
        for node in walks[-1]:
            tag_id = node.tag_id
            if tag_id == text_id:
                if linked:
                    owner = ~up_owner
                    link_chars[owner] = link_get(owner, 0) + len((node.text_content or "").strip())
                else:
                    parts = own_get(up_owner)
                    if parts is None:
                        own[up_owner] = [node.text_content or ""]
                    else:
                        parts.append(node.text_content or "")
                continue
            if tag_id < lowest and not node.is_element_node:
                continue
            if tag_id in invisible_ids:
                invisible.append(node)
                continue
            attrs = node.attributes
            flagged = tag_id in chrome_ids
            invisible_attr = False
            if attrs:
                if only_class(attrs):
                    # No attribute but the class can make it chrome or hidden (the common case).
                    cls = attrs.get("class")
                    named = class_chrome_get(cls)
                    if named is None:
                        named = class_chrome[cls] = is_chrome_attr(cls or "")
                    if named:
                        flagged = True
                else:
                    key = (attrs.get("class"), attrs.get("id"), attrs.get("role"), attrs.get("style"),
                           "hidden" in attrs or attrs.get("aria-hidden") == "true")  # fmt: skip
                    verdict = verdict_get(key)
                    if verdict is None:
                        verdict = verdicts[key] = _attr_verdict(*key)
                    flagged = flagged or verdict[0]
                    invisible_attr = verdict[1]
            at = count
            count += 1
            block = at if tag_id in block_ids else (~up_owner if linked else up_owner)
            in_link = linked
            if tag_id == a_id and not linked:
                # A document link is content (RECORD: its paragraph is a body entry), not navigation.
                in_link = not document(attrs.get("href") or "")
            owner_of.append(~block if in_link else block)
            nodes.append(node)
            parent.append(up_at)
            chrome.append(flagged)
            hidden.append(invisible_attr)
            if (flagged or invisible_attr) and node.mem_id not in keep_open:
                if invisible_attr:  # what it holds counts for nothing
                    end.append(count)
                    continue
                # Chrome: its text in one C-level call (it counts against what holds it).
                chars = len(node.text(skip_empty=True).strip()) * _TENTHS
                if open_over < 0 or chars <= open_over or _unlinked_text(node, chars) <= open_over:
                    end.append(count)
                    closed[at] = chars
                    continue
            end.append(0)
            walks.append(node.iter(include_text=True, skip_empty=True))
            open_at.append(at)
            up_at = at
            break
        else:
            walks.pop()
            end[open_at.pop()] = count
            if open_at:
                up_at = open_at[-1]


def _open(rows: _Rows, tops: list[int], open_over: int) -> None:
    """Walk into the closed chrome elements `tops` after all: each one's new rows are appended by
    the walk, then all rows are put back in pre-order at once (the new ones right after their top)."""
    count = len(rows.nodes)
    order: list[int] = []  # new position -> old index
    done = 0
    for top in sorted(tops):
        del rows.closed[top]
        first = len(rows.nodes)
        _walk(rows, top, frozenset(), open_over)
        order += range(done, top + 1)
        order += range(first, len(rows.nodes))
        done = top + 1
    order += range(done, count)
    new = [0] * len(order)  # old index -> new position
    for position, old in enumerate(order):
        new[old] = position

    def reordered(values: list[Any]) -> list[Any]:
        return list(map(values.__getitem__, order))

    rows.nodes = reordered(rows.nodes)
    rows.chrome = reordered(rows.chrome)
    rows.hidden = reordered(rows.hidden)
    parent = rows.parent = [new[up] if up >= 0 else -1 for up in map(rows.parent.__getitem__, order)]
    rows.owner_of = [new[owner] if owner >= 0 else ~new[~owner] for owner in reordered(rows.owner_of)]
    end = rows.end = list(range(1, len(order) + 1))
    for at in range(len(order) - 1, 0, -1):
        up = parent[at]
        end[up] = max(end[up], end[at])
    rows.own = {new[key]: value for key, value in rows.own.items()}
    rows.link_chars = {new[key]: value for key, value in rows.link_chars.items()}
    rows.closed = {new[key]: value for key, value in rows.closed.items()}


def _rows(body: LexborNode, title: LexborNode | None) -> _Rows:
    """The walk from the body; chrome and hidden markup not walked, except on the headline's path."""
    rows = _Rows([body], [-1], [0], [0], [False], [False])
    # The body's own flags (a body named "has-sidebar" is walked all the same).
    attrs = body.attributes
    if attrs:
        rows.chrome[0], rows.hidden[0] = _attr_verdict(
            attrs.get("class"), attrs.get("id"), attrs.get("role"), attrs.get("style"),
            "hidden" in attrs or attrs.get("aria-hidden") == "true",
        )  # fmt: skip
    _walk(rows, 0, _path_ids(title), -1)
    return rows


def _figures(rows: _Rows, title: LexborNode | None) -> Scan:
    """The rows judged: each block's own text as prose, short or neutral; link text apart."""
    for node in rows.invisible:  # none inside another: those were skipped
        node.decompose()
    rows.invisible = []
    nodes, hidden = rows.nodes, rows.hidden
    count = len(nodes)
    title_at = -1
    if title is not None:
        title_id = title.mem_id
        title_at = next((at for at in range(count) if nodes[at].mem_id == title_id), -1)
    own_prose = [0] * count
    own_short = [0] * count
    own_links = [0] * count
    own_text = [0] * count
    neutral = _NEUTRAL_IDS
    for owner, parts in rows.own.items():
        if hidden[owner]:
            continue
        text = "".join(parts).strip()
        length = len(text)
        own_text[owner] = length * _TENTHS
        if owner == title_at or nodes[owner].tag_id in neutral:
            continue  # the headline, sub-headings and table cells: no evidence either way
        if length >= PROSE_MIN or (length >= PROSE_SHORT and _SENTENCE.search(text)):
            before = title_at >= 0 and owner < title_at
            own_prose[owner] = length * (_BEFORE_TITLE_TENTHS if before else _TENTHS)
        else:
            own_short[owner] = length * _TENTHS
    for owner, chars in rows.link_chars.items():
        own_links[owner] = chars * _TENTHS
        own_text[owner] += chars * _TENTHS
    for at, chars in rows.closed.items():
        own_text[at] = chars  # (as link text too when it holds a link: `_closed_links`)
    owners = sorted(set(rows.own).union(rows.link_chars, rows.closed))
    closed = sorted(rows.closed)
    return Scan(nodes, rows.parent, rows.end, rows.chrome, hidden, own_prose, own_short, own_links, own_text,
                owners, title_at, closed, rows)  # fmt: skip


def scan(body: LexborNode, title: LexborNode | None) -> Scan:
    """The one pass: structure, flags, and each block's own text, judged.

    A chrome or hidden element is a leaf of the pass: what it holds is not walked (most of a page's
    elements sit in chrome), unless it holds the headline (`reopen` walks into chrome that may hold the
    article). Hidden markup counts for nothing; chrome's text, read by lexbor in one call, counts
    against what holds it. Invisible markup (`INVISIBLE_TAGS`) outside those is left out of the
    figures, as if it were not there, and removed from the tree at the end of the pass.
    """
    return _figures(_rows(body, title), title)


def _unlinked_text(node: LexborNode, chars: int) -> int:
    """`chars` (the text of `node`, in tenths) less the text of its links: at most its prose."""
    linked = sum(len(anchor.text(skip_empty=True).strip()) for anchor in node.css("a[href]"))
    return chars - linked * _TENTHS


def reopen(found: Scan, title: LexborNode | None, open_over: int) -> Scan | None:
    """The pass again with the closed chrome holding more than `open_over` of text outside links
    (tenths of a character: more than that can be prose) walked into, and chrome inside it likewise;
    the rest is not walked again. None when no chrome holds that much."""
    rows = found.rows
    nodes = found.nodes
    tops = [at for at, chars in rows.closed.items() if chars > open_over]
    tops = [at for at in tops if _unlinked_text(nodes[at], rows.closed[at]) > open_over]
    if not tops:
        return None
    _open(rows, tops, open_over)
    return _figures(rows, title)


def _subtree_sums(values: list[int] | list[float], end: list[int]) -> list[float]:
    """Every element's total of `values` over its subtree (a pre-order interval), in C loops."""
    running = list(accumulate(values, initial=0))
    return list(map(sub, map(running.__getitem__, end), running))


def _subtree_sums_within(values: list[int], end: list[int], low: int, high: int) -> list[int]:
    """`_subtree_sums` for the elements of one subtree (`low` to `high`); 0 for the others."""
    running = [0] * low
    running += accumulate(values[low:high], initial=0)  # running[at]: the values from low to at
    sums = [0] * len(end)
    sums[low:high] = map(sub, map(running.__getitem__, end[low:high]), running[low:high])
    return sums


_FREE, _IN_CHROME, _NESTED_CHROME, _IN_HIDDEN = 0, 1, 2, 3


def _zones(found: Scan, chrome: list[bool]) -> tuple[list[int], list[int]]:
    """Per element: outside chrome and hidden markup, inside chrome, inside chrome nested in chrome,
    or inside hidden markup; and the tops of the chrome / hidden subtrees."""
    end, hidden = found.end, found.hidden
    count = len(end)
    every = range(count)
    zone = [_FREE] * count
    tops: list[int] = []
    stop = 0
    for at in compress(every, map(or_, chrome, hidden)):  # in order
        if at >= stop:
            tops.append(at)
            stop = end[at]
            zone[at:stop] = [_IN_CHROME] * (stop - at)
        elif zone[at] == _IN_CHROME:
            zone[at : end[at]] = [_NESTED_CHROME] * (end[at] - at)
    stop = 0
    for at in compress(every, hidden):
        if at >= stop:
            stop = end[at]
            zone[at:stop] = [_IN_HIDDEN] * (stop - at)
    return zone, tops


def _raw_inside_hidden(found: Scan, at: int) -> int:
    """Raw prose of an element inside hidden markup: its subtree without hidden parts."""
    total = 0
    stop = found.end[at]
    while at < stop:
        if found.hidden[at]:
            at = found.end[at]
            continue
        total += found.own_prose[at]
        at += 1
    return total


def _closed_links(found: Scan, low: int, high: int) -> None:
    """The text of the closed chrome from `low` to `high` is link text when it holds a link
    (navigation, a share bar, a list of tags; a caption has none). Only the pruning needs this."""
    closed, own_text, own_links = found.closed, found.own_text, found.own_links
    for at in closed[bisect_left(closed, low) : bisect_left(closed, high)]:
        if own_text[at] and found.nodes[at].css_first("a[href]") is not None:
            own_links[at] = own_text[at]


def find_container(found: Scan) -> int:
    """Index of the element holding the article text (-1 when the page has none).

    Every element's score is `prose − links − ¼·short − prose inside chrome` over its subtree: one
    weight per element with text, summed over subtrees in C (pre-order intervals); prose inside
    chrome counts down to the next chrome element (chrome nested in chrome is not counted again).
    """
    count = len(found.nodes)
    if not count:
        return -1
    end = found.end
    own_prose, own_short, own_links = found.own_prose, found.own_short, found.own_links
    chrome = list(found.chrome)
    best = -1
    for attempt in range(2):
        zone, tops = _zones(found, chrome)
        weight = [0.0] * count
        raw_own = [0] * count
        for at in found.owners:
            place = zone[at]
            if place == _IN_HIDDEN:
                continue
            prose = own_prose[at]
            raw_own[at] = prose
            penalty = _LINK_PENALTY * own_links[at] + _SHORT_PENALTY * own_short[at]
            if place == _FREE:
                weight[at] = prose - penalty
            elif place == _IN_CHROME:
                weight[at] = -penalty - _CHROME_PENALTY * prose
            else:
                weight[at] = -penalty
        for at in found.closed:
            if zone[at] != _IN_HIDDEN:
                weight[at] = -_CLOSED_PENALTY * found.own_text[at]
        scores = _subtree_sums(weight, end)
        for top in tops:
            scores[top : end[top]] = [0.0] * (end[top] - top)
        best_score = max(scores)
        best = scores.index(best_score) if best_score > 0 else -1
        found.best_score = best_score
        if attempt:
            break
        # A wrapper whose class only says the layout has a sidebar ("penci_sidebar") may hold the
        # article: chrome holding most of the page's prose, far more than the best container found
        # outside chrome, is not chrome. Rare, so the second round costs little.
        # So is a wrapper named after a modifier ("has-section-nav") that holds the headline and most
        # of the prose.
        running = list(accumulate(raw_own, initial=0))
        whole_page = running[end[0]] if zone[0] != _IN_HIDDEN else 0
        found.whole_prose = whole_page
        floor = max(_CHROME_MAX_SHARE * whole_page, _CHROME_OVER_BEST * max(best_score, 0.0))
        title = found.title
        wrong = []
        flagged = list(compress(range(count), chrome))
        # Either test needs more than half the page's prose (floor >= that); without hidden markup
        # every element's raw prose is its running interval, so one C-level max rules out most pages.
        ends = map(running.__getitem__, map(end.__getitem__, flagged))
        most = max(map(sub, ends, map(running.__getitem__, flagged)), default=0)
        if any(found.hidden) or most > _CHROME_MAX_SHARE * whole_page:
            for at in flagged:
                raw = _raw_inside_hidden(found, at) if zone[at] == _IN_HIDDEN else running[end[at]] - running[at]
                if raw > floor or (at < title < end[at] and raw > _CHROME_MAX_SHARE * whole_page):
                    wrong.append(at)
        if not wrong:
            break
        for at in wrong:
            chrome[at] = False
        found.chrome = chrome
    if best >= 0:
        # Subtree totals for the pruning, inside the container only (exact outside chrome and hidden
        # markup; `exact_region` inside).
        low, high = best, end[best]
        _closed_links(found, low, high)
        free_prose = [0] * count
        visible_links = [0] * count
        visible_text = [0] * count
        own_text = found.own_text
        owners = found.owners
        for at in owners[bisect_left(owners, low) : bisect_left(owners, high)]:
            place = zone[at]
            if place != _IN_HIDDEN:
                visible_links[at] = own_links[at]
                visible_text[at] = own_text[at]
                if place == _FREE:
                    free_prose[at] = own_prose[at]
        found.prose = _subtree_sums_within(free_prose, end, low, high)
        found.links = _subtree_sums_within(visible_links, end, low, high)
        found.text = _subtree_sums_within(visible_text, end, low, high)
    return best


def prune(found: Scan, container: int) -> None:
    """Take chrome, hidden markup, link lists and everything up to the headline out of the container."""
    doomed: list[LexborNode] = []
    title = found.title
    if not container < title < found.end[container]:
        title = -1
    at = container + 1
    stop = found.end[container]
    exact_until = 0  # the totals inside chrome / hidden markup are exact up to here
    while at < stop:
        inside_title_path = title >= 0 and at <= title < found.end[at]
        if inside_title_path and at >= exact_until and (found.chrome[at] or found.hidden[at]):
            found.exact_region(at)  # the headline sits in chrome: its neighbours are judged inside
            exact_until = found.end[at]
        if title >= 0 and at < title and not inside_title_path:
            if found.text[at] or found.chrome[at]:
                doomed.append(found.nodes[at])  # before the headline: kicker, breadcrumbs, label
            # (a picture before the headline stays: it is the article's lead image)
            at = found.end[at]
            continue
        if at == title:
            doomed.append(found.nodes[at])
            at = found.end[at]
            continue
        text = found.text[at]
        link_heavy = text > 0 and found.links[at] > _ITEM_LINK_DENSITY * text and found.prose[at] < found.links[at]
        if not inside_title_path and (found.chrome[at] or found.hidden[at] or link_heavy):
            doomed.append(found.nodes[at])
            at = found.end[at]
            continue
        at += 1
    for node in doomed:
        node.decompose()


def article_container(tree: LexborHTMLParser, title: LexborNode | None) -> tuple[Scan | None, int]:
    """The pass's figures and the index of the pruned article container (-1: none found).

    The tree is modified: invisible markup in the body and the container's chrome are removed.
    """
    body = tree.body
    if body is None:
        return None, -1
    with paused_gc():
        found = scan(body, title)
        best = find_container(found)
        open_over = int(max(_CHROME_OVER_BEST * max(found.best_score, 0.0), found.whole_prose))
        if any(found.own_text[at] > open_over for at in found.closed):
            opened = reopen(found, title, open_over)
            if opened is not None:
                found = opened
                best = find_container(found)
    if best >= 0:
        prune(found, best)
    return found, best


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused (unless it already is). The extraction allocates thousands
    of small objects and no cycles: the collector, triggered by allocation counts, would only rescan
    them and the rest of the process's heap (measured: a third of the pass's time). The allocations
    stay counted: one collection follows the pause, not several during it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
