"""A document link's title when the link itself does not name the document."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from pressharvest.sites.landmarks import css, href_of, is_document, text_of

# A link that only says "Скачать", or nothing (a file-type icon): the document's name is the caption
# beside it; type and size notes are not.
BARE_DOCUMENT_LINK = re.compile(r"^(?:скачать|загрузить|открыть|download)?$", re.I)
SIZE_NOTE = re.compile(
    r"[(\[]?\s*(?:(?:pdf|docx?|xlsx?|rtf|zip)\s*,?\s*)?\d+(?:[.,]\d+)?\s*(?:[кkмm][бb]|байт|bytes?)\s*[)\]]?", re.I
)
_INLINE = ("span", "b", "strong", "em", "i")
_CAPTION_MAX = 300  # chars: a longer "caption" is a paragraph the link sits in, not a documents item


def document_title(anchor: LexborNode) -> str:
    """The link text, or, when the link only says "Скачать" or holds an icon alone, the caption of
    its documents item (the item's text without the link's, type and size notes left out), else the
    link's `title`; an item naming other documents too, or long, is no caption."""
    text = text_of(anchor)
    if not BARE_DOCUMENT_LINK.match(text):
        return text
    named = (anchor.attrs.get("title") or "").strip()
    holder = anchor.parent
    while holder is not None and holder.tag in _INLINE:
        holder = holder.parent
    # The documents item: short, and naming this document only (a paragraph or a whole list is not).
    if holder is None or sum(1 for link in css(holder, "a[href]") if is_document(href_of(link))) > 1:
        return named or text
    caption = SIZE_NOTE.sub(" ", text_of(holder).replace(text, " ", 1) if text else text_of(holder))
    caption = " ".join(caption.split()).strip(" ,;–—-")
    return caption if caption and len(caption) <= _CAPTION_MAX else named or text
