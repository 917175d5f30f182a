"""Pieces every collection shares: pagination arguments and page envelopes."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from schemas.fields import Timestamp

MAX_LIMIT = 100
CURSOR_PATTERN = r"^[0-9a-z]{1,13}$"


class PageArgsSchema(ma.Schema):
    """Cursor pagination: pass ``next_cursor`` from one page as ``cursor`` for the next."""

    limit = ma.fields.Integer(
        load_default=20, validate=ma.validate.Range(1, MAX_LIMIT), metadata={"description": "Items per page"}
    )
    cursor = ma.fields.String(
        load_default=None,
        validate=ma.validate.Regexp(CURSOR_PATTERN),
        metadata={"description": "Opaque cursor from next_cursor", "pattern": CURSOR_PATTERN},
    )


class TimeRangeArgsSchema(PageArgsSchema):
    """Pagination plus a publication-time window."""

    since = Timestamp(load_default=None, metadata={"example": "2021-07-26T00:00:00Z"})
    until = Timestamp(load_default=None)


def page_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """Return a page envelope schema of ``item`` objects."""
    fields: dict[str, Any] = {
        "items": ma.fields.List(ma.fields.Nested(item), required=True),
        "next_cursor": ma.fields.String(
            allow_none=True, metadata={"description": "Cursor of the next page; null on the last page"}
        ),
    }
    return ma.Schema.from_dict(fields, name=name)
