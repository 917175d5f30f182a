"""Reading speakers: search by name words and kind, quote counts, and the plain data the API shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from service.store.articles.models import Quote
from service.store.articles.queries import count_quotes
from service.store.speakers.models import Speaker, SpeakerAlias
from service.store.speakers.repository import is_scoped, normalize_alias


def search_query(q: str | None = None, kind: str | None = None) -> Select[tuple[Speaker]]:
    """Return the query of live speakers whose name or aliases hold every word of ``q``, by name."""
    query = select(Speaker).where(Speaker.merged_into_id.is_(None)).order_by(Speaker.name, Speaker.id)
    if kind:
        query = query.where(Speaker.kind == kind)
    # Word by word, so "senior official" finds "senior administration official".
    for word in normalize_alias(q or "").split():
        alias_hit = select(SpeakerAlias.speaker_id).where(SpeakerAlias.norm.contains(word, autoescape=True))
        query = query.where(or_(Speaker.name.icontains(word, autoescape=True), Speaker.id.in_(alias_hit)))
    return query


def quote_counts(session: Session, speaker_ids: Iterable[int]) -> dict[int, int]:
    """Return the number of stored quotes per speaker id (0 for speakers without quotes)."""
    return count_quotes(session, Quote.speaker_id, speaker_ids)


def is_unlinked(speaker: Speaker) -> bool:
    """A person known only by a surname its article never expanded, kept inside that article."""
    return speaker.kind == "person" and is_scoped(speaker)


def describe_speakers(session: Session, speakers: Sequence[Speaker]) -> list[dict[str, Any]]:
    """Speakers as plain data for the API: names, roles with their articles, counts (one query), dates."""
    counts = quote_counts(session, [s.id for s in speakers])
    out = []
    for speaker in speakers:
        roles: dict[str, list[int]] = {}
        for r in speaker.roles:
            ids = roles.setdefault(r.role, [])
            if r.article_id is not None and r.article_id not in ids:
                ids.append(r.article_id)
        out.append(
            {
                "id": speaker.id,
                "name": speaker.name,
                "kind": speaker.kind,
                "key": speaker.key,
                "aliases": [a.alias for a in speaker.aliases],
                "roles": [{"role": role, "article_ids": ids} for role, ids in roles.items()],
                "quote_count": counts[speaker.id],
                "first_seen": speaker.first_seen,
                "last_seen": speaker.last_seen,
                "name_locked": speaker.name_locked,
                "unlinked": is_unlinked(speaker),
            }
        )
    return out


def speaker_quotes_query(speaker_id: int) -> Select[tuple[Quote]]:
    """Return the query of a speaker's quotes, newest first (by id, so pages stay stable)."""
    return select(Quote).where(Quote.speaker_id == speaker_id).order_by(Quote.id.desc())
