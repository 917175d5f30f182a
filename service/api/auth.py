"""API-key authentication and scopes for the views; repeated failures are rate-limited per client."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, request

from service.api.limits import auth_failures_exceeded, record_auth_failure
from service.api.problems import fail
from service.runtime import runtime
from service.store.access.keys import find_key, has_scope, touch_key

F = TypeVar("F", bound=Callable[..., Any])

BEARER: dict[str, list[str]] = {"bearerAuth": []}


def problem_response(description: str) -> dict[str, Any]:
    """Return an OpenAPI response object for a problem+json error."""
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


AUTH_RESPONSES = {
    "401": problem_response("No API key, or not a valid one"),
    "403": problem_response("The key lacks the scope this operation needs"),
    "429": problem_response("Too many requests for this key; see Retry-After"),
}


def _authenticate(scope: str) -> None:
    cfg = runtime().config
    if not cfg.AUTH_ENABLED or (scope == "read" and cfg.OPEN_READS):
        g.api_key_id = None
        return
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not header[7:].strip():
        required = {"WWW-Authenticate": 'Bearer realm="quotes"'}
        fail(401, "An API key is required: Authorization: Bearer <key>.", headers=required)
    wait = auth_failures_exceeded()
    if wait is not None:
        # Guessing keys is throttled per client before any key is looked up.
        fail(429, "Too many failed authentications from this client.", headers={"Retry-After": str(wait)})
    with runtime().db.transaction() as session:
        key = find_key(session, header[7:].strip())
        if key is None:
            record_auth_failure()
            invalid = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            fail(401, "The API key is not valid.", headers=invalid)
        if not has_scope(key, scope):
            fail(403, f"This key lacks the {scope!r} scope.")
        g.api_key_id = key.id
        touch_key(session, key)


def requires(scope: str) -> Callable[[F], F]:
    """Decorate a view so it needs a key with ``scope`` (read, write or admin).

    Place it right under ``@blp.route`` so the key is checked before the body is parsed.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            _authenticate(scope)
            return view(*args, **kwargs)

        doc = getattr(wrapper, "_apidoc", {})
        manual = doc.setdefault("manual_doc", {})
        manual["security"] = [BEARER]
        manual.setdefault("responses", {}).update(AUTH_RESPONSES)
        wrapper._apidoc = doc  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
