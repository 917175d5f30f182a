"""What every explorer page is rendered with, and its response headers."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from service.explore import access, times
from service.explore.speakerview import kind_label

# Every asset is the app's own; nothing may load from elsewhere, and no page may be framed.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


_OPENING = "“\"‘'«"


def quoted(text: str, kind: str | None = None) -> str:
    """Return a direct or partial quote in quotation marks (unless it has them); reported speech stays bare."""
    text = text.strip()
    return text if kind == "indirect" or text[:1] in _OPENING else f"“{text}”"


def web_link(url: str | None) -> str | None:
    """Return an article's URL when it is an http(s) link, so no other scheme reaches an href."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def globals_for_templates() -> dict[str, Any]:
    """Return the helpers and sign-in state every template sees."""
    return {
        "can_write": access.can("write"),
        "signed_in": bool(access.scopes()),
        "csrf_token": access.csrf_token,
        "utc_label": times.utc_label,
        "utc_iso": times.utc_iso,
        "kind_label": kind_label,
        "quoted": quoted,
        "web_link": web_link,
    }


def secure_headers(response: Response) -> Response:
    """Add the explorer's security and caching headers to a page."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not request.path.startswith("/explore/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def error_page(error: HTTPException) -> tuple[str, int]:
    """Render an HTTP error as a page (the API's errors stay problem+json)."""
    code = error.code or 500
    return render_template("explore/error.html", code=code, title=error.name, detail=error.description), code
