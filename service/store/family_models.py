"""Family tables (placeholder from the lead so migrations run; owned by the families engineer — replace freely)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from service.store.base import Base, UTCDateTime, utcnow


class Family(Base):
    """The quotes that render one utterance."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
