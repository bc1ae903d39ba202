"""The generic extractor's text finder: which element of an unknown page holds the article text.

One pre-order pass over the body (`traverse`, no per-node CSS) records every element's parent, the
nearest block element, whether it sits in a link, in page chrome or in hidden markup, and gives each
block its own inline text. Blocks are judged once: *prose* (runs of sentences), *short* (labels,
bylines, buttons) or neutral (headings, table cells); link text is counted apart. Then, bottom-up
over plain lists, every element gets the totals of its subtree and the score

    prose − penalties · (link text, short text, text inside chrome)

and the container is the best-scoring element outside chrome: it grows while what it takes in is
mostly prose and stops where navigation begins. Chrome is found by tag (nav, aside, footer, header,
form), ARIA role, and the words of class and id (comments, share bars, related / "read also" blocks,
cookie notices, newsletters, captions, …). Prose before the headline weighs less: the article
follows its title (a landmark). Inside the chosen container, chrome, link lists, hidden markup and
everything up to the headline are removed before the blocks are read.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pressharvest.sites.landmarks import DOCUMENT_EXT


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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
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


def is_chrome_attr(value: str) -> bool:
    """Whether a class or id value names page chrome (`share-bar`, `relatedPosts`, `comments`)."""
    if not value:
        return False
    return bool(_CHROME_ATTR.search(_CAMEL.sub(r"\1-\2", value).lower()))


_ATTR_VERDICTS: dict[tuple[str | None, str | None, str | None, str | None, bool], tuple[bool, bool]] = {}
_VERDICT_CACHE = 50_000


def _attr_verdict(
    cls: str | None, ident: str | None, role: str | None, style: str | None, hidden: bool
) -> tuple[bool, bool]:
    """(chrome, invisible) for an element's class, id, role, style and hidden flags."""
    chrome = (role or "") in _CHROME_ROLES or is_chrome_attr(cls or "") or is_chrome_attr(ident or "")
    return chrome, hidden or bool(_HIDDEN_STYLE.search(style or ""))


@dataclass
class Scan:
    """The pass's figures, indexed by pre-order position of the elements under the body."""

    nodes: list[LexborNode]
    parent: list[int]
    end: list[int]  # one past the last descendant
    chrome: list[bool]  # the element itself is chrome
    hidden: list[bool]  # the element itself is hidden or a document-less link list
    prose: list[float]
    short: list[float]
    links: list[float]
    text: list[float]
    title: int  # index of the headline, -1 when unknown or outside the body

    def score(self, index: int) -> float:
        return self.prose[index] - _LINK_PENALTY * self.links[index] - _SHORT_PENALTY * self.short[index]


def scan(body: LexborNode, title: LexborNode | None) -> Scan:
    """The one pass: structure, flags, and each block's own text, judged."""
    nodes: list[LexborNode] = []
    parent: list[int] = []
    block: list[int] = []
    in_link: list[bool] = []
    chrome: list[bool] = []
    hidden: list[bool] = []
    tags: list[str] = []
    index: dict[int, int] = {}
    own: dict[int, list[str]] = {}
    link_chars: dict[int, int] = {}
    title_id = title.mem_id if title is not None else -1
    title_at = -1
    # Hot loop (every node of the page): locals bound once, attribute verdicts memoised.
    index_get = index.get
    blocks_set = _BLOCKS
    verdicts = _ATTR_VERDICTS
    if len(verdicts) > _VERDICT_CACHE:
        verdicts.clear()
    for node in body.traverse(include_text=True, skip_empty=True):
        up = node.parent
        up_at = index_get(up.mem_id, -1) if up is not None else -1
        if node.is_text_node:
            if up_at < 0:
                continue
            owner = block[up_at]
            text = node.text_content or ""
            if in_link[up_at]:
                link_chars[owner] = link_chars.get(owner, 0) + len(text.strip())
            elif owner in own:
                own[owner].append(text)
            else:
                own[owner] = [text]
            continue
        if not node.is_element_node:
            continue
        at = len(nodes)
        node_id = node.mem_id
        index[node_id] = at
        tag = node.tag or ""
        attrs = node.attributes
        flagged = tag in _CHROME_TAGS
        invisible = False
        if attrs:
            key = (attrs.get("class"), attrs.get("id"), attrs.get("role"), attrs.get("style"),
                   "hidden" in attrs or attrs.get("aria-hidden") == "true")  # fmt: skip
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = _attr_verdict(*key)
            flagged = flagged or verdict[0]
            invisible = verdict[1]
        linked = up_at >= 0 and in_link[up_at]
        if tag == "a" and not linked:
            # A document link is content (RECORD: its paragraph is a body entry), not navigation.
            linked = not DOCUMENT_EXT.search(attrs.get("href") or "")
        nodes.append(node)
        tags.append(tag)
        parent.append(up_at)
        chrome.append(flagged)
        hidden.append(invisible)
        in_link.append(linked)
        block.append(at if (tag in blocks_set or up_at < 0) else block[up_at])
        if node_id == title_id:
            title_at = at
    count = len(nodes)
    end = list(range(1, count + 1))
    prose = [0.0] * count
    short = [0.0] * count
    links = [0.0] * count
    text_total = [0.0] * count
    for at in range(count - 1, -1, -1):
        up_at = parent[at]
        if up_at >= 0 and end[at] > end[up_at]:
            end[up_at] = end[at]
    for owner, parts in own.items():
        if hidden[owner]:
            continue
        text = "".join(parts).strip()
        length = len(text)
        text_total[owner] += length
        if owner == title_at or tags[owner] in _NEUTRAL:
            continue  # the headline, sub-headings and table cells: no evidence either way
        if length >= PROSE_MIN or (length >= PROSE_SHORT and _SENTENCE.search(text)):
            before = title_at >= 0 and owner < title_at
            prose[owner] += length * _BEFORE_TITLE if before else length
        else:
            short[owner] += length
    for owner, chars in link_chars.items():
        links[owner] += chars
        text_total[owner] += chars
    return Scan(nodes, parent, end, chrome, hidden, prose, short, links, text_total, title_at)


