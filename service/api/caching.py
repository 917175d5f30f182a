"""ETags on single resources, so a CMS can re-check cheaply with If-None-Match."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, json, request


def etagged(payload: Any, schema: Any, status: int = 200) -> Response:
    """Return ``payload`` dumped with ``schema`` as JSON with an ETag, or 304 when it still matches."""
    body = json.dumps(schema.dump(payload), sort_keys=True)
    tag = hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = Response(body, status=status, mimetype="application/json")
    response.set_etag(tag)
    return response
