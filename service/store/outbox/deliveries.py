"""Deliveries of events to webhooks: the log, and claiming and settling attempts (never commits)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, joinedload

from service.store.outbox.models import Delivery, OutboxEvent, Webhook
from service.store.outbox.webhooks import signing_secrets


def list_deliveries(session: Session, webhook_id: int, limit: int = 50) -> list[Delivery]:
    """Return a subscription's deliveries with their events loaded, most recent first."""
    return list(
        session.scalars(
            select(Delivery)
            .options(joinedload(Delivery.event))
            .where(Delivery.webhook_id == webhook_id)
            .order_by(Delivery.created_at.desc(), Delivery.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class DeliveryJob:
    """Everything needed to send one claimed delivery, detached from any session."""

    delivery_id: int
    attempt: int
    url: str
    secret: str
    event_id: int
    event_type: str
    event_created_at: datetime
    payload: Any
    webhook_id: int = 0
    # During a rotation's grace period the old secret signs too (a second v1 signature).
    previous_secret: str | None = None


def claim_due(
    session: Session, *, now: datetime, limit: int, lease_until: datetime, skip_locked: bool
) -> list[DeliveryJob]:
    """Claim up to ``limit`` pending deliveries due at ``now`` until ``lease_until``; return them."""
    stmt = (
        select(Delivery, Webhook, OutboxEvent)
        .join(Webhook, Webhook.id == Delivery.webhook_id)
        .join(OutboxEvent, OutboxEvent.id == Delivery.event_id)
        .where(Delivery.status == "pending", Delivery.next_attempt_at <= now, Webhook.active.is_(True))
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    )
    if skip_locked:
        # Rows another worker holds are skipped rather than waited for, so workers share the queue.
        stmt = stmt.with_for_update(skip_locked=True, of=Delivery)
    jobs: list[DeliveryJob] = []
    for delivery, webhook, event in session.execute(stmt).tuples():
        attempt = delivery.attempts + 1
        # Compare-and-set on the attempt count: where rows are not locked (SQLite) a second
        # worker that read the same row loses here instead of sending it twice. Pushing
        # next_attempt_at forward is the lease: a worker that dies mid-send is retried after it.
        claimed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(Delivery)
            .where(
                Delivery.id == delivery.id,
                Delivery.attempts == delivery.attempts,
                Delivery.status == "pending",
            )
            .values(attempts=attempt, next_attempt_at=lease_until)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue
        jobs.append(
            DeliveryJob(
                delivery_id=delivery.id,
                attempt=attempt,
                url=webhook.url,
                secret=webhook.secret,
                event_id=event.id,
                event_type=event.type,
                event_created_at=event.created_at,
                payload=event.payload,
                webhook_id=webhook.id,
                previous_secret=(*signing_secrets(webhook, now), None)[1],
            )
        )
    return jobs


def record_attempt(
    session: Session,
    job: DeliveryJob,
    *,
    status: str,
    status_code: int | None,
    error: str | None,
    next_attempt_at: datetime,
    delivered_at: datetime | None,
) -> bool:
    """Store the outcome of a claimed attempt; False when the claim was lost meanwhile."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Delivery)
        # The attempt count fences off a worker whose lease expired and was re-claimed.
        .where(Delivery.id == job.delivery_id, Delivery.attempts == job.attempt)
        .values(
            status=status,
            last_status_code=status_code,
            last_error=error[:1000] if error else None,
            next_attempt_at=next_attempt_at,
            delivered_at=delivered_at,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release(session: Session, job: DeliveryJob, *, now: datetime) -> bool:
    """Give back a claimed delivery that was not attempted, so it is due again at ``now``."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Delivery)
        .where(Delivery.id == job.delivery_id, Delivery.attempts == job.attempt, Delivery.status == "pending")
        .values(attempts=job.attempt - 1, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
