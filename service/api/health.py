"""Liveness and readiness probes for orchestrators and load balancers."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import text

from schemas.health import HealthSchema
from service.runtime import runtime

blp = Blueprint("health", __name__, description="Operational probes")


@blp.route("/healthz")
@blp.response(200, HealthSchema)
def healthz() -> dict[str, Any]:
    """The process is alive."""
    return {"status": "ok"}


@blp.route("/readyz")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="Not ready")
def readyz() -> tuple[dict[str, Any], int]:
    """The database answers and the language model is loaded."""
    rt = runtime()
    checks = {"database": "ok", "model": "ok" if rt.nlp is not None else "not loaded"}
    try:
        with rt.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means not ready
        checks["database"] = f"unreachable: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503
