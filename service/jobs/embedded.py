"""The embedded job pool: a few threads per server process claiming jobs from the jobs table.

Without a broker this is how async jobs run, so ``make run`` needs nothing else. Claims are
leases: a job whose process died is claimed again once its lease lapses, and items that
already have an outcome are not ingested twice.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field

from flask import Flask

from service.jobs.run import LEASE, run_job
from service.runtime import Runtime
from service.store.jobs import repository as store

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
_EXTENSION = "quotes_job_pool"
_lock = threading.Lock()


@dataclass
class Pool:
    """This process's job threads and the events that wake and stop them."""

    pid: int
    threads: list[threading.Thread]
    wake: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)


def run_pending(rt: Runtime) -> int:
    """Claim and run jobs until none is left; return how many ran."""
    ran = 0
    while True:
        with rt.db.transaction() as session:
            job_id = store.claim_next(session, LEASE)
        if job_id is None:
            return ran
        try:
            run_job(rt.db, rt.require_nlp(), job_id)
        except Exception as exc:
            log.exception("job %s failed", job_id)
            with rt.db.transaction() as session:
                store.fail_job(session, job_id, f"{type(exc).__name__}: {exc}")
        ran += 1


def _loop(rt: Runtime, pool: Pool) -> None:
    while not pool.stop.is_set():
        try:
            run_pending(rt)
        except Exception:
            # A database hiccup must not kill the thread; the next round retries.
            log.exception("job pool round failed")
        pool.wake.wait(POLL_SECONDS)
        pool.wake.clear()


def start_pool(app: Flask) -> Pool | None:
    """Start this process's job threads (QUOTES_JOB_THREADS) unless a broker runs jobs; return the pool."""
    rt: Runtime = app.extensions["quotes"]
    if rt.config.BROKER_URL or rt.config.JOB_THREADS < 1 or rt.nlp is None:
        return None
    with _lock:
        current: Pool | None = app.extensions.get(_EXTENSION)
        # A pool recorded by another pid was inherited through fork and runs no thread here.
        if current is not None and current.pid == os.getpid() and all(t.is_alive() for t in current.threads):
            return current
        pool = Pool(os.getpid(), [])
        for n in range(rt.config.JOB_THREADS):
            thread = threading.Thread(target=_loop, args=(rt, pool), name=f"quotes-jobs-{n}", daemon=True)
            pool.threads.append(thread)
            thread.start()
        app.extensions[_EXTENSION] = pool
        return pool


def wake_pool(app: Flask) -> None:
    """Start the pool if need be and tell it a job is waiting."""
    pool = start_pool(app)
    if pool is not None:
        pool.wake.set()


def stop_pool(app: Flask, timeout: float = 10.0) -> None:
    """Ask this process's job threads to stop after their current item and wait up to ``timeout``."""
    pool: Pool | None = app.extensions.get(_EXTENSION)
    if pool is None or pool.pid != os.getpid():
        return
    pool.stop.set()
    pool.wake.set()
    for thread in pool.threads:
        thread.join(timeout)
