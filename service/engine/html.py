"""Article-body HTML from a CMS, turned into the plain text quote offsets refer to."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
}


# Control characters other than tab and newlines are not allowed in XML; lxml refuses them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html_to_text(html: str) -> str:
    """Return the readable text of ``html``, one paragraph per line."""
    html = _CONTROL.sub("", html)
    if not html.strip():
        return ""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False)
    if text and len(text) >= 0.5 * len(_plain(html)):
        return text
    # trafilatura discards short or unusual fragments it does not see as an article body.
    return _plain(html)


def _plain(html: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        # Markup lxml cannot parse at all: fall back to dropping anything tag-shaped.
        return " ".join(re.sub(r"<[^>]*>", " ", html).split())
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
