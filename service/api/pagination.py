"""Keyset (cursor) pagination: pages stay stable while new rows arrive."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from service.runtime import runtime
from service.store.base import MAX_ID

T = TypeVar("T")


def encode_cursor(last_id: int) -> str:
    """Return the opaque cursor that continues after ``last_id``."""
    return _base36(last_id)


def decode_cursor(cursor: str) -> int:
    """Return the id a cursor continues after (the schema has checked its alphabet)."""
    return min(int(cursor, 36), MAX_ID)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing: its rows and the cursor of the next page (None on the last)."""

    items: Sequence[T]
    next_cursor: str | None


def page(
    session: Session, query: Select[tuple[T]], id_column: InstrumentedAttribute[int], args: dict[str, Any]
) -> Page[T]:
    """Return one page of ``query`` (ordered by ``id_column`` descending), the schema's ``page_schema`` dumps it."""
    limit: int = args["limit"]
    if args.get("cursor"):
        query = query.where(id_column < decode_cursor(args["cursor"]))
    rows = session.scalars(query.limit(limit + 1)).unique().all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(getattr(rows[-1], id_column.key)) if more and rows else None
    return Page(rows, next_cursor)


def paged(
    build: Callable[[Session], Select[tuple[T]]], id_column: InstrumentedAttribute[int], args: dict[str, Any]
) -> Page[T]:
    """Return one page of the query ``build`` makes in a fresh read session (see ``page``)."""
    with runtime().db.sessions() as session:
        return page(session, build(session), id_column, args)
