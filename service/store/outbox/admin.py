"""Keeping subscriptions healthy: failure counts and auto-disable, secret rotation, redelivery."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session, joinedload

from service.store.base import utcnow
from service.store.outbox.events import emit
from service.store.outbox.models import Delivery, Webhook
from service.store.outbox.webhooks import new_secret


def note_outcome(session: Session, webhook_id: int, error: str | None, disable_after: int) -> None:
    """Count a failed attempt (or reset the count on success); disable the hook after ``disable_after``."""
    if error is None:
        session.execute(
            update(Webhook)
            .where(Webhook.id == webhook_id, Webhook.consecutive_failures != 0)
            .values(consecutive_failures=0)
        )
        return
    session.execute(
        update(Webhook).where(Webhook.id == webhook_id).values(consecutive_failures=Webhook.consecutive_failures + 1)
    )
    webhook = session.get(Webhook, webhook_id, populate_existing=True)
    if webhook is None or not webhook.active or webhook.consecutive_failures < disable_after:
        return
    webhook.active = False
    webhook.disabled_at = utcnow()
    webhook.disabled_reason = f"{webhook.consecutive_failures} consecutive failed attempts; last: {error}"[:1000]
    session.flush()
    emit(
        session,
        "webhook.disabled",
        {"webhook_id": webhook.id, "url": webhook.url, "reason": webhook.disabled_reason},
    )


def enable(session: Session, webhook: Webhook) -> None:
    """Turn a disabled subscription back on with a clean failure count."""
    webhook.active = True
    webhook.consecutive_failures = 0
    webhook.disabled_at = None
    webhook.disabled_reason = None


def rotate_secret(session: Session, webhook: Webhook, *, grace: timedelta, secret: str | None = None) -> str:
    """Give ``webhook`` a new secret; the old one keeps signing for ``grace``. Return the new secret."""
    webhook.previous_secret = webhook.secret if grace > timedelta(0) else None
    webhook.previous_secret_expires_at = utcnow() + grace if grace > timedelta(0) else None
    webhook.secret = secret or new_secret()
    session.flush()
    return webhook.secret


def redeliver(session: Session, webhook_id: int, delivery_id: int) -> Delivery | None:
    """Queue a delivery again now with a fresh attempt budget (its event loaded); None when it is not this hook's."""
    # Resetting the attempt count also fences off a worker still holding an old claim on it.
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.webhook_id == webhook_id)
        .values(status="pending", attempts=0, next_attempt_at=utcnow(), delivered_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    return session.get(Delivery, delivery_id, populate_existing=True, options=[joinedload(Delivery.event)])
