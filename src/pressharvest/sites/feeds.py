"""RSS 2.0 and Atom feeds → article links. XML is parsed with defusedxml (no entities, no XXE)."""

from __future__ import annotations

import re

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from pressharvest.sites.base import RawLinks

_FEED_START = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


def looks_like_feed(text: str) -> bool:
    return bool(_FEED_START.match(text[:2048]))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def feed_links(text: str) -> RawLinks:
    """Item links of an RSS or Atom feed, in order; feeds have no next page."""
    try:
        root = ElementTree.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise ValueError(f"not a readable feed: {exc}") from None
    links: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        if name not in ("item", "entry"):
            continue
        for child in element:
            child_name = _local(child.tag)
            if child_name == "link":
                href = child.attrib.get("href") or (child.text or "")
                rel = child.attrib.get("rel", "alternate")
                if href.strip() and rel == "alternate":
                    links.append(href.strip())
                    break
            elif (
                child_name == "guid"
                and child.attrib.get("isPermaLink", "true") == "true"
                and (child.text or "").strip().startswith("http")
            ):
                links.append((child.text or "").strip())
                break
    return RawLinks(links, None)
