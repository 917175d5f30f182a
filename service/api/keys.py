"""API keys for administrators: list, create (with an expiry), revoke."""

from __future__ import annotations

from typing import Any

from flask import g
from flask_smorest import Blueprint

from schemas.keys import KeyCreatedSchema, KeyCreateSchema, KeyListSchema
from service.api.auth import requires
from service.api.problems import fail
from service.errors import NotFoundError
from service.runtime import runtime
from service.store.access.keys import create_key, list_keys, revoke_key

blp = Blueprint("keys", __name__, url_prefix="/v1", description="API keys (admin scope)")


@blp.route("/keys", methods=["GET"])
@requires("admin")
@blp.response(200, KeyListSchema)
def list_all() -> dict[str, Any]:
    """List every key with its scopes, expiry, revocation and last use (never the token)."""
    with runtime().db.sessions() as session:
        return {"items": list_keys(session)}


@blp.route("/keys", methods=["POST"])
@requires("admin")
@blp.arguments(KeyCreateSchema)
@blp.response(201, KeyCreatedSchema)
def create(body: dict[str, Any]) -> Any:
    """Create a key; its token is in this response only."""
    with runtime().db.transaction() as session:
        key, token = create_key(session, body["name"], body["scopes"], body.get("expires_at"))
        columns = ("id", "name", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at")
        return {c: getattr(key, c) for c in columns} | {"token": token}


@blp.route("/keys/<id:key_id>", methods=["DELETE"])
@requires("admin")
@blp.response(204)
@blp.alt_response(404, description="Not found")
@blp.alt_response(409, description="The key making the request")
def revoke(key_id: int) -> None:
    """Revoke a key at once and for good; it stays listed with its revocation time."""
    if key_id == g.get("api_key_id"):
        # Revoking the key making the request would lock its holder out mid-operation.
        fail(409, "This is the key making the request; revoke it with another admin key.")
    with runtime().db.transaction() as session:
        if revoke_key(session, key_id) is None:
            raise NotFoundError(f"There is no key {key_id}.")
