"""Delivery to a real HTTP receiver on 127.0.0.1: signing, retries, refusals and claims."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient

from service.store.base import utcnow
from service.store.db import Database
from service.store.outbox.deliveries import claim_due, record_attempt
from service.webhooks.deliver import backoff, deliver_due
from service.webhooks.signing import verify
from tests.webhooks.conftest import Receiver
from tests.webhooks.hooks import PAYLOAD, delivery_of, emit_event, subscribe

pytestmark = pytest.mark.store


def test_delivery_is_signed_and_recorded(db: Database, receiver: Receiver) -> None:
    hook_id, secret = subscribe(db, receiver.url, ["family.created"])
    event_id = emit_event(db, "family.created")

    assert deliver_due(db, allow_private=True) == 1

    [got] = receiver.received
    assert got.path == "/hook"
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Quotes-Event"] == "family.created"
    assert verify(secret, got.body, got.headers["Quotes-Signature"], now=time.time())
    assert not verify("whsec_not_the_secret_000", got.body, got.headers["Quotes-Signature"], now=time.time())
    body = json.loads(got.body)
    assert body["id"] == event_id
    assert body["type"] == "family.created"
    assert body["data"] == PAYLOAD
    assert datetime.fromisoformat(body["created_at"]) <= utcnow()

    row = delivery_of(db, hook_id)
    assert got.headers["Quotes-Delivery"] == str(row.id)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("delivered", 1, 200, None)
    assert row.delivered_at is not None
    # Delivered means done: the next round finds nothing.
    assert deliver_due(db, allow_private=True) == 0
    assert len(receiver.received) == 1


def test_failing_receiver_gets_retries_with_backoff_then_fails(db: Database, receiver: Receiver) -> None:
    receiver.status = 500
    hook_id, _ = subscribe(db, receiver.url, ["article.processed"])
    emit_event(db, "article.processed", {"article_id": 1})
    t0 = utcnow() + timedelta(seconds=1)

    assert deliver_due(db, now=t0, allow_private=True, max_attempts=3) == 1
    row = delivery_of(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("pending", 1, 500, "HTTP 500")
    assert t0 + timedelta(seconds=8) <= row.next_attempt_at <= t0 + timedelta(seconds=12)

    # Not due yet.
    assert deliver_due(db, now=t0 + timedelta(seconds=7), allow_private=True, max_attempts=3) == 0

    t1 = row.next_attempt_at
    assert deliver_due(db, now=t1, allow_private=True, max_attempts=3) == 1
    row = delivery_of(db, hook_id)
    assert (row.status, row.attempts) == ("pending", 2)
    assert t1 + timedelta(seconds=16) <= row.next_attempt_at <= t1 + timedelta(seconds=24)

    assert deliver_due(db, now=row.next_attempt_at, allow_private=True, max_attempts=3) == 1
    row = delivery_of(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code) == ("failed", 3, 500)
    assert deliver_due(db, now=t1 + timedelta(days=1), allow_private=True, max_attempts=3) == 0
    assert len(receiver.received) == 3


def test_receiver_recovering_gets_the_delivery(db: Database, receiver: Receiver) -> None:
    receiver.status = 503
    hook_id, _ = subscribe(db, receiver.url, ["family.variant_added"])
    emit_event(db, "family.variant_added")
    deliver_due(db, allow_private=True)
    receiver.status = 204
    assert deliver_due(db, now=utcnow() + timedelta(minutes=1), allow_private=True) == 1
    row = delivery_of(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("delivered", 2, 204, None)


def test_private_target_is_refused_at_delivery_time(db: Database, receiver: Receiver) -> None:
    # Registered while allowed (or while its name resolved elsewhere); refused when sent.
    hook_id, _ = subscribe(db, receiver.url, ["family.created"])
    emit_event(db, "family.created")
    assert deliver_due(db, allow_private=False) == 1
    assert receiver.received == []
    row = delivery_of(db, hook_id)
    assert row.status == "pending"
    assert row.last_status_code is None
    assert row.last_error is not None and row.last_error.startswith("refused: ")


def test_connection_errors_are_recorded(db: Database, receiver: Receiver) -> None:
    dead = receiver.url.rsplit(":", 1)[0] + ":9/hook"  # the discard port: nothing listens there
    hook_id, _ = subscribe(db, dead, ["family.created"])
    emit_event(db, "family.created")
    assert deliver_due(db, allow_private=True, timeout=2) == 1
    row = delivery_of(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, None)
    assert row.last_error is not None and "ConnectionError" in row.last_error


def test_redirects_are_not_followed(db: Database, receiver: Receiver) -> None:
    receiver.status = 302
    hook_id, _ = subscribe(db, receiver.url, ["family.created"])
    emit_event(db, "family.created")
    deliver_due(db, allow_private=True)
    row = delivery_of(db, hook_id)
    assert (row.status, row.last_status_code, row.last_error) == ("pending", 302, "HTTP 302")


def test_a_claim_is_exclusive_and_fences_stale_workers(db: Database) -> None:
    subscribe(db, "http://127.0.0.1:9/a", ["family.created"])
    emit_event(db, "family.created")
    now = utcnow() + timedelta(seconds=1)
    lease = now + timedelta(minutes=5)
    skip_locked = db.dialect == "postgresql"
    with db.transaction() as session:
        [job] = claim_due(session, now=now, limit=10, lease_until=lease, skip_locked=skip_locked)
    with db.transaction() as session:
        # Claimed rows are leased: a second worker finds nothing until the lease ends...
        assert claim_due(session, now=now, limit=10, lease_until=lease, skip_locked=skip_locked) == []
    with db.transaction() as session:
        # ...after which it may take the row over, and the first worker's outcome is ignored.
        [again] = claim_due(session, now=lease, limit=10, lease_until=lease, skip_locked=skip_locked)
    assert again.attempt == job.attempt + 1
    with db.transaction() as session:
        fields = {"status_code": 200, "error": None, "next_attempt_at": now, "delivered_at": now}
        assert not record_attempt(session, job, status="delivered", **fields)
        assert record_attempt(session, again, status="delivered", **fields)


@pytest.mark.parametrize(
    ("attempts", "low", "high"),
    [
        (1, 8, 12),
        (2, 16, 24),
        (3, 32, 48),
        (6, 256, 384),
        (9, 2048, 3072),
        (10, 2880, 3600),
        (30, 2880, 3600),
    ],
)
def test_backoff_doubles_with_jitter_up_to_an_hour(attempts: int, low: float, high: float) -> None:
    for rand in (0.0, 0.5, 0.999):
        assert low <= backoff(attempts, rand=lambda r=rand: r).total_seconds() <= high  # type: ignore[misc]


def test_deliveries_endpoint_lists_attempts_most_recent_first(
    client: FlaskClient, auth: dict[str, str], receiver: Receiver
) -> None:
    app_db: Database = client.application.extensions["quotes"].db
    hook_id, _ = subscribe(app_db, receiver.url, ["family.created", "family.attribution_conflict"])
    receiver.status = 500
    first = emit_event(app_db, "family.created")
    deliver_due(app_db, allow_private=True)
    receiver.status = 200
    second = emit_event(app_db, "family.attribution_conflict", {"family_id": 3, "speakers": ["A", "B"]})
    deliver_due(app_db, allow_private=True)

    response = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth)
    assert response.status_code == 200
    newest, oldest = response.get_json()
    assert (newest["event_id"], newest["event_type"], newest["status"]) == (
        second,
        "family.attribution_conflict",
        "delivered",
    )
    assert (newest["attempts"], newest["last_status_code"], newest["last_error"]) == (1, 200, None)
    assert newest["delivered_at"] is not None
    assert (oldest["event_id"], oldest["status"], oldest["attempts"]) == (first, "pending", 1)
    assert (oldest["last_status_code"], oldest["last_error"], oldest["delivered_at"]) == (
        500,
        "HTTP 500",
        None,
    )
    assert datetime.fromisoformat(oldest["next_attempt_at"]) > datetime.fromisoformat(oldest["created_at"])

    limited = client.get(f"/v1/webhooks/{hook_id}/deliveries?limit=1", headers=auth)
    assert [d["event_id"] for d in limited.get_json()] == [second]
