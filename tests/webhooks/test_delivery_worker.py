"""The delivery worker: in the app, as `quotes worker`, stopping cleanly and racing other workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service import create_app
from service.store.base import utcnow
from service.store.db import Database
from service.store.outbox.models import Delivery
from service.webhooks.deliver import deliver_due, start_background_worker, stop_background_worker
from service.webhooks.signing import verify
from tests.webhooks.conftest import Receiver
from tests.webhooks.hooks import delivery_of, emit_event, subscribe

pytestmark = pytest.mark.store


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
        _, secret = subscribe(app_db, receiver.url, ["article.processed"])
        emit_event(app_db, "article.processed", {"article_id": 9})
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
    hook_id, _ = subscribe(db, receiver.url, ["family.created"])
    emit_event(db, "family.created")
    stop = threading.Event()
    stop.set()
    assert deliver_due(db, allow_private=True, stop=stop) == 0
    assert receiver.received == []
    row = delivery_of(db, hook_id)
    assert (row.status, row.attempts) == ("pending", 0)
    assert row.next_attempt_at <= utcnow()
    assert deliver_due(db, allow_private=True) == 1


def test_cli_worker_delivers_and_stops_on_sigterm(database_url: str, receiver: Receiver) -> None:
    db = Database(database_url)
    try:
        _, secret = subscribe(db, receiver.url, ["family.created"])
        emit_event(db, "family.created")
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
    hook_id, _ = subscribe(db, receiver.url, ["family.created"])
    emit_event(db, "family.created")
    assert deliver_due(db, allow_private=False) == 1
    assert receiver.received == []
    row = delivery_of(db, hook_id)
    assert (row.status, row.last_status_code) == ("pending", None)
    assert row.last_error is not None and "non-public address 127.0.0.1" in row.last_error


def test_a_batch_out_of_time_hands_the_rest_back(
    db: Database, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook_id, _ = subscribe(db, receiver.url, ["family.created"])
    emit_event(db, "family.created")
    emit_event(db, "family.created")
    ticks = iter([0.0, 0.0, 1000.0])  # claim, first send, then the lease is nearly over
    monkeypatch.setattr("service.webhooks.deliver.clock", lambda: next(ticks))
    assert deliver_due(db, allow_private=True, limit=2, timeout=1) == 1
    with db.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.webhook_id == hook_id).order_by(Delivery.id)).all()
    assert [(r.status, r.attempts) for r in rows] == [("delivered", 1), ("pending", 0)]


def test_concurrent_workers_never_send_a_delivery_twice(db: Database, receiver: Receiver) -> None:
    subscribe(db, receiver.url, ["family.created"])
    subscribe(db, receiver.url, ["family.created"])
    for _ in range(15):
        emit_event(db, "family.created")
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
