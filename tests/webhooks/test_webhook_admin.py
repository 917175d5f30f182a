"""Webhook operations: short leases, parallel endpoints, auto-disable, ping, redelivery, rotation, retention."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service import create_app
from service.cli import main
from service.config import Config
from service.maintenance import run_cleanup
from service.store.access.keys import create_key
from service.store.access.models import IdempotencyRecord
from service.store.base import utcnow
from service.store.db import Database
from service.store.outbox.events import emit
from service.store.outbox.models import Delivery, OutboxEvent, Webhook
from service.webhooks.deliver import deliver_due
from service.webhooks.signing import verify
from tests.webhooks.conftest import Receiver
from tests.webhooks.hooks import subscribe

pytestmark = pytest.mark.store


def _emit(db: Database, n: int = 1) -> None:
    for i in range(n):
        with db.transaction() as session:
            emit(session, "family.created", {"family_id": i})


def _hook(db: Database, webhook_id: int) -> Webhook:
    with db.sessions() as session:
        hook = session.get(Webhook, webhook_id)
        assert hook is not None
        return hook


def test_a_dead_workers_claims_are_retried_within_a_minute(db: Database, receiver: Receiver) -> None:
    hook = subscribe(db, receiver.url, ["family.created"])[0]
    _emit(db)
    receiver.delay = 1.5
    start = utcnow()
    first = threading.Thread(target=deliver_due, args=(db,), kwargs={"allow_private": True})
    first.start()  # stands for a worker that will die while it sends
    time.sleep(0.5)
    with db.sessions() as session:
        lease = session.scalars(select(Delivery.next_attempt_at).where(Delivery.webhook_id == hook)).one()
    assert lease - start <= timedelta(seconds=60)
    assert deliver_due(db, allow_private=True, now=start + timedelta(seconds=61)) == 1  # another worker reclaims
    first.join(10)


def test_a_slow_receiver_delays_only_itself(db: Database, receiver: Receiver, other_receiver: Receiver) -> None:
    subscribe(db, receiver.url, ["family.created"])
    subscribe(db, other_receiver.url, ["family.created"])
    receiver.delay = 2.0
    _emit(db, 2)
    start = time.monotonic()
    fast_done: list[float] = []
    other_receiver.got_one.clear()

    def watch() -> None:
        while len(other_receiver.received) < 2 and time.monotonic() - start < 10:
            time.sleep(0.02)
        fast_done.append(time.monotonic() - start)

    watcher = threading.Thread(target=watch)
    watcher.start()
    assert deliver_due(db, allow_private=True) == 4
    watcher.join()
    assert fast_done[0] < 1.5  # both fast deliveries went out while the slow receiver still held its first
    assert time.monotonic() - start >= 4.0


@pytest.fixture
def admin_app(database_url: str) -> Iterator[Flask]:
    """The app allowing loopback receivers, without the model."""
    app = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False, "WEBHOOK_WORKER": False}
        | {"WEBHOOK_ALLOW_PRIVATE": True, "WEBHOOK_TIMEOUT": 2.0}
    )
    yield app
    app.extensions["quotes"].db.dispose()


@pytest.fixture
def admin(admin_app: Flask) -> tuple[FlaskClient, dict[str, str], Database]:
    """A client with an admin key, and the app's database."""
    db = admin_app.extensions["quotes"].db
    with db.transaction() as session:
        _, token = create_key(session, "admin", ["admin"])
    return admin_app.test_client(), {"Authorization": f"Bearer {token}"}, db


