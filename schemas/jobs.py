"""Ingestion jobs on the wire: status, progress and per-item results of an async request."""

from __future__ import annotations

from typing import NamedTuple

import marshmallow as ma

from schemas.fields import BuiltList, BuiltNested
from service.store.jobs.models import JOB_STATUSES, Job


class JobItemSchema(ma.Schema):
    """What became of one article of a job; ``status`` is null while it waits."""

    index = ma.fields.Integer()
    status = ma.fields.Integer(allow_none=True, metadata={"description": "201 created, 200 updated/unchanged, 4xx/5xx"})
    outcome = ma.fields.String(allow_none=True, metadata={"enum": ["created", "updated", "unchanged"]})
    article_id = ma.fields.Integer(allow_none=True)
    problem = ma.fields.Dict(allow_none=True)


class JobProgressSchema(ma.Schema):
    """How far a job has got."""

    total = ma.fields.Integer()
    processed = ma.fields.Integer()
    succeeded = ma.fields.Integer()
    failed = ma.fields.Integer()


class Progress(NamedTuple):
    """Counts of a job's items: all, with an outcome, stored, failed."""

    total: int
    processed: int
    succeeded: int
    failed: int


def progress_of(job: Job) -> Progress:
    """Return how far ``job`` has got, from its items' statuses."""
    statuses = [i.status for i in job.items if i.status is not None]
    return Progress(job.total, len(statuses), sum(s < 400 for s in statuses), sum(s >= 400 for s in statuses))


class JobSchema(ma.Schema):
    """An async ingestion request: queued, running, done (some article stored) or failed."""

    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": ["article", "batch"]})
    status = ma.fields.String(metadata={"enum": list(JOB_STATUSES)})
    progress = BuiltNested(JobProgressSchema, build=progress_of)
    article_ids = BuiltList(
        ma.fields.Integer(), build=lambda job: [i.article_id for i in job.items if i.article_id is not None]
    )
    results = ma.fields.List(ma.fields.Nested(JobItemSchema), attribute="items")
    error = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    started_at = ma.fields.DateTime(allow_none=True)
    finished_at = ma.fields.DateTime(allow_none=True)
