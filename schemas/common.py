"""Pieces every collection shares: pagination arguments and page envelopes."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from schemas.fields import Timestamp

MAX_LIMIT = 100
CURSOR_PATTERN = r"^[0-9a-z]{1,13}$"


class QueryArgsSchema(ma.Schema):
    """Query arguments, each given at most once: ``?q=a&q=b`` is a 422, not a silent choice of one."""

    @ma.pre_load
    def _single_valued(self, data: Any, **_: Any) -> Any:
        # webargs hands the schema a proxy over the request's MultiDict, which would keep the
        # first of repeated values; the spec declares every query argument a single value.
        raw = getattr(data, "data", None)
        if raw is not None and hasattr(raw, "getlist"):
            repeated = sorted(k for k in set(raw.keys()) if len(raw.getlist(k)) > 1)
            if repeated:
                raise ma.ValidationError({k: ["Given more than once; give it once."] for k in repeated})
        return data


class PageArgsSchema(QueryArgsSchema):
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
