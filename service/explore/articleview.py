"""An article's text cut into runs: plain text, quotes by kind, cues and speaker mentions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.engine.marks import BLANK_LINES

Piece = dict[str, Any]


def _spans(quotes: Sequence[dict[str, Any]]) -> list[tuple[int, int, str, dict[str, Any]]]:
    # Quotes first, longest first at the same start; cues and mentions fill in around them.
    found = [(q["start"], q["end"], "quote", q) for q in quotes]
    for q in quotes:
        if q["cue"]:
            found.append((q["cue"]["start"], q["cue"]["end"], "cue", q))
        mention = (q["speaker"] or {}).get("mention")
        if mention and mention.get("start") is not None:
            found.append((mention["start"], mention["end"], "mention", q))
    order = {"quote": 0, "mention": 1, "cue": 2}
    return sorted(found, key=lambda s: (order[s[2]], s[0], -(s[1] - s[0])))


def _accepted(spans: list[tuple[int, int, str, dict[str, Any]]], size: int) -> list[tuple[int, int, str, Any]]:
    # Overlapping marks cannot nest in one run of text: the first claimed (quotes) wins.
    taken: list[tuple[int, int, str, Any]] = []
    for start, end, kind, q in spans:
        if 0 <= start < end <= size and all(end <= s or start >= e for s, e, _, _ in taken):
            taken.append((start, end, kind, q))
    return sorted(taken, key=lambda s: s[0])


def pieces(text: str, quotes: Sequence[dict[str, Any]]) -> list[Piece]:
    """Return the article text as runs, each quote, cue and mention marked at its offsets."""
    numbers = {q["id"]: n for n, q in enumerate(sorted(quotes, key=lambda q: q["start"]), start=1)}
    out: list[Piece] = []
    at = 0
    for start, end, kind, q in _accepted(_spans(quotes), len(text)):
        if start > at:
            out.append({"type": "text", "text": _gap(text[at:start])})
        out.append({"type": kind, "text": text[start:end], "quote": q, "number": numbers[q["id"]]})
        at = end
    if at < len(text):
        out.append({"type": "text", "text": _gap(text[at:])})
    return out


def _gap(text: str) -> str:
    # Text between marks is shown as the article's paragraphs; runs of blank lines read as one.
    return BLANK_LINES.sub("\n\n", text)


def numbered(quotes: Sequence[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Return the quotes in reading order with their numbers in the text."""
    return list(enumerate(sorted(quotes, key=lambda q: q["start"]), start=1))
