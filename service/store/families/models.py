"""Family tables: families, their rare-gram postings, editors' pins, links between remarks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.store.base import Base, UTCDateTime, utcnow


class Family(Base):
    """One utterance as every outlet rendered it; led by its canonical (fullest direct) wording."""

    __tablename__ = "families"
    # AUTOINCREMENT: ids of deleted families are never reused, so a pin to a dead family id
    # cannot silently point at an unrelated new family.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_text: Mapped[str] = mapped_column(Text)
    # Plain integer, not a foreign key: quotes.family_id already points the other way.
    canonical_quote_id: Mapped[int | None] = mapped_column(index=True)
    canonical_how: Mapped[str] = mapped_column(String(32), default="fullest_direct")
    canonical_kind: Mapped[str] = mapped_column(String(16), default="direct")  # the canonical quote's kind
    # Comparison keys of the canonical (space-separated), so candidates are screened untokenised.
    canonical_keys: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Unique: two processes creating a family for the same new quote collide here.
    norm_hash: Mapped[str] = mapped_column(String(64), unique=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    attribution_conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # an editor's split: never auto-merged
    quote_count: Mapped[int] = mapped_column(Integer, default=0)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    outlet_count: Mapped[int] = mapped_column(Integer, default=0, index=True)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FamilyGram(Base):
    """Posting: a rare word 3-gram (63-bit hash) occurs in some member of a family.

    A gram's document frequency is its number of postings; grams reaching ``grams.RARE_DF``
    get no more postings and are not looked up.
    """

    __tablename__ = "family_grams"
    # Without a rowid on SQLite the primary key is the table: a posting is one B-tree entry, not
    # a row plus its key's index (half the pages to cache, one write fewer per posting).
    __table_args__ = (Index("ix_family_grams_family", "family_id"), {"sqlite_with_rowid": False})

    # The primary key (gram, family_id) is the lookup index: gram first.
    gram: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )


class FamilyPin(Base):
    """An editor's correction: the quote with this text in this article belongs to this family.

    Keyed by (article id, normalised-text hash) so it survives re-extraction of the article;
    ``family_id`` is a plain integer so a pin outlives its family (the pinned quotes then start
    a new family together).
    """

    __tablename__ = "family_pins"
    __table_args__ = (UniqueConstraint("article_id", "norm_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column()
    norm_hash: Mapped[str] = mapped_column(String(64))
    family_id: Mapped[int] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(16))  # split | merge
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FamilyLink(Base):
    """A quote that runs two remarks together links the family of the other remark (not merged)."""

    __tablename__ = "family_links"

    quote_id: Mapped[int] = mapped_column(
        ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # Plain integer: a link to a family that was absorbed is moved, one to a vanished family dropped.
    family_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, index=True)
