"""The transactional outbox: events are written with the change they report, then fanned out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from service.store.base import utcnow
from service.store.outbox.models import Delivery, OutboxEvent, Webhook

# The payloads are documented in docs/webhooks.md.
EVENT_TYPES: tuple[str, ...] = (
    "article.processed",
    "article.deleted",
    "family.created",
    "family.variant_added",
    "family.outlet_added",
    "family.misquote_suspected",
    "family.merged",
    "family.attribution_conflict",
    "webhook.disabled",
    "job.completed",
)


def emit(session: Session, type: str, payload: dict[str, Any]) -> OutboxEvent:
    """Record event ``type`` with ``payload`` in the caller's transaction and queue its deliveries."""
    _check(type)
    now = utcnow()
    # Fanning out here, in the same transaction, means the event and its deliveries are
    # committed or rolled back together with the change: no crash window loses one.
    event = OutboxEvent(type=type, payload=payload, created_at=now)
    session.add(event)
    session.flush()
    for webhook in session.scalars(select(Webhook).where(Webhook.active.is_(True))):
        if type in webhook.events.split():
            session.add(
                Delivery(
                    webhook_id=webhook.id,
                    event_id=event.id,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    session.flush()
    return event


def emit_all(session: Session, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """Record ``events`` (type, payload) in order in the caller's transaction, as ``emit`` would each."""
    for type, _ in events:
        _check(type)
    if not events:
        return
    now = utcnow()
    hooks = [(w.id, w.events.split()) for w in session.scalars(select(Webhook).where(Webhook.active.is_(True)))]
    if not any(type in subscribed for type, _ in events for _, subscribed in hooks):
        # no delivery needs an event's id: one statement writes them all
        session.execute(insert(OutboxEvent), [{"type": t, "payload": p, "created_at": now} for t, p in events])
        return
    rows = [OutboxEvent(type=t, payload=p, created_at=now) for t, p in events]
    session.add_all(rows)
    session.flush()
    session.add_all(
        Delivery(webhook_id=hook, event_id=row.id, status="pending", attempts=0, next_attempt_at=now, created_at=now)
        for row in rows
        for hook, subscribed in hooks
        if row.type in subscribed
    )
    session.flush()


def _check(type: str) -> None:
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}; expected one of {', '.join(EVENT_TYPES)}")
