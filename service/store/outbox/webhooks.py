"""Webhook subscriptions: create, read, delete, and the secrets that sign their deliveries (never commit)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from service.store.outbox.models import Delivery, Webhook

# The caller's URL policy: raises when the service must not call ``url`` (the store cannot know).
URLCheck = Callable[[str], None]


def signing_secrets(webhook: Webhook, now: datetime) -> tuple[str, ...]:
    """Return the secrets that sign a delivery sent at ``now``: the current one, then the old one in grace."""
    expires = webhook.previous_secret_expires_at
    if webhook.previous_secret and expires is not None and expires > now:
        return (webhook.secret, webhook.previous_secret)
    return (webhook.secret,)


SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """Return a fresh random signing secret."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def create_webhook(
    session: Session, *, url: str, events: list[str], check_url: URLCheck, secret: str | None = None
) -> Webhook:
    """Add a subscription once ``check_url`` accepts its URL (whatever it raises propagates)."""
    check_url(url)
    unique = list(dict.fromkeys(events))
    webhook = Webhook(url=url, events=" ".join(unique), secret=secret or new_secret(), active=True)
    session.add(webhook)
    session.flush()
    return webhook


def list_webhooks(session: Session) -> list[Webhook]:
    """Return every subscription, oldest first."""
    return list(session.scalars(select(Webhook).order_by(Webhook.id)))


def get_webhook(session: Session, webhook_id: int) -> Webhook | None:
    """Return the subscription ``webhook_id``, or None."""
    return session.get(Webhook, webhook_id)


def delete_webhook(session: Session, webhook_id: int) -> bool:
    """Remove a subscription and its deliveries; return whether it existed."""
    # Deliveries go explicitly rather than by ON DELETE CASCADE, so it holds on any
    # connection whatever its foreign-key pragma.
    session.execute(delete(Delivery).where(Delivery.webhook_id == webhook_id))
    result: CursorResult[Any] = session.execute(delete(Webhook).where(Webhook.id == webhook_id))  # type: ignore[assignment]
    return result.rowcount == 1
