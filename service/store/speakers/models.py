"""Speaker tables: speakers with their aliases and roles, and editors' corrections kept as pins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from service.store.base import Base, UTCDateTime, utcnow


class Speaker(Base):
    """A person, anonymous source or organisation quoted in one or more articles.

    ``key`` is the cross-article identity key (``service.engine.names.identity_key``) and is
    unique; ``block`` is the coarse key candidates are looked up by before names are compared
    (a person's surname consonants), so resolution never scans the table; for an anonymous
    source, kept inside its article, it is its description's key ("anon:senior official").
    A speaker merged into another keeps its row with ``merged_into_id`` set, so old ids still
    lead somewhere.
    """

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))  # the fullest form seen, or the editor's
    kind: Mapped[str] = mapped_column(String(20), index=True)  # person anonymous organization unknown
    key: Mapped[str] = mapped_column(String(300), unique=True)
    block: Mapped[str] = mapped_column(String(300), default="", index=True)
    name_locked: Mapped[bool] = mapped_column(Boolean, default=False)  # renamed by an editor
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", lazy="selectin", order_by="SpeakerAlias.id"
    )
    roles: Mapped[list[SpeakerRole]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", lazy="selectin", order_by="SpeakerRole.id"
    )
    # Loaded only by queries that ask for it (``queries.with_quote_counts``), else None.
    quote_count: Mapped[int | None] = query_expression()


class SpeakerAlias(Base):
    """One form a speaker was named by ("Biden", "President Joe Biden", "Kadhemi")."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "norm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300), index=True)  # see speakers.normalize_alias
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerRole(Base):
    """A title or role a speaker had in one article ("U.S. President", "Secretary of Defense")."""

    __tablename__ = "speaker_roles"
    __table_args__ = (UniqueConstraint("speaker_id", "role", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(300))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    speaker: Mapped[Speaker] = relationship(back_populates="roles")


class SpeakerPin(Base):
    """An editor's correction as a rule: refs whose key or name normalises to ``match`` go to
    ``speaker_id``. Consulted before any automatic matching, so merges, splits and renames
    survive re-ingesting articles."""

    __tablename__ = "speaker_pins"

    id: Mapped[int] = mapped_column(primary_key=True)
    match: Mapped[str] = mapped_column(String(300), unique=True)  # an identity key or a normalised name
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # merge | split | rename
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
