"""Reading speakers: search by name words and kind, and their quote counts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, with_expression

from service.store.articles.models import Quote
from service.store.articles.queries import count_quotes, quotes_per
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


def with_quote_counts(query: Select[tuple[Speaker]]) -> Select[tuple[Speaker]]:
    """Return ``query`` loading each speaker's ``quote_count`` in the same statement."""
    return query.options(with_expression(Speaker.quote_count, quotes_per(Quote.speaker_id, Speaker.id)))


def counted_speaker(session: Session, speaker: Speaker) -> Speaker:
    """Return ``speaker`` read again with its ``quote_count`` (after a correction moved quotes)."""
    query = with_quote_counts(select(Speaker).where(Speaker.id == speaker.id))
    return session.scalars(query.execution_options(populate_existing=True)).one()


def speaker_quotes_query(speaker_id: int) -> Select[tuple[Quote]]:
    """Return the query of a speaker's quotes, newest first (by id, so pages stay stable)."""
    return select(Quote).where(Quote.speaker_id == speaker_id).order_by(Quote.id.desc())
