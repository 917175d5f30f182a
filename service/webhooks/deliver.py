"""Sending due deliveries: claim in a short transaction, POST outside it, record the outcome."""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from flask import Flask

from service.errors import UnsafeURLError
from service.store.base import utcnow
from service.store.db import Database
from service.store.outbox.admin import note_outcome
from service.store.outbox.deliveries import DeliveryJob, claim_due, record_attempt, release
from service.webhooks import transport
from service.webhooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign
from service.webhooks.urls import check_url

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 10.0
BACKOFF_CAP_SECONDS = 3600.0
POLL_INTERVAL_SECONDS = 2.0
USER_AGENT = "quotes-webhooks/1"
# Added to the time a batch may take before its claims lapse and another worker may retry them.
LEASE_MARGIN_SECONDS = 10.0
# Deliveries claimed per endpoint and round: with the default 5 s timeout a round's claims
# lapse within a minute (4 x 2 x 5 s + 10 s), so a dead worker's deliveries are soon retried.
PER_ENDPOINT = 4
MAX_PARALLEL_ENDPOINTS = 8
# The clock that bounds a batch's sending time; a module attribute so tests can move it.
clock: Callable[[], float] = time.monotonic


def backoff(attempts: int, rand: Callable[[], float] = random.random) -> timedelta:
    """Return the wait after ``attempts`` failed tries: 10s·2^(n-1), capped at 1h, with ±20% jitter."""
    base = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    # Jitter spreads the retries of many deliveries that failed together (a receiver outage).
    return timedelta(seconds=min(BACKOFF_CAP_SECONDS, base * (0.8 + 0.4 * rand())))


def body_of(job: DeliveryJob) -> str:
    """Return the JSON body sent for ``job``: ``{"id", "type", "created_at", "data"}``."""
    envelope = {
        "id": job.event_id,
        "type": job.event_type,
        "created_at": job.event_created_at.isoformat().replace("+00:00", "Z"),
        "data": job.payload,
    }
    # ASCII-only JSON makes the signed text and the bytes on the wire the same thing, so
    # receivers cannot trip over how they decode the body before verifying it.
    return json.dumps(envelope, ensure_ascii=True, separators=(",", ":"), sort_keys=True)


