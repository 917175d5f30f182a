"""Cross-cutting HTTP behaviour: body limits, CORS, keys and rate limits."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from service import create_app


def _app(database_url: str, settings: dict[str, object]) -> Flask:
    return create_app({"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False, **settings})


def test_oversized_body_is_413_problem(database_url: str) -> None:
    app = _app(database_url, {"MAX_CONTENT_LENGTH": 1000})
    response = app.test_client().post("/v1/extract", data="x" * 5000, content_type="application/json")
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_cors_allows_listed_origin_only(database_url: str) -> None:
    app = _app(database_url, {"CORS_ORIGINS": "https://cms.example"})
    client = app.test_client()
    ok = client.options("/v1/quotes", headers={"Origin": "https://cms.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://cms.example"
    assert "Authorization" in ok.headers["Access-Control-Allow-Headers"]
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_invalid_key_is_401(client: FlaskClient) -> None:
    response = client.get("/v1/quotes", headers={"Authorization": "Bearer qk_not-a-key"})
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"


def test_read_key_cannot_write(app: Flask, client: FlaskClient) -> None:
    from service.store.access.keys import create_key

    with app.extensions["quotes"].db.transaction() as session:
        _, token = create_key(session, "reader", ["read"])
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/v1/quotes", headers=headers).status_code == 200
    response = client.delete("/v1/articles/1", headers=headers)
    assert response.status_code == 403


def test_open_reads_setting_allows_anonymous_reads(database_url: str) -> None:
    app = _app(database_url, {"OPEN_READS": True})
    assert app.test_client().get("/v1/quotes").status_code == 200


def test_rate_limit_answers_429_with_retry_after(database_url: str) -> None:
    from service.store.access.keys import create_key

    app = _app(database_url, {"RATE_LIMIT_PER_MINUTE": 3})
    with app.extensions["quotes"].db.transaction() as session:
        _, token = create_key(session, "busy", ["read"])
    client = app.test_client()
    statuses = [client.get("/v1/quotes", headers={"Authorization": f"Bearer {token}"}) for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert int(statuses[-1].headers["Retry-After"]) >= 1
    assert statuses[-1].content_type == "application/problem+json"


def test_pagination_rejects_bad_cursor_and_limit(client: FlaskClient, auth: dict[str, str]) -> None:
    assert client.get("/v1/quotes?cursor=%%%", headers=auth).status_code == 422
    assert client.get("/v1/quotes?limit=1000", headers=auth).status_code == 422
