"""Every error response is produced here, as application/problem+json (RFC 9457)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, NoReturn

from flask import Response, g, json, request
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from service.engine.budget import AnalysisBudgetError, AnalysisMemoryError, TextTooLongError

PROBLEM_MIME = "application/problem+json"
PROBLEM_BASE = "https://quotes-service.dev/problems/"

log = logging.getLogger(__name__)


def flatten_errors(messages: Any, prefix: str = "") -> list[dict[str, str]]:
    """Return marshmallow's nested messages as a flat list of {field, message}."""
    # webargs nests messages as {location: {field: [msg, ...]}}; clients want flat paths.
    if isinstance(messages, Mapping):
        out: list[dict[str, str]] = []
        for key, value in messages.items():
            out.extend(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            return [{"field": prefix, "message": str(m)} for m in messages]
        out = []
        for m in messages:
            out.extend(flatten_errors(m, prefix))
        return out
    return [{"field": prefix, "message": str(messages)}]


def problem_body(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    type_: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Return the members of a problem document for ``status``."""
    title = title or HTTP_STATUS_CODES.get(status, "Error")
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (type_ or str(status)),
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path if request else None,
        "request_id": getattr(g, "request_id", None),
    }
    if errors:
        body["errors"] = errors
    return body


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    type_: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Return a problem+json response for ``status``."""
    body = problem_body(status, detail, title=title, type_=type_, errors=errors)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIME)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def exception_problem(error: Exception) -> dict[str, Any]:
    """Return the problem document an exception answers with (for per-item results of a batch)."""
    response = handle_unexpected(error)
    body: dict[str, Any] = json.loads(response.get_data())
    return body


def handle_http_exception(error: HTTPException) -> Response:
    """Turn any werkzeug/webargs HTTP error into a problem response."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = None
    detail = error.description if status < 500 else "The server could not complete the request."
    if "messages" in data or "errors" in data:
        errors = flatten_errors(data.get("errors") or data.get("messages"))
        detail = "The request is not valid; see errors."
    if "message" in data:
        detail = str(data["message"])
    type_ = data.get("type") or ("validation" if errors else None)
    headers = dict(data.get("headers") or {})
    if status == 405 and error.get_response().headers.get("Allow"):
        headers["Allow"] = error.get_response().headers["Allow"]
    return problem(status, detail, type_=type_, errors=errors, headers=headers)


def handle_unexpected(error: Exception) -> Response:
    """Log an unhandled exception and answer 500 without leaking its details (503 for a busy store)."""
    from service.store.retry import StoreBusyError, is_transient

    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    if isinstance(error, TextTooLongError):
        return problem(413, f"{str(error).capitalize()}.", type_="text-too-long")
    if isinstance(error, AnalysisBudgetError):
        detail = f"The {error!s}; nothing was stored. Send a shorter or simpler text."
        memory = isinstance(error, AnalysisMemoryError)
        return problem(422, detail, type_="analysis-memory-exceeded" if memory else "analysis-budget-exceeded")
    if isinstance(error, StoreBusyError) or is_transient(error):
        log.warning("database busy", exc_info=error)
        return busy()
    log.exception("unhandled error", exc_info=error)
    return handle_http_exception(InternalServerError())


def fail(status: int, message: str, **kwargs: Any) -> NoReturn:
    """Abort the request with a problem response (typed so the checker knows it never returns)."""
    abort(status, message=message, **kwargs)
    raise AssertionError("unreachable")


def busy() -> Response:
    """Return the 503 answered when the database kept conflicting: retrying later will work."""
    from service.store.retry import StoreBusyError

    return problem(
        503,
        "The database is busy with conflicting writes; retry after the delay given.",
        type_="database-busy",
        headers={"Retry-After": str(StoreBusyError.retry_after)},
    )
