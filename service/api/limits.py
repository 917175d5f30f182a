"""Rate limits through Flask-Limiter: per API key for every request, per client for failed keys.

The counters live in Redis when one is configured (QUOTES_RATE_LIMIT_STORAGE_URL, or the
broker when it is Redis), so every server process and host shares them; in memory otherwise.
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

from service.config import Config

_EXTENSION = "quotes_limiter"


def storage_uri(cfg: Config) -> str:
    """Return where counters are kept: the configured URL, else a Redis broker, else memory."""
    if cfg.RATE_LIMIT_STORAGE_URL:
        return cfg.RATE_LIMIT_STORAGE_URL
    if cfg.BROKER_URL.startswith(("redis://", "rediss://")):
        return cfg.BROKER_URL
    return "memory://"


def client_key() -> str:
    """Identify the caller: a digest of its bearer token, else its address."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and header[7:].strip():
        return "key:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
    return "ip:" + get_remote_address()


def init_limits(app: Flask, cfg: Config) -> Limiter:
    """Attach the app's limiter: one shared per-key limit on every API route, headers on every answer."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_uri(cfg))
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "quotes")
    limiter = Limiter(
        client_key,
        app=app,
        application_limits=[f"{cfg.RATE_LIMIT_PER_MINUTE} per minute"],
        strategy="moving-window",
        headers_enabled=False,
    )

    @limiter.request_filter
    def _unlimited() -> bool:
        # Probes and the spec are not the API a key is metered for.
        return not request.path.startswith("/v1/")

    @app.after_request
    def _ratelimit_headers(response: Response) -> Response:
        current = limiter.current_limit
        if current is not None:
            # reset_at is a whole second, so the raw difference can exceed the window by one.
            reset = min(current.limit.get_expiry(), max(0, math.ceil(current.reset_at - time.time())))
            response.headers["RateLimit-Limit"] = str(current.limit.amount)
            response.headers["RateLimit-Remaining"] = str(current.remaining)
            response.headers["RateLimit-Reset"] = str(reset)
            if response.status_code == 429 and "Retry-After" not in response.headers:
                response.headers["Retry-After"] = str(max(1, reset))
        return response

    app.extensions[_EXTENSION] = limiter
    return limiter


def auth_failures_exceeded() -> int | None:
    """Return seconds to wait when this client has failed authentication too often, else None."""
    limiter: Limiter = current_app.extensions[_EXTENSION]
    item = parse(current_app.config["AUTH_FAILURE_LIMIT"])
    who = get_remote_address()
    if limiter.limiter.test(item, "auth-failures", who):
        return None
    reset, _ = limiter.limiter.get_window_stats(item, "auth-failures", who)
    return max(1, math.ceil(reset - time.time()))


def record_auth_failure() -> None:
    """Count one failed authentication against this client's address."""
    limiter: Limiter = current_app.extensions[_EXTENSION]
    limiter.limiter.hit(parse(current_app.config["AUTH_FAILURE_LIMIT"]), "auth-failures", get_remote_address())
