"""Celery tasks: run a job, send due webhooks, apply retention. Each runs in the Flask app's context."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task

from service.jobs.run import run_job
from service.maintenance import run_cleanup
from service.runtime import runtime
from service.store.base import utcnow
from service.store.jobs import repository as store
from service.webhooks.deliver import deliver_due

log = logging.getLogger(__name__)


@shared_task(name="quotes.run_job")
def run_job_task(job_id: int) -> str | None:
    """Ingest job ``job_id``; a redelivery after a crash resumes with the items not yet recorded."""
    rt = runtime()
    try:
        return run_job(rt.db, rt.require_nlp(), job_id)
    except Exception as exc:
        log.exception("job %s failed", job_id)
        with rt.db.transaction() as session:
            store.fail_job(session, job_id, f"{type(exc).__name__}: {exc}")
        return "failed"


@shared_task(name="quotes.deliver_webhooks")
def deliver_webhooks_task() -> int:
    """Send the webhook deliveries that are due; return how many were sent."""
    rt = runtime()
    cfg = rt.config
    return deliver_due(
        rt.db,
        timeout=cfg.WEBHOOK_TIMEOUT,
        max_attempts=cfg.WEBHOOK_MAX_ATTEMPTS,
        allow_private=cfg.WEBHOOK_ALLOW_PRIVATE,
        disable_after=cfg.WEBHOOK_DISABLE_AFTER,
    )


@shared_task(name="quotes.retention")
def retention_task() -> int:
    """Apply every retention setting (jobs, events, deliveries, idempotency records); return rows deleted."""
    rt = runtime()
    with rt.db.transaction() as session:
        jobs = store.delete_finished_jobs(session, utcnow() - timedelta(days=rt.config.JOB_RETENTION_DAYS))
    done = run_cleanup(rt.db, rt.config)
    return jobs + done.deliveries + done.events + done.idempotency_records
