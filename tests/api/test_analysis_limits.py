"""The analysis limits: one text-length setting for text, html and /v1/extract, and a wall-clock budget."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from spacy.language import Language

from service import create_app
from service.engine.budget import DEFAULT_BUDGET_SECONDS, DEFAULT_MAX_CHARS, set_limits
from service.store.access.keys import create_key

pytestmark = [pytest.mark.model, pytest.mark.store]

ARTICLE = "“We will not raise taxes this year,” the mayor said on Monday at a packed town hall meeting."


def _app(database_url: str, **settings: object) -> Flask:
    return create_app({"DATABASE_URL": database_url, "TESTING": True, "WEBHOOK_WORKER": False, **settings})


@pytest.fixture
def restore_limits() -> Iterator[None]:
    """Limits are per process: put the defaults back for the tests that follow."""
    yield
    set_limits(budget_seconds=DEFAULT_BUDGET_SECONDS, max_chars=DEFAULT_MAX_CHARS)


def _auth(app: Flask) -> dict[str, str]:
    with app.extensions["quotes"].db.transaction() as session:
        _, token = create_key(session, "tests", ["read", "write"])
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/articles", {"outlet": "o", "external_id": "t", "text": ARTICLE}),
        ("/v1/articles", {"outlet": "o", "external_id": "h", "html": f"<p>{ARTICLE}</p>"}),
        ("/v1/extract", {"text": ARTICLE}),
    ],
)
def test_text_over_the_one_limit_is_413_before_the_model(
    database_url: str, nlp: Language, restore_limits: None, path: str, body: dict[str, str]
) -> None:
    app = _app(database_url, MAX_TEXT_CHARS=40)
    response = app.test_client().post(path, json=body, headers=_auth(app))
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["type"].endswith("/text-too-long")
    assert app.test_client().get("/v1/articles", headers=_auth(app)).get_json()["items"] == []


def test_analysis_over_budget_is_422_and_nothing_stored(database_url: str, nlp: Language, restore_limits: None) -> None:
    app = _app(database_url, ANALYSIS_BUDGET_SECONDS=1e-9)
    auth = _auth(app)
    response = app.test_client().post(
        "/v1/articles", json={"outlet": "o", "external_id": "b", "text": ARTICLE}, headers=auth
    )
    assert response.status_code == 422
    assert response.get_json()["type"].endswith("/analysis-budget-exceeded")
    assert app.test_client().get("/v1/articles", headers=auth).get_json()["items"] == []


def test_within_limits_the_article_is_stored(database_url: str, nlp: Language, restore_limits: None) -> None:
    app = _app(database_url, MAX_TEXT_CHARS=len(ARTICLE), ANALYSIS_BUDGET_SECONDS=30)
    response = app.test_client().post(
        "/v1/articles", json={"outlet": "o", "external_id": "ok", "text": ARTICLE}, headers=_auth(app)
    )
    assert response.status_code == 201
