"""Queueing a job: a jobs row first, then a Celery task when a broker is set, else the embedded pool."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Flask

from service.errors import BrokerUnavailableError
from service.jobs.embedded import wake_pool
from service.runtime import Runtime
from service.store.jobs import repository as store


def submit(app: Flask, kind: str, payloads: Sequence[Any], key_id: int | None) -> int:
    """Record a job carrying ``payloads`` and hand it to whatever runs jobs here; return its id."""
    rt: Runtime = app.extensions["quotes"]
    with rt.db.transaction() as session:
        job_id = store.create_job(session, kind, payloads, key_id).id
    # Sent after the commit, so a worker never picks up a job it cannot yet see.
    celery_app = app.extensions.get("celery")
    if celery_app is not None:
        try:
            celery_app.send_task("quotes.run_job", args=[job_id])
        except Exception as exc:
            # A job no worker will ever see must not sit queued: say so in the job, then fail the request.
            with rt.db.transaction() as session:
                store.fail_job(session, job_id, f"the broker refused the job: {type(exc).__name__}")
            raise BrokerUnavailableError(str(exc)) from exc
    else:
        wake_pool(app)
    return job_id
