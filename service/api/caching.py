"""ETags on single resources: If-None-Match to re-check cheaply, If-Match to correct safely."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, json, request


def _tagged(payload: Any, schema: Any) -> tuple[str, str]:
    body = json.dumps(schema.dump(payload), sort_keys=True)
    return body, hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]


def etag_of(payload: Any, schema: Any) -> str:
    """Return the ETag a GET of ``payload`` with ``schema`` carries."""
    return _tagged(payload, schema)[1]


def etagged(payload: Any, schema: Any, status: int = 200) -> Response:
    """Return ``payload`` dumped with ``schema`` as JSON with an ETag, or 304 when it still matches."""
    body, tag = _tagged(payload, schema)
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = Response(body, status=status, mimetype="application/json")
    response.set_etag(tag)
    return response
