"""Marking the words a search matched inside a quote's text."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_STEM_MIN = 4  # shorter search words must match a whole word; longer ones also match its inflections


def _stem(word: str) -> str:
    # The index stems (English); marking accepts any word sharing the search word's first letters.
    return word if len(word) <= _STEM_MIN else word[: max(_STEM_MIN, len(word) - 2)]


def matches(word: str, terms: list[str]) -> bool:
    """Return whether a word of the text is one the search words found."""
    w = word.lower()
    return any(w == t or (len(t) >= _STEM_MIN and w.startswith(_stem(t))) for t in terms)


def mark_terms(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """Split ``text`` into runs, each flagged when it is a matched word."""
    runs: list[tuple[str, bool]] = []
    at = 0
    for m in _WORD.finditer(text):
        if terms and matches(m.group(), terms):
            if m.start() > at:
                runs.append((text[at : m.start()], False))
            runs.append((m.group(), True))
            at = m.end()
    if at < len(text):
        runs.append((text[at:], False))
    return runs
