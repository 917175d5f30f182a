"""Lines attributed by a colon alone: "Graham: Trump Is Destroying the Party", "CLINTON: ..."."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.engine.lexicon import not_speaker_labels
from service.engine.marks import Paragraph
from service.engine.types import Span

# a short capitalised name (or an all-caps speaker label) opening the paragraph, then a colon
_LABEL = re.compile(
    r"[\"“]?"  # transcripts quoted paragraph by paragraph: "WALLACE: ...
    r"(?:[^\n]{0,80}?\s[-–—]\s*)?"  # "POLL ROUNDUP HEADLINE - " before the name
    r"((?:[A-Z][\w.’'&-]*)(?:[ \t]+(?:[A-Z][\w.’'&-]*|and|of|de|van|von)){0,4}):[ \t\u00a0]+(?=\S)"
)
_MIN_WORDS = 3  # "Keep it" or "A miracle." after a label is a list item, not a statement
# After a name in ordinary case a few words are a list's entry ("Cruz: Just hang on." under "what
# each candidate needs"), unless they quote ("Khans: Trump stirs 'ugliness'", a headline); a
# transcript's speaker label is in capitals ("TRUMP: Wrong.").
_MIN_WORDS_UNDER_NAME = 5
_QUOTING = re.compile(r"[\"“”„«»]|(?<![^\W\d_])['‘’]|['‘’](?![^\W\d_])")
_DATE = re.compile(r"\d")
_LIST_ITEMS = 4  # "Iowa: Ann Lee, Bo Park, Cy Diaz, Di Moss": a roster, not a statement
_ITEM_WORDS = 4


@dataclass(frozen=True, slots=True)
class Labelled:
    """A paragraph whose words a colon attributes to the label before it."""

    content: Span
    cue: Span
    mention: Span


def labelled(text: str, para: Paragraph) -> Labelled | None:
    """Return the label-and-colon attribution opening ``para``, if it has one."""
    m = _LABEL.match(text, para.start, para.end)
    if m is None:
        return None
    name_start, name_end = m.span(1)
    name = text[name_start:name_end]
    if name.lower() in not_speaker_labels() or _DATE.search(name):
        return None
    colon = name_end
    start, end = m.end(), para.end
    least = _MIN_WORDS if name.isupper() or _QUOTING.search(text, start, end) else _MIN_WORDS_UNDER_NAME
    if len(text[start:end].split()) < least or _name_list(text[start:end]):
        return None
    return Labelled(
        Span(text[start:end], start, end),
        Span(text[colon : colon + 1], colon, colon + 1),
        Span(name, name_start, name_end),
    )


def _name_list(content: str) -> bool:
    # every comma-separated item a few capitalised words: names listed under a heading
    items = [i.strip() for i in re.split(r",|\band\b", content.rstrip(" .")) if i.strip()]
    if len(items) < _LIST_ITEMS:
        return False
    return all(len(i.split()) <= _ITEM_WORDS and all(w[:1].isupper() for w in i.split()) for i in items)
