"""Who may see and change what in the explorer: the signed-in key, read/write checks and CSRF tokens.

The session cookie holds the key's row id and SHA-256 digest, never the key itself, so a
revoked key stops working on the next page and the cookie alone cannot call the API.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface

from service.explore import data
from service.runtime import runtime

F = TypeVar("F", bound=Callable[..., Any])
COOKIE = "quotes_explore"


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Return whether the cookie needs HTTPS: always when configured, else when this request used it."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_sessions(app: Flask, secret: str) -> None:
    """Give the app its cookie settings and the signing secret (random when none is configured)."""
    app.secret_key = secret or secrets.token_hex(32)
    app.config.update(SESSION_COOKIE_NAME=COOKIE, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.session_interface = SessionInterface()


def scopes() -> set[str]:
    """Return the scopes of the signed-in key for this request (empty when signed out)."""
    if "scopes" not in g:
        key_id, key_digest = session.get("key_id"), session.get("key_digest")
        found = data.key_scopes(key_id, key_digest) if isinstance(key_id, int) and key_digest else None
        if found is None and key_id is not None:
            session.pop("key_id", None)
            session.pop("key_digest", None)
        g.scopes = found or set()
    result: set[str] = g.scopes
    return result


def can(scope: str) -> bool:
    """Return whether this request may do what ``scope`` allows."""
    cfg = runtime().config
    if not cfg.AUTH_ENABLED or (scope == "read" and cfg.OPEN_READS):
        return True
    return scope in scopes()


def sign_in(token: str) -> bool:
    """Sign in with an API key; return whether it was a live key."""
    found = data.find_key(token.strip()) if token.strip() else None
    if found is None:
        return False
    session.clear()
    session["key_id"], session["key_digest"] = found
    session["csrf"] = secrets.token_urlsafe(32)
    return True


def sign_out() -> None:
    """Forget the signed-in key."""
    session.clear()


def csrf_token() -> str:
    """Return this session's CSRF token, creating it on first use."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Refuse a form post whose CSRF token is missing or not this session's (400)."""
    sent, mine = request.form.get("csrf_token", ""), session.get("csrf")
    if not isinstance(mine, str) or not hmac.compare_digest(sent.encode(), mine.encode()):
        abort(400, "This form has expired or did not come from this site. Reload the page and try again.")


def reads(view: F) -> F:
    """Decorate a page: readers without access are sent to the sign-in form."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not can("read"):
            return redirect(url_for("explore.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def writes(view: F) -> F:
    """Decorate a correction: CSRF checked first, then a key with ``write`` (403 otherwise)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        check_csrf()
        if not can("write"):
            abort(403, "Corrections need a key with the write scope. Sign in with one.")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def safe_next(target: str | None) -> str:
    """Return a local path to go to after signing in (never another site)."""
    if target and target.startswith("/") and not target.startswith(("//", "/explore/sign-")) and "\\" not in target:
        return target
    return url_for("explore.search")
