"""What family upkeep needs of a quote's article -- outlet, date, editors' pins -- read once per session."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from service.store.families.queries import raw

_ARTICLE = (
    "SELECT a.outlet_id, a.published_at, a.created_at, p.norm_hash, p.family_id, p.reason"
    " FROM articles a LEFT JOIN family_pins p ON p.article_id = a.id WHERE a.id = ?"
)


def _load_article(session: Session, article_id: int) -> None:
    # One read per article per session, not per quote: its outlet and date (for the family's
    # counts) and editors' pins (rare) arrive together, and an article's quotes are assigned
    # together.
    pins: dict[str, tuple[int, str]] = {}
    info: tuple[int, datetime | None] = (0, None)
    for outlet_id, published, created, h, family_id, reason in raw(session, _ARTICLE, (article_id,)):
        info = (outlet_id, aware(published if published is not None else created))
        if h is not None:
            pins[h] = (family_id, reason)
    session.info.setdefault("family_pins", {})[article_id] = pins
    session.info.setdefault("family_articles", {})[article_id] = info


def article_pins(session: Session, article_id: int) -> dict[str, tuple[int, str]]:
    """Return the article's editors' pins: normalised hash to (family id, reason)."""
    cache: dict[int, dict[str, tuple[int, str]]] = session.info.setdefault("family_pins", {})
    if article_id not in cache:
        _load_article(session, article_id)
    return session.info["family_pins"][article_id]  # type: ignore[no-any-return]


def forget_pins(session: Session) -> None:
    """Drop the session's cached pins, after pins were written."""
    session.info.pop("family_pins", None)


def article_info(session: Session, article_id: int) -> tuple[int, datetime | None]:
    """Return the article's outlet id and the date it was seen (published, else stored)."""
    cache: dict[int, tuple[int, datetime | None]] = session.info.setdefault("family_articles", {})
    if article_id not in cache:
        _load_article(session, article_id)
    return session.info["family_articles"][article_id]  # type: ignore[no-any-return]


def aware(value: Any) -> datetime | None:
    """Return a database date as a timezone-aware datetime (UTC when it has no zone)."""
    # Aggregates bypass the column type, so SQLite hands back strings or naive datetimes.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
