"""Ingestion jobs on the wire: status, progress and per-item results of an async request."""

from __future__ import annotations

import marshmallow as ma

from service.store.jobs.models import JOB_STATUSES


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


class JobSchema(ma.Schema):
    """An async ingestion request: queued, running, done (some article stored) or failed."""

    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": ["article", "batch"]})
    status = ma.fields.String(metadata={"enum": list(JOB_STATUSES)})
    progress = ma.fields.Nested(JobProgressSchema)
    article_ids = ma.fields.List(ma.fields.Integer())
    results = ma.fields.List(ma.fields.Nested(JobItemSchema))
    error = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    started_at = ma.fields.DateTime(allow_none=True)
    finished_at = ma.fields.DateTime(allow_none=True)
