"""Articles and their quote rows: lookup, listing, replacement and deletion."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from service.engine.types import Quote as EngineQuote
from service.store.models import Article, Outlet, Quote
from service.store.outlets import outlet_key


def find_article(session: Session, outlet_id: int, external_id: str) -> Article | None:
    """Return the article a CMS knows as ``external_id`` at that outlet, or None."""
    query = select(Article).where(Article.outlet_id == outlet_id, Article.external_id == external_id)
    return session.scalars(query).first()


def get_article(session: Session, article_id: int) -> Article | None:
    """Return the article with its quotes loaded, or None."""
    query = select(Article).where(Article.id == article_id).options(selectinload(Article.quotes))
    return session.scalars(query).first()


def article_query(
    *,
    outlet: str | None = None,
    external_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[tuple[Article]]:
    """Return the filtered article query, newest first (by id, so pages stay stable)."""
    query = select(Article).join(Outlet).order_by(Article.id.desc())
    if outlet:
        query = query.where(Outlet.key == outlet_key(outlet))
    if external_id:
        query = query.where(Article.external_id == external_id)
    if since:
        query = query.where(Article.published_at >= since)
    if until:
        query = query.where(Article.published_at < until)
    return query


def quote_rows(article: Article, quotes: Sequence[EngineQuote]) -> list[Quote]:
    """Return new quote rows for the engine's quotes, attached to ``article``."""
    rows = []
    for q in quotes:
        rows.append(
            Quote(
                article=article,
                text=q.text,
                start=q.start,
                end=q.end,
                kind=q.kind,
                confidence=q.confidence,
                utterance=q.utterance,
                cue_text=q.cue.text if q.cue else None,
                cue_start=q.cue.start if q.cue else None,
                cue_end=q.cue.end if q.cue else None,
                mention_text=q.mention.text if q.mention else None,
                mention_start=q.mention.start if q.mention else None,
                mention_end=q.mention.end if q.mention else None,
                context_start=q.context.start if q.context else None,
                context_end=q.context.end if q.context else None,
                speaker_how=q.speaker.how if q.speaker else None,
                speaker_confidence=q.speaker.confidence if q.speaker else None,
            )
        )
    return rows
