"""Subscriptions and events made directly in the store, for the outbox and delivery tests."""

from __future__ import annotations

from sqlalchemy import select

from service.store.db import Database
from service.store.outbox.events import emit
from service.store.outbox.models import Delivery
from service.store.outbox.webhooks import create_webhook
from service.webhooks.urls import allow_any

PAYLOAD = {"family_id": 3, "quote_id": 17, "text": "We will win “today”"}


def subscribe(db: Database, url: str, events: list[str]) -> tuple[int, str]:
    """Subscribe ``url`` (loopback allowed) to ``events``; return the webhook's id and secret."""
    with db.transaction() as session:
        hook = create_webhook(session, url=url, events=events, check_url=allow_any)
        return hook.id, hook.secret


def emit_event(db: Database, type_: str, payload: dict[str, object] = PAYLOAD) -> int:
    """Emit one event in its own transaction; return its id."""
    with db.transaction() as session:
        return emit(session, type_, payload).id


def delivery_of(db: Database, webhook_id: int) -> Delivery:
    """Return the one delivery of a webhook."""
    with db.sessions() as session:
        return session.scalars(select(Delivery).where(Delivery.webhook_id == webhook_id)).one()
