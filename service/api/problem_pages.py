"""The pages problem ``type`` URIs lead to: ``/problems/<slug>`` says what the problem means."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from markupsafe import escape
from werkzeug.http import HTTP_STATUS_CODES

from service.api.problems import ABOUT, PROBLEM_MIME, PROBLEM_TYPES

blp = Blueprint("problems", __name__, url_prefix="/problems")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>Status {status}. {about}</p>
<p>Every error of the API is <code>{mime}</code> (RFC 9457); its <code>detail</code> says what went
wrong with this request, <code>request_id</code> identifies it in the server's logs.</p></body></html>
"""


def _status_of(slug: str) -> int | None:
    if slug.isdigit() and int(slug) in HTTP_STATUS_CODES:
        return int(slug)
    statuses = {kind.status for kind in PROBLEM_TYPES.values() if kind.slug == slug}
    return min(statuses) if statuses else (422 if slug == "validation" else None)


@blp.get("/<slug>")
def problem_page(slug: str) -> Response:
    """Describe the problem type ``slug`` (a status number, or one of the named types)."""
    status = _status_of(slug)
    if status is None:
        abort(404)
    title = slug.replace("-", " ").capitalize() if slug in ABOUT else HTTP_STATUS_CODES[status]
    about = ABOUT.get(slug, f"The HTTP meaning of {status} {HTTP_STATUS_CODES[status]}.")
    page = PAGE.format(title=escape(title), status=status, about=escape(about), mime=PROBLEM_MIME)
    return Response(page, mimetype="text/html")
