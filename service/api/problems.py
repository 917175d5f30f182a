"""Every error response is produced here, as application/problem+json (RFC 9457).

Domain errors (``service.errors``) are mapped to their status and problem type in
``PROBLEM_TYPES``, once; each type's ``type`` URI is a page the app serves (``/problems/<slug>``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from flask import Response, g, json, request
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from service import errors

PROBLEM_MIME = "application/problem+json"
# Relative to the API's own origin, where /problems/<slug> describes each type.
PROBLEM_BASE = "/problems/"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProblemType:
    """How one kind of domain error is answered: status, type slug, detail and extra members."""

    status: int
    slug: str | None = None  # None: the generic type of the status ("/problems/404")
    detail: Callable[[Exception], str] = str
    headers: Mapping[str, str] = field(default_factory=dict)
    field_errors: Callable[[Exception], list[dict[str, str]]] | None = None


def _busy_detail(_: Exception) -> str:
    return "The database is busy with conflicting writes; retry after the delay given."


# Most specific first: the first class the error is an instance of decides.
PROBLEM_TYPES: dict[type[Exception], ProblemType] = {
    errors.TextTooLongError: ProblemType(413, "text-too-long", lambda e: f"{str(e).capitalize()}."),
    errors.AnalysisMemoryError: ProblemType(
        422, "analysis-memory-exceeded", lambda e: f"The {e!s}; nothing was stored. Send a shorter or simpler text."
    ),
    errors.AnalysisBudgetError: ProblemType(
        422, "analysis-budget-exceeded", lambda e: f"The {e!s}; nothing was stored. Send a shorter or simpler text."
    ),
    errors.StoreBusyError: ProblemType(
        503, "database-busy", _busy_detail, {"Retry-After": str(errors.StoreBusyError.retry_after)}
    ),
    errors.BrokerUnavailableError: ProblemType(
        503, None, lambda _: "The job queue is unavailable; try again later.", {"Retry-After": "30"}
    ),
    errors.UnsafeURLError: ProblemType(
        422,
        "validation",
        lambda _: "The webhook URL is refused.",
        field_errors=lambda e: [{"field": "json.url", "message": str(e)}],
    ),
    errors.ChangedSinceReadError: ProblemType(412, "precondition-failed"),
    errors.SelfMergeError: ProblemType(422, "self-merge"),
    errors.EmptyArticleError: ProblemType(422, "empty-article"),
    errors.InvalidValueError: ProblemType(422),
    errors.NotFoundError: ProblemType(404),
}

# What each problem type means, for the page its ``type`` URI leads to.
ABOUT: dict[str, str] = {
    "validation": "The request did not match the schema; `errors` lists each invalid field with its dotted path.",
    "text-too-long": "The article's text is longer than the analysis accepts; nothing was analysed or stored.",
    "analysis-budget-exceeded": "Analysing the text took longer than its budget; nothing was stored.",
    "analysis-memory-exceeded": "Analysing the text needed more memory than its budget; nothing was stored.",
    "database-busy": "The database kept conflicting with other writes; retry after the Retry-After delay.",
    "empty-article": "The article holds no text to analyse (HTML that converts to nothing counts as none).",
    "precondition-failed": "If-Match did not match the resource's current ETag: it changed since it was read.",
    "self-merge": "A speaker or family cannot be merged with itself.",
}


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
    status: int, detail: str | None = None, *, headers: Mapping[str, str] | None = None, **members: Any
) -> Response:
    """Return a problem+json response for ``status`` (``members`` as ``problem_body`` takes them)."""
    body = problem_body(status, detail, **members)
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


def problem_type(error: Exception) -> ProblemType | None:
    """Return how ``error`` is answered, or None when it is no domain error."""
    return next((kind for cls, kind in PROBLEM_TYPES.items() if isinstance(error, cls)), None)


def handle_unexpected(error: Exception) -> Response:
    """Answer a domain error with its problem type; log anything else and answer 500 (503 for a busy store)."""
    from service.store.retry import is_transient

    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    if is_transient(error):
        error = errors.StoreBusyError(str(error))
    kind = problem_type(error)
    if kind is None:
        log.exception("unhandled error", exc_info=error)
        return handle_http_exception(InternalServerError())
    if isinstance(error, errors.StoreBusyError):
        log.warning("database busy", exc_info=error)
    field_errors = kind.field_errors(error) if kind.field_errors else None
    return problem(kind.status, kind.detail(error), type_=kind.slug, errors=field_errors, headers=kind.headers)


def fail(status: int, message: str, **kwargs: Any) -> NoReturn:
    """Abort the request with a problem response (typed so the checker knows it never returns)."""
    abort(status, message=message, **kwargs)
    raise AssertionError("unreachable")