def _aggregate(found: Scan, chrome: list[bool]) -> tuple[list[float], list[float], list[bool]]:
    """Subtree totals (in place) and, per element, its score and whether chrome encloses it."""
    count = len(found.nodes)
    raw = list(found.prose)
    chrome_text = [0.0] * count
    for at in range(count - 1, -1, -1):
        if found.hidden[at]:
            found.prose[at] = found.short[at] = found.links[at] = found.text[at] = raw[at] = 0.0
            chrome_text[at] = 0.0
        elif chrome[at]:
            # The whole subtree is chrome: its prose is a comment or a teaser, not the article.
            # (Its links and short text already count against any element holding it.)
            chrome_text[at] = found.prose[at]
            found.prose[at] = 0.0
        up_at = found.parent[at]
        if up_at >= 0:
            found.prose[up_at] += found.prose[at]
            found.short[up_at] += found.short[at]
            found.links[up_at] += found.links[at]
            found.text[up_at] += found.text[at]
            raw[up_at] += raw[at]
            chrome_text[up_at] += chrome_text[at]
    enclosed = [False] * count
    for at in range(count):
        up_at = found.parent[at]
        enclosed[at] = chrome[at] or found.hidden[at] or (up_at >= 0 and enclosed[up_at])
    scores = [found.score(at) - _CHROME_PENALTY * chrome_text[at] for at in range(count)]
    return scores, raw, enclosed


def find_container(found: Scan) -> int:
    """Index of the element holding the article text (-1 when the page has none)."""
    base = (list(found.prose), list(found.short), list(found.links), list(found.text))
    chrome = list(found.chrome)
    for attempt in range(2):
        scores, raw, enclosed = _aggregate(found, chrome)
        best, best_score = -1, 0.0
        for at, score in enumerate(scores):
            if score > best_score and not enclosed[at]:
                best, best_score = at, score
        if attempt or not raw:
            return best
        # A wrapper whose class only says the layout has a sidebar ("penci_sidebar") may hold the
        # article: chrome holding most of the page's prose, far more than the best container found
        # outside chrome, is not chrome. Rare, so the second round (plain lists) costs little.
        # So is a wrapper named after a modifier ("has-section-nav") that holds the headline and most
        # of the prose.
        floor = max(_CHROME_MAX_SHARE * raw[0], _CHROME_OVER_BEST * best_score)
        title = found.title
        wrong = [
            at
            for at, flag in enumerate(chrome)
            if flag and (raw[at] > floor or (at < title < found.end[at] and raw[at] > _CHROME_MAX_SHARE * raw[0]))
        ]
        if not wrong:
            return best
        for at in wrong:
            chrome[at] = False
        found.chrome = chrome
        found.prose, found.short, found.links, found.text = (list(values) for values in base)
    return -1


def prune(found: Scan, container: int) -> None:
    """Take chrome, hidden markup, link lists and everything up to the headline out of the container."""
    doomed: list[LexborNode] = []
    title = found.title
    if not container < title < found.end[container]:
        title = -1
    at = container + 1
    stop = found.end[container]
    while at < stop:
        inside_title_path = title >= 0 and at <= title < found.end[at]
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

    The tree is modified: invisible markup and the container's chrome are removed.
    """
    tree.strip_tags(INVISIBLE_TAGS)
    body = tree.body
    if body is None:
        return None, -1
    # The pass allocates thousands of small objects and no cycles: the cyclic collector, triggered
    # by allocation counts, would only rescan them (measured: a third of the pass's time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        found = scan(body, title)
        best = find_container(found)
    finally:
        if collecting:
            gc.enable()
    if best >= 0:
        prune(found, best)
    return found, best
