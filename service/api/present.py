"""Shaping engine and store objects into the plain mappings the schemas dump."""

from __future__ import annotations

from typing import Any

from service.engine.types import Quote, Span
from service.store.articles.models import Article
from service.store.articles.models import Quote as StoredQuote


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
        "context": {"start": q.context.start, "end": q.context.end} if q.context else None,
    }


def stored_quote(row: StoredQuote) -> dict[str, Any]:
    """Return a stored quote with its speaker and family as a mapping."""
    mention = (
        {"text": row.mention_text, "start": row.mention_start, "end": row.mention_end}
        if row.mention_text is not None
        else None
    )
    speaker = None
    if row.speaker is not None or mention is not None:
        speaker = {
            "id": row.speaker.id if row.speaker else None,
            "name": row.speaker.name if row.speaker else None,
            "kind": row.speaker.kind if row.speaker else "unknown",
            "how": row.speaker_how or "unresolved",
            "confidence": row.speaker_confidence or 0.0,
            "mention": mention,
        }
    cue = {"text": row.cue_text, "start": row.cue_start, "end": row.cue_end} if row.cue_text is not None else None
    family = (
        {"id": row.family_id, "role": row.family_role, "similarity": row.similarity}
        if row.family_id is not None
        else None
    )
    return {
        "id": row.id,
        "article_id": row.article_id,
        "text": row.text,
        "start": row.start,
        "end": row.end,
        "kind": row.kind,
        "confidence": round(row.confidence, 3),
        "cue": cue,
        "speaker": speaker,
        "utterance": row.utterance,
        "context": {"start": row.context_start, "end": row.context_end} if row.context_start is not None else None,
        "family": family,
    }


def article(row: Article, *, with_quotes: bool = True) -> dict[str, Any]:
    """Return a stored article as a mapping, with its quotes unless told otherwise."""
    out: dict[str, Any] = {
        "id": row.id,
        "outlet": {"id": row.outlet.id, "name": row.outlet.name},
        "external_id": row.external_id,
        "title": row.title,
        "url": row.url,
        "published_at": row.published_at,
        "language": row.language,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }
    if with_quotes:
        out["text"] = row.text
        out["quotes"] = [stored_quote(q) for q in row.quotes]
    return out


def quote_detail(row: StoredQuote) -> dict[str, Any]:
    """Return a stored quote with a reference to its article."""
    a = row.article
    ref = {
        "id": a.id,
        "outlet": a.outlet.name,
        "title": a.title,
        "url": a.url,
        "published_at": a.published_at,
    }
    return stored_quote(row) | {"article": ref}
