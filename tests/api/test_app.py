"""The app factory, probes, the error shape and the published contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.api import spec_yaml

ROOT = Path(__file__).resolve().parents[2]


def test_factory_takes_overrides_and_needs_no_model() -> None:
    app = create_app({"LOAD_MODEL": False, "TESTING": True, "DATABASE_URL": "sqlite://"})
    assert app.config["TESTING"] is True
    assert app.extensions["quotes"].nlp is None


def test_healthz_is_always_ok(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


@pytest.mark.usefixtures("app_with_model")
def test_readyz_checks_database_and_model(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "model": "ok"}


def test_readyz_is_503_without_model() -> None:
    app = create_app({"LOAD_MODEL": False, "TESTING": True, "DATABASE_URL": "sqlite://"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["model"] == "not loaded"


def test_readyz_is_503_when_database_unreachable(nlp: object) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("unreachable")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/nope", 404),
        ("delete", "/healthz", 405),
        ("post", "/v1/extract", 401),
        ("get", "/v1/quotes?limit=0", 401),
    ],
)
def test_every_error_is_problem_json(client: FlaskClient, method: str, path: str, status: int) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    assert "Traceback" not in response.get_data(as_text=True)


def test_405_names_allowed_methods(client: FlaskClient) -> None:
    response = client.delete("/healthz")
    assert "GET" in response.headers["Allow"]


def test_500_is_problem_json_without_details(app: Flask) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert "secret internals" not in response.get_data(as_text=True)


def test_validation_errors_list_fields(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/extract", json={"text": 5}, headers=auth)
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"][0]["field"] == "json.text"


def test_request_id_is_echoed(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"


def test_committed_openapi_matches_code() -> None:
    app = create_app({"LOAD_MODEL": False, "TESTING": True, "DATABASE_URL": "sqlite://"})
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == spec_yaml(app.extensions["quotes_api"]), "openapi.yaml is stale: run `make openapi`"


def test_spec_and_docs_are_served(client: FlaskClient) -> None:
    assert client.get("/openapi.yaml").status_code == 200
    assert client.get("/openapi.json").get_json()["info"]["title"] == "Quote Attribution API"
    assert b"redoc" in client.get("/docs").data.lower()
