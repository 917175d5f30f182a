"""Webhook subscriptions and their deliveries on the wire."""

from __future__ import annotations

import marshmallow as ma

from schemas.common import QueryArgsSchema
from service.store.outbox.events import EVENT_TYPES

EXAMPLE_URL = "https://cms.example.com/hooks/quotes"
EXAMPLE_SECRET = "whsec_3q2+7w8Jb1TzvVx0p7kTQm4y9tZk1s2L"

# The accepted URLs, as a JSON-Schema pattern the spec publishes, so clients and contract
# tests know exactly what passes: http(s), a DNS name or IPv4 address, a port in range,
# a path and a query; no user info, fragment or IPv6 literal.
_HOST = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
_PORT = r"(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
_PATH = r"(/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*"
_QUERY = r"(\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?"
URL_PATTERN = rf"^https?://{_HOST}{_PORT}{_PATH}{_QUERY}$"


def _whole(value: str) -> None:
    # Python's $ also matches before a final newline; JSON Schema's does not.
    if value.endswith("\n"):
        raise ma.ValidationError("Not an http(s) URL this service accepts.")


class WebhookCreateSchema(ma.Schema):
    """A new subscription: where to POST and which events to send."""

    url = ma.fields.String(
        required=True,
        validate=[
            ma.validate.Length(max=2000),
            ma.validate.Regexp(URL_PATTERN, error="Not an http(s) URL this service accepts."),
            _whole,
        ],
        metadata={
            "example": EXAMPLE_URL,
            "description": "http(s) URL whose host must not resolve to a private address",
            "format": "uri",
        },
    )
    events = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(EVENT_TYPES)),
        required=True,
        validate=ma.validate.Length(min=1, max=len(EVENT_TYPES)),
        metadata={"example": ["family.created", "family.variant_added"]},
    )
    secret = ma.fields.String(
        validate=ma.validate.Length(min=16, max=200),
        metadata={
            "example": EXAMPLE_SECRET,
            "description": "Signing secret (16-200 characters); generated when absent",
        },
    )


class WebhookSchema(ma.Schema):
    """A subscription; its secret is shown only when it is created."""

    id = ma.fields.Integer(metadata={"example": 7})
    url = ma.fields.String(metadata={"example": EXAMPLE_URL})
    events = ma.fields.Method(
        "_events",
        metadata={"type": "array", "items": {"type": "string"}, "example": ["family.created"]},
    )
    active = ma.fields.Boolean(metadata={"example": True})
    consecutive_failures = ma.fields.Integer(metadata={"description": "Failed attempts in a row"})
    disabled_reason = ma.fields.String(allow_none=True, metadata={"description": "Why it was disabled"})
    disabled_at = ma.fields.DateTime(allow_none=True)
    previous_secret_expires_at = ma.fields.DateTime(
        allow_none=True, metadata={"description": "Until when the secret before the last rotation also signs"}
    )
    created_at = ma.fields.DateTime(metadata={"example": "2026-11-21T08:00:00+00:00"})

    def _events(self, obj: object) -> list[str]:
        return str(getattr(obj, "events", "")).split()


class WebhookCreatedSchema(WebhookSchema):
    """A subscription just created, with the secret that signs its deliveries."""

    secret = ma.fields.String(metadata={"example": EXAMPLE_SECRET, "description": "Keep it: it is never shown again"})


class DeliveryQuerySchema(QueryArgsSchema):
    """How many deliveries to list."""

    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=200), metadata={"example": 50})


class DeliverySchema(ma.Schema):
    """One event's delivery to a subscription and its retry state."""

    id = ma.fields.Integer(metadata={"example": 42, "description": "Sent as the Quotes-Delivery header"})
    event_id = ma.fields.Integer(metadata={"example": 311, "description": "The body's id"})
    event_type = ma.fields.String(
        attribute="event.type", metadata={"enum": list(EVENT_TYPES), "example": "family.created"}
    )
    status = ma.fields.String(metadata={"enum": ["pending", "delivered", "failed"], "example": "pending"})
    attempts = ma.fields.Integer(metadata={"example": 2})
    last_status_code = ma.fields.Integer(allow_none=True, metadata={"example": 503})
    last_error = ma.fields.String(allow_none=True, metadata={"example": "HTTP 503"})
    next_attempt_at = ma.fields.DateTime(
        metadata={
            "example": "2026-11-21T08:00:20+00:00",
            "description": "When a pending delivery is tried next",
        }
    )
    delivered_at = ma.fields.DateTime(allow_none=True, metadata={"example": None})
    created_at = ma.fields.DateTime(metadata={"example": "2026-11-21T08:00:00+00:00"})


class RotateSecretSchema(ma.Schema):
    """A new signing secret; the old one keeps signing (a second v1) for ``grace_seconds``."""

    secret = ma.fields.String(validate=ma.validate.Length(min=16, max=200), metadata={"example": EXAMPLE_SECRET})
    grace_seconds = ma.fields.Integer(
        strict=True, load_default=86400, validate=ma.validate.Range(min=0, max=30 * 86400), metadata={"example": 86400}
    )


class PingResultSchema(ma.Schema):
    """The outcome of a test delivery sent at once."""

    ok = ma.fields.Boolean()
    status_code = ma.fields.Integer(allow_none=True)
    error = ma.fields.String(allow_none=True)
    webhook = ma.fields.Nested(WebhookSchema)
