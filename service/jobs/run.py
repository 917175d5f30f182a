"""Running one job: each pending item ingested and recorded once, then ``job.completed`` once."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from typing import Any

from marshmallow import ValidationError
from spacy.language import Language

from schemas.articles import ArticleInSchema
from service.api.problems import flatten_errors
from service.ingest import ArticleInput, ingest
from service.store.db import Database
from service.store.jobs import repository as store
from service.store.jobs.models import Job
from service.store.outbox.events import emit

log = logging.getLogger(__name__)

# How long a claim on a job lasts without news; every finished item renews it.
LEASE = timedelta(seconds=float(os.environ.get("QUOTES_JOB_LEASE_SECONDS", "300")))
STATUS_OF = {"created": 201, "updated": 200, "unchanged": 200}


def run_job(db: Database, nlp: Language, job_id: int) -> str | None:
    """Ingest the job's pending items and finish it; return its final status, or None if it was finished."""
    with db.transaction() as session:
        if store.start_job(session, job_id, LEASE) is None:
            return None
    with db.sessions() as session:
        pending = store.pending_items(session, job_id)
    for item_id, index, payload in pending:
        result = ingest_item(db, nlp, payload)
        with db.transaction() as session:
            store.record_item(session, item_id, result, LEASE)
        log.info("job %s item %s: %s", job_id, index, result.status)
    return finish(db, job_id)


def ingest_item(db: Database, nlp: Language, payload: Any) -> store.ItemResult:
    """Validate and ingest one article body; a bad body or a failure is the item's problem, not the job's."""
    try:
        data = ArticleInSchema().load(payload if isinstance(payload, dict) else {})
    except ValidationError as err:
        errors = flatten_errors(err.messages)
        return store.ItemResult(422, problem={"status": 422, "title": "Unprocessable Content", "errors": errors})
    try:
        # Ingest is idempotent on (outlet, external_id, content): a redelivered item is "unchanged".
        outcome = ingest(db, nlp, ArticleInput.from_payload(data))
    except Exception as exc:
        log.exception("ingest failed")
        detail = f"{type(exc).__name__}: {exc}"[:500]
        return store.ItemResult(500, problem={"status": 500, "title": "Internal Server Error", "detail": detail})
    return store.ItemResult(STATUS_OF[outcome.outcome], outcome.article_id, outcome.outcome)


def finish(db: Database, job_id: int) -> str | None:
    """Close a job whose items all have outcomes and emit ``job.completed`` in the same transaction."""
    with db.transaction() as session:
        job = store.finish_job(session, job_id)
        if job is None:
            return None
        emit(session, "job.completed", completed_event(job))
        return job.status


def completed_event(job: Job) -> dict[str, Any]:
    """Return the payload of a ``job.completed`` event."""
    items = job.items
    return {
        "job_id": job.id,
        "status": job.status,
        "total": job.total,
        "succeeded": sum(1 for i in items if i.status is not None and i.status < 400),
        "failed": sum(1 for i in items if i.status is not None and i.status >= 400),
        "article_ids": [i.article_id for i in items if i.article_id is not None],
    }
