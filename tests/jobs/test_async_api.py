"""Prefer: respond-async on the ingest endpoints, run by the embedded pool (no broker)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.jobs.embedded import stop_pool
from service.store.articles.models import Article
from service.store.outbox.models import OutboxEvent

# Tests that ingest get the model through `app_with_model`, and with it the `model` marker.
pytestmark = pytest.mark.store

ASYNC = {"Prefer": "respond-async"}
FIRST = "“We will reopen the bridge by spring,” the transport minister, Ana Ruiz, said on Tuesday."
SECOND = "The union said the strike would continue. “Nobody has talked to us,” its leader said."


@pytest.fixture
def pool_app(app_with_model: Flask) -> Iterator[Flask]:
    """The app with the model; its job threads are stopped before the database goes."""
    yield app_with_model
    stop_pool(app_with_model)


def _wait_done(client: FlaskClient, location: str, auth: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(location, headers=auth).get_json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {location} did not finish: {job}")


def test_async_article_answers_202_then_the_job_stores_it(pool_app: Flask, auth: dict[str, str]) -> None:
    client = pool_app.test_client()
    body = {"outlet": "city.example", "external_id": "b-1", "text": FIRST}
    response = client.post("/v1/articles", json=body, headers=auth | ASYNC)
    assert response.status_code == 202
    assert response.headers["Preference-Applied"] == "respond-async"
    location = response.headers["Location"]
    assert location == f"/v1/jobs/{response.get_json()['id']}"
    assert response.get_json()["status"] in ("queued", "running", "done")

    job = _wait_done(client, location, auth)
    assert job["status"] == "done"
    assert job["progress"] == {"total": 1, "processed": 1, "succeeded": 1, "failed": 0}
    [article_id] = job["article_ids"]
    assert job["results"][0] | {"problem": None} == {
        "index": 0,
        "status": 201,
        "outcome": "created",
        "article_id": article_id,
        "problem": None,
    }
    stored = client.get(f"/v1/articles/{article_id}", headers=auth).get_json()
    assert stored["external_id"] == "b-1"
    assert any("reopen the bridge" in q["text"] for q in stored["quotes"])
    with pool_app.extensions["quotes"].db.sessions() as session:
        events = session.scalars(select(OutboxEvent).where(OutboxEvent.type == "job.completed")).all()
        assert [e.payload["job_id"] for e in events] == [job["id"]]
        assert events[0].payload["article_ids"] == [article_id]


def test_async_batch_reports_each_item(pool_app: Flask, auth: dict[str, str]) -> None:
    client = pool_app.test_client()
    articles = [
        {"outlet": "city.example", "external_id": "b-2", "text": SECOND},
        {"outlet": "city.example"},  # neither text nor html: this item alone fails
        {"outlet": "city.example", "external_id": "b-2", "text": SECOND},  # the same again: unchanged
    ]
    response = client.post("/v1/articles:batch", json={"articles": articles}, headers=auth | ASYNC)
    assert response.status_code == 202
    job = _wait_done(client, response.headers["Location"], auth)
    assert job["status"] == "done"
    assert [r["status"] for r in job["results"]] == [201, 422, 200]
    assert [r["outcome"] for r in job["results"]] == ["created", None, "unchanged"]
    assert job["results"][1]["problem"]["errors"]
    assert job["progress"] == {"total": 3, "processed": 3, "succeeded": 2, "failed": 1}
    with pool_app.extensions["quotes"].db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def test_invalid_async_body_is_refused_at_once(pool_app: Flask, auth: dict[str, str]) -> None:
    response = pool_app.test_client().post("/v1/articles", json={"outlet": "x"}, headers=auth | ASYNC)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


def test_unknown_job_is_404(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.get("/v1/jobs/999", headers=auth)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


@pytest.mark.usefixtures("app_with_model")
def test_without_the_preference_ingest_stays_synchronous(client: FlaskClient, auth: dict[str, str]) -> None:
    body = {"outlet": "city.example", "external_id": "b-3", "text": FIRST}
    response = client.post("/v1/articles", json=body, headers=auth | {"Prefer": "return=minimal"})
    assert response.status_code == 201
    assert "Preference-Applied" not in response.headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("respond-async", True),
        ("return=minimal, respond-async; wait=10", True),
        ("RESPOND-ASYNC", True),
        ("return=representation", False),
        ("respond-asynchronously", False),
    ],
)
def test_prefer_header_is_parsed_as_rfc_7240_preferences(app: Flask, header: str, expected: bool) -> None:
    from service.api.jobs import prefers_async

    with app.test_request_context(headers={"Prefer": header}):
        assert prefers_async() is expected
