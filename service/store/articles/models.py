"""Article tables: outlets, the articles they publish, and the quotes found in them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from service.store.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from service.store.speakers.models import Speaker


class Outlet(Base):
    """A news organisation that publishes articles."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)  # lower-cased name or domain
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Article(Base):
    """One article as the CMS sent it, with the text quote offsets refer to."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("outlet_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    outlet: Mapped[Outlet] = relationship(lazy="joined")
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Quote.start"
    )
    # Loaded only by queries that ask for it (``queries.with_quote_counts``), else None.
    quote_count: Mapped[int | None] = query_expression()


class Quote(Base):
    """One extracted quotation in one article, with its speaker and family."""

    __tablename__ = "quotes"
    __table_args__ = (Index("ix_quotes_article_start", "article_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    utterance: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(String(300))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    mention_text: Mapped[str | None] = mapped_column(String(500))
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    # a partial quote's reported clause, around its marked fragment
    context_start: Mapped[int | None] = mapped_column(Integer)
    context_end: Mapped[int | None] = mapped_column(Integer)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)
    speaker_how: Mapped[str | None] = mapped_column(String(20))
    speaker_confidence: Mapped[float | None] = mapped_column(Float)
    # Family membership, maintained by service.store.families.assign and .members.
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id"), index=True)
    family_role: Mapped[str | None] = mapped_column(String(16))
    similarity: Mapped[float | None] = mapped_column(Float)
    covers_start: Mapped[int | None] = mapped_column(Integer)
    covers_end: Mapped[int | None] = mapped_column(Integer)
    meaning_change: Mapped[Any | None] = mapped_column(JSON)
    norm_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Comparison keys (``prepare_quote``'s, space-separated), written with the membership so a
    # candidate family's variants are verified without tokenising them again on every lookup.
    match_keys: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    article: Mapped[Article] = relationship(back_populates="quotes")
    speaker: Mapped[Speaker | None] = relationship(lazy="joined")
