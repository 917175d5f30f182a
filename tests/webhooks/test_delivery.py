"""The outbox and the delivery worker against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service import create_app
from service.store.base import utcnow
from service.store.db import Database
from service.store.outbox.deliveries import claim_due, record_attempt
from service.store.outbox.events import EVENT_TYPES, emit
from service.store.outbox.models import Delivery, OutboxEvent
from service.store.outbox.webhooks import create_webhook
from service.webhooks.deliver import backoff, deliver_due, start_background_worker, stop_background_worker
from service.webhooks.signing import verify
from service.webhooks.urls import allow_any
from tests.webhooks.conftest import Receiver

pytestmark = pytest.mark.store

PAYLOAD = {"family_id": 3, "quote_id": 17, "text": "We will win “today”"}


def _subscribe(db: Database, url: str, events: list[str]) -> tuple[int, str]:
    with db.transaction() as session:
        hook = create_webhook(session, url=url, events=events, check_url=allow_any)
        return hook.id, hook.secret


def _emit(db: Database, type_: str, payload: dict[str, object] = PAYLOAD) -> int:
    with db.transaction() as session:
        return emit(session, type_, payload).id


def _delivery(db: Database, webhook_id: int) -> Delivery:
    with db.sessions() as session:
        return session.scalars(select(Delivery).where(Delivery.webhook_id == webhook_id)).one()


def test_event_types_are_the_documented_ones() -> None:
    assert EVENT_TYPES == (
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
    documented = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()
    assert all(f"`{t}`" in documented for t in EVENT_TYPES)


def test_emit_fans_out_to_subscribed_webhooks_only(db: Database) -> None:
    a, _ = _subscribe(db, "http://127.0.0.1:9/a", ["family.created", "family.variant_added"])
    b, _ = _subscribe(db, "http://127.0.0.1:9/b", ["article.processed"])
    _emit(db, "family.created")
    with db.sessions() as session:
        rows = session.execute(select(Delivery.webhook_id, Delivery.status, Delivery.attempts)).all()
    assert [tuple(r) for r in rows] == [(a, "pending", 0)]
    assert b != a


def test_emit_belongs_to_the_callers_transaction(db: Database) -> None:
    _subscribe(db, "http://127.0.0.1:9/a", ["family.created"])
    with pytest.raises(RuntimeError), db.transaction() as session:
        emit(session, "family.created", PAYLOAD)
        raise RuntimeError("the change failed")
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_emit_refuses_unknown_types(db: Database) -> None:
    with pytest.raises(ValueError, match="unknown event type"), db.transaction() as session:
        emit(session, "family.deleted", {})


def test_delivery_is_signed_and_recorded(db: Database, receiver: Receiver) -> None:
    hook_id, secret = _subscribe(db, receiver.url, ["family.created"])
    event_id = _emit(db, "family.created")

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

    row = _delivery(db, hook_id)
    assert got.headers["Quotes-Delivery"] == str(row.id)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("delivered", 1, 200, None)
    assert row.delivered_at is not None
    # Delivered means done: the next round finds nothing.
    assert deliver_due(db, allow_private=True) == 0
    assert len(receiver.received) == 1


def test_failing_receiver_gets_retries_with_backoff_then_fails(db: Database, receiver: Receiver) -> None:
    receiver.status = 500
    hook_id, _ = _subscribe(db, receiver.url, ["article.processed"])
    _emit(db, "article.processed", {"article_id": 1})
    t0 = utcnow() + timedelta(seconds=1)

    assert deliver_due(db, now=t0, allow_private=True, max_attempts=3) == 1
    row = _delivery(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("pending", 1, 500, "HTTP 500")
    assert t0 + timedelta(seconds=8) <= row.next_attempt_at <= t0 + timedelta(seconds=12)

    # Not due yet.
    assert deliver_due(db, now=t0 + timedelta(seconds=7), allow_private=True, max_attempts=3) == 0

    t1 = row.next_attempt_at
    assert deliver_due(db, now=t1, allow_private=True, max_attempts=3) == 1
    row = _delivery(db, hook_id)
    assert (row.status, row.attempts) == ("pending", 2)
    assert t1 + timedelta(seconds=16) <= row.next_attempt_at <= t1 + timedelta(seconds=24)

    assert deliver_due(db, now=row.next_attempt_at, allow_private=True, max_attempts=3) == 1
    row = _delivery(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code) == ("failed", 3, 500)
    assert deliver_due(db, now=t1 + timedelta(days=1), allow_private=True, max_attempts=3) == 0
    assert len(receiver.received) == 3


def test_receiver_recovering_gets_the_delivery(db: Database, receiver: Receiver) -> None:
    receiver.status = 503
    hook_id, _ = _subscribe(db, receiver.url, ["family.variant_added"])
    _emit(db, "family.variant_added")
    deliver_due(db, allow_private=True)
    receiver.status = 204
    assert deliver_due(db, now=utcnow() + timedelta(minutes=1), allow_private=True) == 1
    row = _delivery(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("delivered", 2, 204, None)


def test_private_target_is_refused_at_delivery_time(db: Database, receiver: Receiver) -> None:
    # Registered while allowed (or while its name resolved elsewhere); refused when sent.
    hook_id, _ = _subscribe(db, receiver.url, ["family.created"])
    _emit(db, "family.created")
    assert deliver_due(db, allow_private=False) == 1
    assert receiver.received == []
    row = _delivery(db, hook_id)
    assert row.status == "pending"
    assert row.last_status_code is None
    assert row.last_error is not None and row.last_error.startswith("refused: ")


def test_connection_errors_are_recorded(db: Database, receiver: Receiver) -> None:
    dead = receiver.url.rsplit(":", 1)[0] + ":9/hook"  # the discard port: nothing listens there
    hook_id, _ = _subscribe(db, dead, ["family.created"])
    _emit(db, "family.created")
    assert deliver_due(db, allow_private=True, timeout=2) == 1
    row = _delivery(db, hook_id)
    assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, None)
    assert row.last_error is not None and "ConnectionError" in row.last_error


def test_redirects_are_not_followed(db: Database, receiver: Receiver) -> None:
    receiver.status = 302
    hook_id, _ = _subscribe(db, receiver.url, ["family.created"])
    _emit(db, "family.created")
    deliver_due(db, allow_private=True)
    row = _delivery(db, hook_id)
    assert (row.status, row.last_status_code, row.last_error) == ("pending", 302, "HTTP 302")


def test_a_claim_is_exclusive_and_fences_stale_workers(db: Database) -> None:
    _subscribe(db, "http://127.0.0.1:9/a", ["family.created"])
    _emit(db, "family.created")
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
    hook_id, _ = _subscribe(app_db, receiver.url, ["family.created", "family.attribution_conflict"])
    receiver.status = 500
    first = _emit(app_db, "family.created")
    deliver_due(app_db, allow_private=True)
    receiver.status = 200
    second = _emit(app_db, "family.attribution_conflict", {"family_id": 3, "speakers": ["A", "B"]})
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


def test_background_worker_is_off_in_tests_and_delivers_when_on(
    database_url: str, receiver: Receiver, client: FlaskClient
) -> None:
    assert start_background_worker(client.application) is None  # the app fixture turns it off
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "LOAD_MODEL": False,
            "WEBHOOK_WORKER": True,
            "WEBHOOK_ALLOW_PRIVATE": True,
        }
    )
    app_db: Database = app.extensions["quotes"].db
    try:
        _, secret = _subscribe(app_db, receiver.url, ["article.processed"])
        _emit(app_db, "article.processed", {"article_id": 9})
        thread = start_background_worker(app)
        assert thread is not None and thread.is_alive()
        assert start_background_worker(app) is thread  # once per process
        assert receiver.got_one.wait(10)
        got = receiver.received[0]
        assert verify(secret, got.body, got.headers["Quotes-Signature"], now=time.time())
    finally:
        stop_background_worker(app)
        app_db.dispose()
    assert not thread.is_alive()


def test_a_stopping_worker_hands_its_claims_back(db: Database, receiver: Receiver) -> None:
    hook_id, _ = _subscribe(db, receiver.url, ["family.created"])
    _emit(db, "family.created")
    stop = threading.Event()
    stop.set()
    assert deliver_due(db, allow_private=True, stop=stop) == 0
    assert receiver.received == []
    row = _delivery(db, hook_id)
    assert (row.status, row.attempts) == ("pending", 0)
    assert row.next_attempt_at <= utcnow()
    assert deliver_due(db, allow_private=True) == 1


def test_cli_worker_delivers_and_stops_on_sigterm(database_url: str, receiver: Receiver) -> None:
    db = Database(database_url)
    try:
        _, secret = _subscribe(db, receiver.url, ["family.created"])
        _emit(db, "family.created")
    finally:
        db.dispose()
    env = {
        **os.environ,
        "QUOTES_DATABASE_URL": database_url,
        "QUOTES_WEBHOOK_ALLOW_PRIVATE": "1",
        "QUOTES_LOAD_MODEL": "0",
    }
    code = "from service.cli import main; main(['worker', '--poll-interval', '0.2'])"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)
    try:
        assert receiver.got_one.wait(20)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err.decode()
    got = receiver.received[0]
    assert verify(secret, got.body, got.headers["Quotes-Signature"], now=time.time())


def test_dns_rebinding_is_caught_on_the_connected_socket(
    db: Database, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name looked public when checked, but the connection lands on 127.0.0.1.
    monkeypatch.setattr("service.webhooks.deliver.check_url", lambda url, allow_private: None)
    hook_id, _ = _subscribe(db, receiver.url, ["family.created"])
    _emit(db, "family.created")
    assert deliver_due(db, allow_private=False) == 1
    assert receiver.received == []
    row = _delivery(db, hook_id)
    assert (row.status, row.last_status_code) == ("pending", None)
    assert row.last_error is not None and "non-public address 127.0.0.1" in row.last_error


def test_a_batch_out_of_time_hands_the_rest_back(
    db: Database, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook_id, _ = _subscribe(db, receiver.url, ["family.created"])
    _emit(db, "family.created")
    _emit(db, "family.created")
    ticks = iter([0.0, 0.0, 1000.0])  # claim, first send, then the lease is nearly over
    monkeypatch.setattr("service.webhooks.deliver.clock", lambda: next(ticks))
    assert deliver_due(db, allow_private=True, limit=2, timeout=1) == 1
    with db.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.webhook_id == hook_id).order_by(Delivery.id)).all()
    assert [(r.status, r.attempts) for r in rows] == [("delivered", 1), ("pending", 0)]


def test_concurrent_workers_never_send_a_delivery_twice(db: Database, receiver: Receiver) -> None:
    _subscribe(db, receiver.url, ["family.created"])
    _subscribe(db, receiver.url, ["family.created"])
    for _ in range(15):
        _emit(db, "family.created")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while deliver_due(db, allow_private=True, limit=3):
                pass
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    sent = [r.headers["Quotes-Delivery"] for r in receiver.received]
    assert len(sent) == 30
    assert len(set(sent)) == 30
    with db.sessions() as session:
        statuses = session.execute(select(Delivery.status, func.max(Delivery.attempts)).group_by(Delivery.status))
        assert [tuple(r) for r in statuses] == [("delivered", 1)]
