"""The "updated" stamp («обновлено …», «Изменено: …», «Дата изменения: …») when its class is unknown."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from pressharvest.sites.date_lines import label_then_date
from pressharvest.sites.landmarks import DateLine, holds

# The words an "updated" stamp opens with: those `landmarks.UPDATED` knows and a few more («Дата обновления»);
# «Отредактировано: …» / «Дата редактирования: …» is the same stamp in other words (the page edited then).
STAMP_LABEL = (
    r"(?:обновлено|изменено|отредактировано|дата\s+(?:изменения|обновления|редактирования)"
    r"|последнее\s+(?:изменение|обновление))"
)
# An "updated" stamp anywhere in a text: its words, then what follows them.
UPDATED_STAMP = re.compile(STAMP_LABEL + r"\s*:?\s*(.{6,40})", re.I)
UPDATED_STAMP_WORD = re.compile("обновлен|изменен|редактир", re.I)
# An "updated" stamp: the stamp word first, a date after it, and short.
_STAMP = re.compile("^" + STAMP_LABEL + r"\s*:?\s*", re.I)
_STAMP_WORDS = (
    "Изменено", "изменено", "Обновлено", "обновлено", "изменения", "обновления", "изменение", "обновление",
    "Отредактировано", "отредактировано", "редактирования",
)  # fmt: skip
_STAMP_MAX = 60


def updated_stamp(scope: LexborNode, text: LexborNode | None = None) -> DateLine | None:
    """The page's own "Изменено: …" / "Дата изменения: …" stamp in the article `scope`, if it shows
    one. With the `text` container given, only what is around it is read (a stamp is printed by the
    date line or under the text, not amid the editor's paragraphs, where "изменения" is a word)."""
    areas = _stamp_areas(scope, text)
    if len(areas) > 3 and not _has_stamp_word(scope):  # one C-level read of the article instead of many
        return None
    for area in areas:
        if not _has_stamp_word(area):
            continue
        line = label_then_date(area, _STAMP_WORDS, _STAMP, _STAMP_MAX)
        if line is not None:
            return line
    return None


def _has_stamp_word(node: LexborNode) -> bool:
    whole = node.text(separator=" ")
    return any(word in whole for word in ("зменен", "бновлен", "едактир", "ЗМЕНЕН", "БНОВЛЕН", "ЕДАКТИР"))


def _stamp_areas(scope: LexborNode, text: LexborNode | None) -> list[LexborNode]:
    """`scope` without the text container: the siblings of the text and of its ancestors below `scope`."""
    if text is None or text.mem_id == scope.mem_id or not holds(scope, text):
        return [scope]
    areas: list[LexborNode] = []
    node = text
    while node.mem_id != scope.mem_id and node.parent is not None:
        areas.extend(sibling for sibling in node.parent.iter() if sibling.mem_id != node.mem_id)
        node = node.parent
    return areas