def headers_of(job: DeliveryJob, body: str, ts: int) -> dict[str, str]:
    """Return the request headers for ``job``, signed at unix time ``ts``."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: job.event_type,
        DELIVERY_HEADER: str(job.delivery_id),
        SIGNATURE_HEADER: sign(job.secret, body, ts, *([job.previous_secret] if job.previous_secret else [])),
    }


def _send(
    http: requests.Session, job: DeliveryJob, *, timeout: float, allow_private: bool
) -> tuple[int | None, str | None]:
    try:
        # Checked again at send time: the name may resolve elsewhere than at registration.
        check_url(job.url, allow_private=allow_private)
    except UnsafeURLError as exc:
        return None, f"refused: {exc}"
    body = body_of(job)
    try:
        # Redirects are not followed: a 3xx could point at a private address. stream=True
        # stops after the headers, so a receiver cannot hold the worker with a long body.
        with http.post(
            job.url,
            data=body.encode("ascii"),
            headers=headers_of(job, body, int(time.time())),
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        ) as response:
            code = response.status_code
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return code, None if 200 <= code < 300 else f"HTTP {code}"


def send_ping(
    webhook_id: int, url: str, secrets: tuple[str, ...], *, timeout: float, allow_private: bool
) -> tuple[int | None, str | None]:
    """Send a signed ``ping`` event to a subscription now (nothing is stored); return code and error."""
    job = DeliveryJob(
        delivery_id=0,
        attempt=1,
        url=url,
        secret=secrets[0],
        event_id=0,
        event_type="ping",
        event_created_at=utcnow(),
        payload={"webhook_id": webhook_id},
        webhook_id=webhook_id,
        previous_secret=secrets[1] if len(secrets) > 1 else None,
    )
    with transport.session(allow_private=allow_private) as http:
        return _send(http, job, timeout=timeout, allow_private=allow_private)


def deliver_due(
    db: Database,
    *,
    now: datetime | None = None,
    limit: int = 50,
    timeout: float = 5.0,
    max_attempts: int = 8,
    allow_private: bool = False,
    stop: threading.Event | None = None,
    per_endpoint: int = PER_ENDPOINT,
    disable_after: int = 15,
) -> int:
    """Send up to ``limit`` due deliveries once each, stopping early if ``stop`` is set; return how many.

    Endpoints are served in parallel, each its own deliveries in order, so one slow receiver
    delays only itself; each endpoint gets at most ``per_endpoint`` deliveries a round.
    """
    claimed_at = now or utcnow()
    # One request takes about 2x timeout at worst (connect plus read, then DNS).
    lease = timedelta(seconds=per_endpoint * 2 * timeout + LEASE_MARGIN_SECONDS)
    # No send starts once the lease is nearly over, so none can overlap a re-claim by another worker.
    send_until = clock() + lease.total_seconds() - LEASE_MARGIN_SECONDS - 2 * timeout
    with db.transaction() as session:
        jobs = claim_due(
            session,
            now=claimed_at,
            limit=limit,
            lease_until=claimed_at + lease,
            skip_locked=db.dialect == "postgresql",
        )
        groups: dict[int, list[DeliveryJob]] = {}
        for job in jobs:
            queue = groups.setdefault(job.webhook_id, [])
            if len(queue) < per_endpoint:
                queue.append(job)
            else:
                release(session, job, now=claimed_at)  # next round, rather than after the lease
    if not groups:
        return 0

    def send_all(queue: list[DeliveryJob]) -> int:
        # No transaction is open while the requests are in flight: a slow receiver holds no locks.
        sent = 0
        with transport.session(allow_private=allow_private) as http:
            for job in queue:
                if (stop is not None and stop.is_set()) or clock() > send_until:
                    break
                code, error = _send(http, job, timeout=timeout, allow_private=allow_private)
                _record(db, job, code, error, now=now, max_attempts=max_attempts, disable_after=disable_after)
                sent += 1
        if sent < len(queue):
            # Stopping or out of time: hand the unsent claims back now rather than after the lease.
            with db.transaction() as session:
                for job in queue[sent:]:
                    release(session, job, now=now or utcnow())
        return sent

    queues = list(groups.values())
    if len(queues) == 1:
        return send_all(queues[0])
    with ThreadPoolExecutor(min(len(queues), MAX_PARALLEL_ENDPOINTS), thread_name_prefix="webhook-send") as pool:
        return sum(pool.map(send_all, queues))


def _record(
    db: Database,
    job: DeliveryJob,
    code: int | None,
    error: str | None,
    *,
    now: datetime | None,
    max_attempts: int,
    disable_after: int = 15,
) -> None:
    at = now or utcnow()
    fields: dict[str, Any]
    if error is None:
        fields = {"status": "delivered", "next_attempt_at": at, "delivered_at": at}
    elif job.attempt >= max_attempts:
        fields = {"status": "failed", "next_attempt_at": at, "delivered_at": None}
    else:
        fields = {"status": "pending", "next_attempt_at": at + backoff(job.attempt), "delivered_at": None}
    with db.transaction() as session:
        kept = record_attempt(session, job, status_code=code, error=error, **fields)
        if kept:
            note_outcome(session, job.webhook_id, error, disable_after)
    if not kept:
        log.warning("delivery %s: claim lost before its outcome was recorded", job.delivery_id)
    elif error is not None:
        log.info("delivery %s attempt %s failed: %s", job.delivery_id, job.attempt, error)


def run_worker(
    db: Database,
    stop: threading.Event,
    poll_interval: float = POLL_INTERVAL_SECONDS,
    *,
    limit: int = 50,
    timeout: float = 5.0,
    max_attempts: int = 8,
    allow_private: bool = False,
    disable_after: int = 15,
) -> None:
    """Deliver due webhooks until ``stop`` is set, pausing ``poll_interval`` when idle."""
    log.info("webhook worker started")
    while not stop.is_set():
        try:
            sent = deliver_due(
                db,
                limit=limit,
                timeout=timeout,
                max_attempts=max_attempts,
                allow_private=allow_private,
                stop=stop,
                disable_after=disable_after,
            )
        except Exception:
            # A database hiccup must not kill the worker thread; the next round retries.
            log.exception("webhook delivery round failed")
            sent = 0
        if sent < limit:
            stop.wait(poll_interval)
    log.info("webhook worker stopped")


@dataclass
class _Worker:
    pid: int
    thread: threading.Thread
    stop: threading.Event


_EXTENSION = "quotes_webhook_worker"
_start_lock = threading.Lock()


def start_background_worker(app: Flask) -> threading.Thread | None:
    """Start this process's delivery thread when WEBHOOK_WORKER is on; return it, or None when off."""
    rt = app.extensions["quotes"]
    cfg = rt.config
    if not cfg.WEBHOOK_WORKER:
        return None
    with _start_lock:
        current: _Worker | None = app.extensions.get(_EXTENSION)
        # A thread recorded by another pid belongs to the process we were forked from and
        # does not run here; start our own.
        if current is not None and current.pid == os.getpid() and current.thread.is_alive():
            return current.thread
        stop = threading.Event()
        thread = threading.Thread(
            target=run_worker,
            args=(rt.db, stop),
            kwargs={
                "timeout": cfg.WEBHOOK_TIMEOUT,
                "max_attempts": cfg.WEBHOOK_MAX_ATTEMPTS,
                "allow_private": cfg.WEBHOOK_ALLOW_PRIVATE,
                "disable_after": cfg.WEBHOOK_DISABLE_AFTER,
            },
            name="quotes-webhooks",
            daemon=True,
        )
        thread.start()
        app.extensions[_EXTENSION] = _Worker(os.getpid(), thread, stop)
        return thread


def stop_background_worker(app: Flask, timeout: float = 10.0) -> None:
    """Ask this process's delivery thread to finish its round and wait up to ``timeout`` seconds."""
    current: _Worker | None = app.extensions.get(_EXTENSION)
    if current is None or current.pid != os.getpid():
        return
    current.stop.set()
    current.thread.join(timeout)
