"""A speaker's quotes arranged for reading: a timeline by publication day and the outlets quoting them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from service.explore.times import parse, utc_day


def timeline(quotes: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Return (UTC day, quotes) pairs, oldest day first, undated quotes last."""
    days: dict[str, list[dict[str, Any]]] = {}

    def when(q: dict[str, Any]) -> tuple[int, str, int]:
        moment = parse(q["article"]["published_at"])
        return (moment is None, moment.isoformat() if moment else "", q["id"])

    for q in sorted(quotes, key=when):
        days.setdefault(utc_day(q["article"]["published_at"]), []).append(q)
    return list(days.items())


def outlets(quotes: Sequence[dict[str, Any]]) -> list[tuple[str, int]]:
    """Return the outlets quoting the speaker with how many quotes each, most first."""
    counts = Counter(q["article"]["outlet"] for q in quotes)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


KIND_LABELS = {
    "person": "Person",
    "anonymous": "Anonymous source",
    "organization": "Organisation",
    "document": "Document",
    "unknown": "Unidentified",
}


def kind_label(kind: str | None) -> str:
    """Return how a speaker kind is shown to readers."""
    return KIND_LABELS.get(kind or "unknown", (kind or "unknown").capitalize())
