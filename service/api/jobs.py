"""Async ingestion: ``Prefer: respond-async`` answers 202 with a job; ``GET /v1/jobs/{id}`` follows it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Response, current_app, g, request, url_for
from flask_smorest import Blueprint

from schemas.jobs import JobSchema
from service.api.auth import requires
from service.errors import found
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
    response = Response(current_app.json.dumps(JobSchema().dump(_load(job_id))), 202, mimetype="application/json")
    response.headers["Location"] = url_for("jobs.get_job", job_id=job_id)
    response.headers["Preference-Applied"] = "respond-async"
    return response


def _load(job_id: int) -> Job:
    with runtime().db.sessions() as session:
        return found(store.get_job(session, job_id), "job", job_id)


@blp.route("/jobs/<id:job_id>", methods=["GET"])
@requires("read")
@blp.response(200, JobSchema)
@blp.alt_response(404, description="Not found")
def get_job(job_id: int) -> Job:
    """Return a job's status, progress, per-item results and the ids of the articles it stored."""
    return _load(job_id)
