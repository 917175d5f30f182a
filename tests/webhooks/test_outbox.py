"""The outbox: event types as documented, fan-out to subscribers, in the caller's transaction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from service.store.db import Database
from service.store.outbox.events import EVENT_TYPES, emit
from service.store.outbox.models import Delivery, OutboxEvent
from tests.webhooks.hooks import PAYLOAD, emit_event, subscribe

pytestmark = pytest.mark.store


def test_event_types_are_the_documented_ones() -> None:
    # The table of event types in docs/webhooks.md: its rows are "| `type` | meaning |".
    documented = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()
    rows = re.findall(r"^\| `([a-z]+\.[a-z_]+)` +\|", documented, flags=re.MULTILINE)
    assert rows == list(EVENT_TYPES)


def test_emit_fans_out_to_subscribed_webhooks_only(db: Database) -> None:
    a, _ = subscribe(db, "http://127.0.0.1:9/a", ["family.created", "family.variant_added"])
    b, _ = subscribe(db, "http://127.0.0.1:9/b", ["article.processed"])
    emit_event(db, "family.created")
    with db.sessions() as session:
        rows = session.execute(select(Delivery.webhook_id, Delivery.status, Delivery.attempts)).all()
    assert [tuple(r) for r in rows] == [(a, "pending", 0)]
    emit_event(db, "article.processed")
    with db.sessions() as session:
        hooks = session.scalars(select(Delivery.webhook_id).order_by(Delivery.id)).all()
    assert hooks == [a, b]


def test_emit_belongs_to_the_callers_transaction(db: Database) -> None:
    subscribe(db, "http://127.0.0.1:9/a", ["family.created"])
    with pytest.raises(RuntimeError), db.transaction() as session:
        emit(session, "family.created", PAYLOAD)
        raise RuntimeError("the change failed")
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_emit_refuses_unknown_types(db: Database) -> None:
    with pytest.raises(ValueError, match="unknown event type"), db.transaction() as session:
        emit(session, "family.deleted", {})
