"""Retention: finished deliveries, old events and idempotency records are deleted after a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, exists, select
from sqlalchemy.orm import Session

from service.store.access.models import IdempotencyRecord
from service.store.outbox.models import Delivery, OutboxEvent


@dataclass(frozen=True)
class Retention:
    """How long each kind of record is kept."""

    events: timedelta
    deliveries: timedelta
    idempotency: timedelta


@dataclass(frozen=True)
class Cleaned:
    """How many rows a cleanup deleted."""

    deliveries: int
    events: int
    idempotency_records: int


def _count(result: Any) -> int:
    done: CursorResult[Any] = result
    return int(done.rowcount or 0)


def cleanup(session: Session, keep: Retention, now: datetime) -> Cleaned:
    """Delete what is older than ``keep`` at ``now``; pending deliveries and their events always stay."""
    deliveries = _count(
        session.execute(
            delete(Delivery).where(Delivery.status != "pending", Delivery.created_at < now - keep.deliveries)
        )
    )
    still_needed = exists(select(Delivery.id).where(Delivery.event_id == OutboxEvent.id))
    events = _count(
        session.execute(
            delete(OutboxEvent)
            .where(OutboxEvent.created_at < now - keep.events, ~still_needed)
            .execution_options(synchronize_session=False)
        )
    )
    idempotency = _count(
        session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - keep.idempotency))
    )
    return Cleaned(deliveries=deliveries, events=events, idempotency_records=idempotency)
