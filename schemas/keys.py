"""API keys on the wire: listed without their secret, created with it shown once."""

from __future__ import annotations

import marshmallow as ma

from schemas.fields import Line, Timestamp
from service.store.access.keys import SCOPES


class KeyCreateSchema(ma.Schema):
    """A new key: who it is for, its scopes, and optionally when it stops working."""

    name = Line(required=True, validate=ma.validate.Length(min=1, max=200), metadata={"example": "cms-prod"})
    scopes = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(SCOPES)),
        required=True,
        validate=ma.validate.Length(min=1, max=len(SCOPES)),
        metadata={"example": ["read", "write"]},
    )
    expires_at = Timestamp(allow_none=True, metadata={"example": "2027-01-01T00:00:00Z"})


class KeySchema(ma.Schema):
    """A key as listed: never its token, only the prefix that identifies it."""

    id = ma.fields.Integer()
    name = ma.fields.String()
    prefix = ma.fields.String(metadata={"description": "The token's first characters"})
    scopes = ma.fields.Method("_scopes", metadata={"type": "array", "items": {"type": "string"}})
    created_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime(allow_none=True)
    revoked_at = ma.fields.DateTime(allow_none=True)
    last_used_at = ma.fields.DateTime(allow_none=True, metadata={"description": "To the minute"})

    def _scopes(self, key: object) -> list[str]:
        scopes = key["scopes"] if isinstance(key, dict) else getattr(key, "scopes", "")
        return str(scopes).split()


class KeyCreatedSchema(KeySchema):
    """A key just created, with its token (shown this once; only its SHA-256 is kept)."""

    token = ma.fields.String(metadata={"example": "qk_..."})


class KeyListSchema(ma.Schema):
    """Every key, revoked and expired ones included."""

    items = ma.fields.List(ma.fields.Nested(KeySchema))
