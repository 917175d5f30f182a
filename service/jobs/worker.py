"""``quotes worker``: Celery workers with a broker, else webhook delivery and the embedded job pool."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from celery.signals import worker_process_init
from flask import Flask

from service.config import Config
from service.memory import freeze_heap


def run_celery(app: Flask, concurrency: int, beat: bool, loglevel: str) -> None:
    """Run a Celery worker of ``concurrency`` processes forked from this one (model already loaded)."""
    celery_app = app.extensions["celery"]

    @worker_process_init.connect(weak=False)
    def _fresh_connections(**_: Any) -> None:
        # Pooled connections of the parent must not be shared with a forked child.
        app.extensions["quotes"].db.engine.dispose(close=False)

    freeze_heap()
    argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}", "--pool=prefork"]
    if beat:
        argv.append("--beat")
    celery_app.worker_main(argv)


def run_embedded(app: Flask, cfg: Config, poll_interval: float) -> None:
    """Deliver webhooks and run queued jobs in this process until SIGTERM or SIGINT."""
    from service.jobs.embedded import start_pool, stop_pool
    from service.webhooks.deliver import run_worker

    db = app.extensions["quotes"].db
    stop = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    start_pool(app)
    # The loop runs in its own thread so the signal handler never interrupts it while it
    # holds the event's lock; the main thread only waits.
    limits = {
        "timeout": cfg.WEBHOOK_TIMEOUT,
        "max_attempts": cfg.WEBHOOK_MAX_ATTEMPTS,
        "disable_after": cfg.WEBHOOK_DISABLE_AFTER,
    }
    thread = threading.Thread(
        target=run_worker,
        args=(db, stop, poll_interval),
        kwargs={"allow_private": cfg.WEBHOOK_ALLOW_PRIVATE, **limits},
        name="quotes-webhooks",
    )
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.5)
    finally:
        stop_pool(app)
        db.dispose()