def test_failing_endpoint_is_disabled_with_reason_and_event_then_a_ping_revives_it(
    admin: tuple[FlaskClient, dict[str, str], Database], receiver: Receiver, other_receiver: Receiver
) -> None:
    client, auth, db = admin
    hook = subscribe(db, receiver.url, ["family.created"])[0]
    watcher = subscribe(db, other_receiver.url, ["webhook.disabled"])[0]
    receiver.status = 503
    _emit(db, 3)
    deliver_due(db, allow_private=True, disable_after=3)
    state = _hook(db, hook)
    assert not state.active and state.consecutive_failures == 3
    assert (
        state.disabled_reason is not None and "3 consecutive failed attempts; last: HTTP 503" in state.disabled_reason
    )
    deliver_due(db, allow_private=True)
    assert [r.headers["Quotes-Event"] for r in other_receiver.received] == ["webhook.disabled"]
    shown = client.get(f"/v1/webhooks/{hook}", headers=auth).get_json()
    assert shown["active"] is False and shown["disabled_reason"] == state.disabled_reason
    failed_ping = client.post(f"/v1/webhooks/{hook}:ping", headers=auth).get_json()
    assert failed_ping["ok"] is False and failed_ping["status_code"] == 503
    receiver.status = 200
    ping = client.post(f"/v1/webhooks/{hook}:ping", headers=auth)
    assert ping.status_code == 200
    body = ping.get_json()
    assert body["ok"] is True and body["webhook"]["active"] is True and body["webhook"]["consecutive_failures"] == 0
    assert receiver.received[-1].headers["Quotes-Event"] == "ping"
    assert client.post("/v1/webhooks/999999:ping", headers=auth).status_code == 404
    assert watcher != hook


def test_redelivery_and_secret_rotation(
    admin: tuple[FlaskClient, dict[str, str], Database], receiver: Receiver
) -> None:
    client, auth, db = admin
    created = client.post(
        "/v1/webhooks", json={"url": receiver.url, "events": ["family.created"]}, headers=auth
    ).get_json()
    old_secret = created["secret"]
    _emit(db)
    deliver_due(db, allow_private=True)
    [delivery] = client.get(f"/v1/webhooks/{created['id']}/deliveries", headers=auth).get_json()
    assert delivery["status"] == "delivered"
    rotated = client.post(f"/v1/webhooks/{created['id']}:rotate-secret", json={"grace_seconds": 3600}, headers=auth)
    assert rotated.status_code == 200
    new_secret = rotated.get_json()["secret"]
    assert new_secret != old_secret and rotated.get_json()["previous_secret_expires_at"]
    again = client.post(f"/v1/webhooks/{created['id']}/deliveries/{delivery['id']}:redeliver", headers=auth)
    assert again.status_code == 202 and again.get_json()["status"] == "pending"
    deliver_due(db, allow_private=True)
    assert len(receiver.received) == 2
    last = receiver.received[-1]
    signature = last.headers["Quotes-Signature"]
    assert verify(new_secret, last.body, signature, time.time())
    assert verify(old_secret, last.body, signature, time.time())  # both sign during the grace period
    client.post(f"/v1/webhooks/{created['id']}:rotate-secret", json={"grace_seconds": 0}, headers=auth)
    assert client.post(f"/v1/webhooks/{created['id']}/deliveries/999999:redeliver", headers=auth).status_code == 404
    bad = client.post(f"/v1/webhooks/{created['id']}:rotate-secret", json={"grace_seconds": "60"}, headers=auth)
    assert bad.status_code == 422


def test_cleanup_deletes_what_is_past_retention_only(
    db: Database, database_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = subscribe(db, receiver.url, ["family.created"])[0]
    _emit(db, 3)
    deliver_due(db, allow_private=True, limit=2, per_endpoint=2)  # two delivered, one still pending
    with db.transaction() as session:
        session.add(IdempotencyRecord(key_id=None, idem_key="k", fingerprint="f", status=201, body="{}"))
    cfg = Config(RETENTION_EVENTS_DAYS=30, RETENTION_DELIVERIES_DAYS=30, RETENTION_IDEMPOTENCY_HOURS=24)
    assert run_cleanup(db, cfg).deliveries == 0  # nothing is old yet
    later = utcnow() + timedelta(days=31)
    done = run_cleanup(db, cfg, now=later)
    assert (done.deliveries, done.events, done.idempotency_records) == (2, 2, 1)
    with db.sessions() as session:
        assert session.scalars(select(Delivery.status).where(Delivery.webhook_id == hook)).all() == ["pending"]
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 1
    monkeypatch.setenv("QUOTES_DATABASE_URL", database_url)
    out = CliRunner().invoke(main, ["cleanup"])
    assert out.exit_code == 0 and "deleted 0 deliveries" in out.output
