"""Shaping engine and store objects into the plain mappings the schemas dump."""

from __future__ import annotations

from typing import Any

from service.engine.types import Quote, Span


def span(s: Span | None) -> dict[str, Any] | None:
    """Return a span as a mapping, or None."""
    return None if s is None else {"text": s.text, "start": s.start, "end": s.end}


def engine_quote(q: Quote) -> dict[str, Any]:
    """Return an engine quote, with its within-article speaker, as a mapping."""
    speaker = None
    if q.speaker is not None or q.mention is not None:
        ref = q.speaker
        speaker = {
            "id": None,
            "name": ref.name if ref else None,
            "kind": ref.kind if ref else "unknown",
            "how": ref.how if ref else "unresolved",
            "confidence": ref.confidence if ref else 0.0,
            "mention": span(q.mention),
        }
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "kind": q.kind,
        "confidence": round(q.confidence, 3),
        "cue": span(q.cue),
        "speaker": speaker,
        "utterance": q.utterance,
    }
