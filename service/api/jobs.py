"""Async ingestion: ``Prefer: respond-async`` answers 202 with a job; ``GET /v1/jobs/{id}`` follows it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Response, current_app, g, request, url_for
from flask_smorest import Blueprint

from schemas.jobs import JobSchema
from service.api.auth import requires
from service.errors import NotFoundError
from service.jobs.submit import submit
from service.runtime import runtime
from service.store.jobs import repository as store
from service.store.jobs.models import Job

blp = Blueprint("jobs", __name__, url_prefix="/v1", description="Async ingestion jobs")

ASYNC_HEADER = {
    "Prefer": {
        "description": "`respond-async` (RFC 7240): answer 202 with a job instead of waiting for the ingest",
        "schema": {"type": "string"},
    }
}


def prefers_async() -> bool:
    """Return whether the request carries ``Prefer: respond-async`` (RFC 7240)."""
    preferences = (
        p.split(";")[0].split("=")[0].strip().lower() for h in request.headers.getlist("Prefer") for p in h.split(",")
    )
    return "respond-async" in preferences


def accepted(kind: str, payloads: Sequence[Any]) -> Response:
    """Queue a job for ``payloads`` and answer 202 with it, its Location and Preference-Applied."""
    job_id = submit(current_app._get_current_object(), kind, payloads, g.get("api_key_id"))  # type: ignore[attr-defined]
    response = Response(
        current_app.json.dumps(JobSchema().dump(job_view(_load(job_id)))), 202, mimetype="application/json"
    )
    response.headers["Location"] = url_for("jobs.get_job", job_id=job_id)
    response.headers["Preference-Applied"] = "respond-async"
    return response


def _load(job_id: int) -> Job:
    with runtime().db.sessions() as session:
        job = store.get_job(session, job_id)
        if job is None:
            raise NotFoundError(f"There is no job {job_id}.")
        return job


def job_view(job: Job) -> dict[str, Any]:
    """Return the wire form of a job with its items."""
    results = [
        {"index": i.index, "status": i.status, "outcome": i.outcome, "article_id": i.article_id, "problem": i.problem}
        for i in job.items
    ]
    statuses = [i.status for i in job.items if i.status is not None]
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": {
            "total": job.total,
            "processed": len(statuses),
            "succeeded": sum(1 for s in statuses if s < 400),
            "failed": sum(1 for s in statuses if s >= 400),
        },
        "article_ids": [i.article_id for i in job.items if i.article_id is not None],
        "results": results,
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


@blp.route("/jobs/<id:job_id>", methods=["GET"])
@requires("read")
@blp.response(200, JobSchema)
@blp.alt_response(404, description="Not found")
def get_job(job_id: int) -> dict[str, Any]:
    """Return a job's status, progress, per-item results and the ids of the articles it stored."""
    return job_view(_load(job_id))
