"""CORS for CMS front ends on an allow-list of origins (QUOTES_CORS_ORIGINS, comma-separated)."""

from __future__ import annotations

from flask import Flask, Response, request

ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-Request-ID"
EXPOSED_HEADERS = "ETag, Location, Retry-After, X-Request-ID, Idempotent-Replayed"


def init_cors(app: Flask, origins: str) -> None:
    """Answer cross-origin requests from the listed origins only."""
    allowed = {o.strip().rstrip("/") for o in origins.split(",") if o.strip()}
    if not allowed:
        return

    @app.after_request
    def _cors(response: Response) -> Response:
        origin = request.headers.get("Origin", "")
        if origin and (origin in allowed or "*" in allowed):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            response.vary.add("Origin")
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, PATCH, DELETE, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response.headers["Access-Control-Max-Age"] = "600"
        return response
