"""Idempotency-Key: a retried POST gets the first response again instead of acting twice."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, g, make_response, request

from service.api.problems import fail
from service.runtime import runtime
from service.store.access.idempotency import find_record, save_record

F = TypeVar("F", bound=Callable[..., Any])

HEADER = "Idempotency-Key"


def idempotent(view: F) -> F:
    """Decorate a POST view so a repeated Idempotency-Key replays the stored response."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        idem_key = request.headers.get(HEADER, "").strip()
        if not idem_key:
            return view(*args, **kwargs)
        if len(idem_key) > 200:
            fail(400, f"{HEADER} is longer than 200 characters.")
        fingerprint = hashlib.sha256(request.method.encode() + request.path.encode() + request.get_data()).hexdigest()
        key_id = getattr(g, "api_key_id", None)
        db = runtime().db
        with db.sessions() as session:
            record = find_record(session, key_id, idem_key)
            if record is not None:
                if record.fingerprint != fingerprint:
                    fail(409, f"This {HEADER} was already used with a different request.")
                replay = Response(record.body, status=record.status, mimetype="application/json")
                replay.headers["Idempotent-Replayed"] = "true"
                return replay
        response = make_response(view(*args, **kwargs))
        if response.status_code < 500:
            with db.transaction() as session:
                body = response.get_data(as_text=True)
                save_record(
                    session,
                    key_id=key_id,
                    idem_key=idem_key,
                    fingerprint=fingerprint,
                    status=response.status_code,
                    body=body,
                )
        return response

    doc = getattr(wrapper, "_apidoc", {})
    manual = doc.setdefault("manual_doc", {})
    manual.setdefault("parameters", []).append(
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "schema": {"type": "string", "maxLength": 200},
            "description": "Makes the POST safe to retry: the same key replays the first response.",
        }
    )
    wrapper._apidoc = doc  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
