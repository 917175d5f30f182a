"""Rate limits through Flask-Limiter: headers, failed keys throttled, counters shared through Redis."""

from __future__ import annotations

import os

import pytest
import redis

from service import create_app
from service.store.access.keys import create_key

pytestmark = pytest.mark.store

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def _token(app: object) -> str:
    from flask import Flask

    assert isinstance(app, Flask)
    with app.extensions["quotes"].db.transaction() as session:
        _, token = create_key(session, "limits", ["read"])
    return token


def test_every_api_answer_carries_ratelimit_headers(database_url: str) -> None:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False, "RATE_LIMIT_PER_MINUTE": 5})
    headers = {"Authorization": f"Bearer {_token(app)}"}
    client = app.test_client()
    first, second = (client.get("/v1/quotes", headers=headers) for _ in range(2))
    assert first.headers["RateLimit-Limit"] == "5"
    assert [first.headers["RateLimit-Remaining"], second.headers["RateLimit-Remaining"]] == ["4", "3"]
    assert 0 <= int(second.headers["RateLimit-Reset"]) <= 60
    assert "RateLimit-Limit" not in client.get("/healthz").headers


def test_failed_authentication_is_throttled_per_client(database_url: str) -> None:
    app = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False, "AUTH_FAILURE_LIMIT": "3 per minute"}
    )
    client = app.test_client()
    bad = {"Authorization": "Bearer qk_guessed-key"}
    statuses = [client.get("/v1/quotes", headers=bad).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    # Once over the limit the client waits, even with a real key: guessing cannot go on.
    blocked = client.get("/v1/quotes", headers={"Authorization": f"Bearer {_token(app)}"})
    assert blocked.status_code == 429
    assert blocked.content_type == "application/problem+json"
    assert int(blocked.headers["Retry-After"]) >= 1
    # Without a key the answer stays 401: that says what is missing and guesses nothing.
    assert client.get("/v1/quotes").status_code == 401


def test_limits_are_shared_between_processes_through_redis(database_url: str) -> None:
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings = {"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False, "RATE_LIMIT_PER_MINUTE": 3}
    one = create_app(settings | {"RATE_LIMIT_STORAGE_URL": REDIS_URL})
    other = create_app(settings | {"RATE_LIMIT_STORAGE_URL": REDIS_URL})
    headers = {"Authorization": f"Bearer {_token(one)}"}
    statuses = [app.test_client().get("/v1/quotes", headers=headers).status_code for app in (one, other, one, other)]
    assert statuses == [200, 200, 200, 429]
    assert redis.Redis.from_url(REDIS_URL).keys("*quotes/key:*")
