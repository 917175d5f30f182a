"""API keys: listed, created with an expiry, revoked (admin API and CLI); last use kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.cli import main
from service.store.access.keys import create_key
from service.store.base import utcnow

pytestmark = pytest.mark.store


def test_keys_are_listed_revoked_and_expire(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    created = client.post("/v1/keys", json={"name": "cms", "scopes": ["read"]}, headers=auth)
    assert created.status_code == 201, created.get_json()
    token = created.get_json()["token"]
    reader = {"Authorization": f"Bearer {token}"}
    assert client.get("/v1/quotes", headers=reader).status_code == 200
    listed = client.get("/v1/keys", headers=auth).get_json()["items"]
    mine = next(k for k in listed if k["id"] == created.get_json()["id"])
    assert "token" not in mine and mine["scopes"] == ["read"]
    assert mine["last_used_at"] is not None
    assert client.delete(f"/v1/keys/{mine['id']}", headers=auth).status_code == 204
    assert client.get("/v1/quotes", headers=reader).status_code == 401
    assert client.delete("/v1/keys/999999", headers=auth).status_code == 404
    own = next(k["id"] for k in listed if k["name"] == "tests")
    assert client.delete(f"/v1/keys/{own}", headers=auth).status_code == 409
    assert client.get("/v1/keys", headers=reader).status_code == 401
    with app.extensions["quotes"].db.transaction() as session:
        _, old = create_key(session, "old", ["read"], expires_at=utcnow() - timedelta(seconds=1))
    assert client.get("/v1/quotes", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    past = client.post(
        "/v1/keys", json={"name": "x", "scopes": ["read"], "expires_at": "0001-01-01T00:00:00+14:00"}, headers=auth
    )
    assert past.status_code == 422


def test_cli_lists_and_revokes_keys(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_DATABASE_URL", database_url)
    runner = CliRunner()
    made = runner.invoke(main, ["keys", "create", "--scope", "read", "--name", "wire", "--expires-in-days", "30"])
    assert made.exit_code == 0, made.output
    key_id = made.output.split()[1]
    listed = runner.invoke(main, ["keys", "list"])
    assert f"{key_id}\t" in listed.output and "expires" in listed.output
    assert runner.invoke(main, ["keys", "revoke", key_id]).exit_code == 0
    assert "revoked" in runner.invoke(main, ["keys", "list"]).output
    assert runner.invoke(main, ["keys", "revoke", "424242"]).exit_code != 0
