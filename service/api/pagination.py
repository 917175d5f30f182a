"""Keyset (cursor) pagination: pages stay stable while new rows arrive."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from flask_smorest import abort
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")


def encode_cursor(last_id: int) -> str:
    """Return the opaque cursor that continues after ``last_id``."""
    return base64.urlsafe_b64encode(json.dumps({"before": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Return the id a cursor continues after; a malformed cursor is a 400."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)["before"]
        if not isinstance(value, int):
            raise TypeError
        return value
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        abort(400, message="The cursor is not valid; use next_cursor from a previous page.")
    raise AssertionError("unreachable")


def page(
    session: Session, query: Select[tuple[T]], id_column: InstrumentedAttribute[int], args: dict[str, Any]
) -> tuple[Sequence[T], str | None]:
    """Return one page of ``query`` (ordered by ``id_column`` descending) and the next cursor."""
    limit: int = args["limit"]
    if args.get("cursor"):
        query = query.where(id_column < decode_cursor(args["cursor"]))
    rows = session.scalars(query.limit(limit + 1)).unique().all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(getattr(rows[-1], id_column.key)) if more and rows else None
    return rows, next_cursor
