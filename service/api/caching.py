"""ETags on single resources: If-None-Match to re-check cheaply, If-Match to correct safely."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, json, make_response, request

F = TypeVar("F", bound=Callable[..., Any])


def tag_of(data: Any) -> str:
    """Return the ETag of a response body (as parsed JSON), the same whatever its key order."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def etag_of(obj: Any, schema: Any) -> str:
    """Return the ETag a GET answering ``obj`` with ``schema`` carries (to check If-Match against)."""
    return tag_of(schema.dump(obj))


def etagged(view: F) -> F:
    """Decorate a view (above ``@blp.response``) so its answer carries an ETag, or is 304 when it matches."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        if response.status_code not in (200, 201):
            return response  # an accepted job or an error is not the resource
        tag = tag_of(response.get_json())
        if request.if_none_match.contains(tag):
            kept = [(k, v) for k, v in response.headers.items() if k not in ("Content-Type", "Content-Length")]
            response = Response(status=304, headers=kept)
        response.set_etag(tag)
        return response

    return wrapper  # type: ignore[return-value]
