"""/v1/webhooks: create, list, show, delete; validation, SSRF refusal, auth and scopes."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.store.access.keys import create_key

pytestmark = pytest.mark.store

PUBLIC_URL = "https://93.184.215.14/hooks/quotes"  # an IP literal: no DNS lookup in tests


@pytest.fixture
def allow_private(app: Flask) -> None:
    """Turn QUOTES_WEBHOOK_ALLOW_PRIVATE on for this app."""
    app.extensions["quotes"].config.WEBHOOK_ALLOW_PRIVATE = True


def _create(client: FlaskClient, auth: dict[str, str], **body: Any) -> Any:
    body.setdefault("url", PUBLIC_URL)
    body.setdefault("events", ["family.created"])
    return client.post("/v1/webhooks", json=body, headers=auth)


def _fields(response: Any) -> set[str]:
    return {e["field"] for e in response.get_json().get("errors", [])}


def test_create_generates_a_secret_shown_only_once(client: FlaskClient, auth: dict[str, str]) -> None:
    response = _create(client, auth, events=["family.created", "family.variant_added", "family.created"])
    assert response.status_code == 201
    created = response.get_json()
    assert created["url"] == PUBLIC_URL
    assert created["events"] == ["family.created", "family.variant_added"]
    assert created["active"] is True
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 30

    shown = client.get(f"/v1/webhooks/{created['id']}", headers=auth).get_json()
    assert "secret" not in shown
    assert shown == {k: v for k, v in created.items() if k != "secret"}
    listed = client.get("/v1/webhooks", headers=auth).get_json()
    assert [w["id"] for w in listed] == [created["id"]]
    assert "secret" not in listed[0]


def test_create_keeps_a_given_secret(client: FlaskClient, auth: dict[str, str]) -> None:
    secret = "my-own-secret-of-32-characters!!"
    response = _create(client, auth, secret=secret)
    assert response.status_code == 201
    assert response.get_json()["secret"] == secret


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["family.created"]}, "json.url"),
        ({"url": "not a url", "events": ["family.created"]}, "json.url"),
        ({"url": "ftp://93.184.215.14/x", "events": ["family.created"]}, "json.url"),
        ({"url": PUBLIC_URL}, "json.events"),
        ({"url": PUBLIC_URL, "events": []}, "json.events"),
        ({"url": PUBLIC_URL, "events": ["family.deleted"]}, "json.events.0"),
        ({"url": PUBLIC_URL, "events": "family.created"}, "json.events"),
        ({"url": PUBLIC_URL, "events": ["family.created"], "secret": "short"}, "json.secret"),
        ({"url": PUBLIC_URL, "events": ["family.created"], "colour": "red"}, "json.colour"),
        ({"url": PUBLIC_URL + "\n", "events": ["family.created"]}, "json.url"),
        ({"url": "https://user:pw@93.184.215.14/x", "events": ["family.created"]}, "json.url"),
        ({"url": "https://93.184.215.14:70000/x", "events": ["family.created"]}, "json.url"),
        ({"url": "https://93.184.215.14/x#frag", "events": ["family.created"]}, "json.url"),
        ({"url": "https://" + "a" * 2000 + ".com/", "events": ["family.created"]}, "json.url"),
    ],
)
def test_invalid_bodies_are_422_with_field_errors(
    client: FlaskClient, auth: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = client.post("/v1/webhooks", json=body, headers=auth)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in _fields(response)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://10.0.0.7/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/hook",
        "http://[fe80::1]/hook",
        "http://0.0.0.0/hook",
        "http://localhost:8080/hook",
    ],
)
def test_private_targets_are_refused_when_the_setting_is_off(
    client: FlaskClient, auth: dict[str, str], url: str
) -> None:
    response = _create(client, auth, url=url)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "json.url" in _fields(response)
    assert client.get("/v1/webhooks", headers=auth).get_json() == []


@pytest.mark.usefixtures("allow_private")
def test_private_targets_are_accepted_when_the_setting_is_on(client: FlaskClient, auth: dict[str, str]) -> None:
    assert _create(client, auth, url="http://127.0.0.1:8080/hook").status_code == 201


def test_delete_then_gone(client: FlaskClient, auth: dict[str, str]) -> None:
    hook_id = _create(client, auth).get_json()["id"]
    response = client.delete(f"/v1/webhooks/{hook_id}", headers=auth)
    assert response.status_code == 204
    assert response.data == b""
    assert client.get(f"/v1/webhooks/{hook_id}", headers=auth).status_code == 404
    assert client.delete(f"/v1/webhooks/{hook_id}", headers=auth).status_code == 404
    assert client.get("/v1/webhooks", headers=auth).get_json() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/v1/webhooks/999"),
        ("delete", "/v1/webhooks/999"),
        ("get", "/v1/webhooks/999/deliveries"),
        ("get", "/v1/webhooks/0"),
        ("get", "/v1/webhooks/99999999999999999999999999"),  # beyond 64 bits: not an overflow
        ("get", "/v1/webhooks/-1/deliveries"),
        ("delete", "/v1/webhooks/99999999999999999999999999"),
    ],
)
def test_unknown_ids_are_404(client: FlaskClient, auth: dict[str, str], method: str, path: str) -> None:
    response = getattr(client, method)(path, headers=auth)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_deliveries_of_a_new_webhook_are_empty(client: FlaskClient, auth: dict[str, str]) -> None:
    hook_id = _create(client, auth).get_json()["id"]
    response = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth)
    assert (response.status_code, response.get_json()) == (200, [])
    bad = client.get(f"/v1/webhooks/{hook_id}/deliveries?limit=0", headers=auth)
    assert bad.status_code == 422
    assert "query.limit" in _fields(bad)


ENDPOINTS = [
    ("post", "/v1/webhooks"),
    ("get", "/v1/webhooks"),
    ("get", "/v1/webhooks/1"),
    ("delete", "/v1/webhooks/1"),
    ("get", "/v1/webhooks/1/deliveries"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_a_key_is_required(client: FlaskClient, method: str, path: str) -> None:
    response = getattr(client, method)(path, json={"url": PUBLIC_URL, "events": ["family.created"]})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    bad = getattr(client, method)(path, headers={"Authorization": "Bearer qk_nope"})
    assert bad.status_code == 401


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_admin_scope_is_required(app: Flask, client: FlaskClient, method: str, path: str) -> None:
    with app.extensions["quotes"].db.transaction() as session:
        _, token = create_key(session, "writer", ["read", "write"])
    response = getattr(client, method)(
        path,
        json={"url": PUBLIC_URL, "events": ["family.created"]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_openapi_documents_the_endpoints_with_examples(app: Flask) -> None:
    spec = app.extensions["quotes_api"].spec.to_dict()
    assert {"/v1/webhooks", "/v1/webhooks/{webhook_id}", "/v1/webhooks/{webhook_id}/deliveries"} <= set(spec["paths"])
    create = spec["paths"]["/v1/webhooks"]["post"]
    assert {"201", "401", "403", "422"} <= set(create["responses"])
    assert create["security"] == [{"bearerAuth": []}]
    schemas = spec["components"]["schemas"]
    assert schemas["WebhookCreate"]["properties"]["url"]["example"].startswith("https://")
    assert "example" in schemas["Delivery"]["properties"]["status"]
