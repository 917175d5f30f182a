"""/v1/webhooks: subscriptions to change events, and their delivery log."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.webhooks import (
    DeliveryQuerySchema,
    DeliverySchema,
    WebhookCreatedSchema,
    WebhookCreateSchema,
    WebhookSchema,
)
from service.api.auth import requires
from service.api.problems import fail
from service.runtime import runtime
from service.store import webhooks as store
from service.store.models import Webhook
from service.webhooks.urls import UnsafeURLError

# The app's bounded row-id converter: a huge number in the path is a 404, not an overflow.
WEBHOOK_ID = "<id:webhook_id>"

blp = Blueprint("webhooks", __name__, url_prefix="/v1", description="Webhook subscriptions for CMS integrators")


@blp.route("/webhooks", methods=["POST"])
@requires("admin")
@blp.arguments(WebhookCreateSchema)
@blp.response(201, WebhookCreatedSchema)
@blp.alt_response(422, description="Invalid body, or a URL that resolves to a private address")
def create_webhook(body: dict[str, Any]) -> Webhook:
    """Subscribe a URL to events; the signing secret is returned only in this response."""
    rt = runtime()
    try:
        with rt.db.transaction() as session:
            return store.create_webhook(session, allow_private=rt.config.WEBHOOK_ALLOW_PRIVATE, **body)
    except UnsafeURLError as exc:
        fail(422, "The webhook URL is refused.", errors={"json": {"url": [str(exc)]}})


@blp.route("/webhooks", methods=["GET"])
@requires("admin")
@blp.response(200, WebhookSchema(many=True))
def list_webhooks() -> list[Webhook]:
    """List every subscription."""
    with runtime().db.transaction() as session:
        return store.list_webhooks(session)


# One view for GET and DELETE: with two rules, an id the converter refuses would be a 405
# for DELETE (the GET rule matched the path) instead of a 404.
@blp.route(f"/webhooks/{WEBHOOK_ID}")
class WebhookItem(MethodView):
    """One subscription."""

    @requires("admin")
    @blp.response(200, WebhookSchema)
    @blp.alt_response(404, description="No such webhook")
    def get(self, webhook_id: int) -> Webhook:
        """Show one subscription."""
        with runtime().db.transaction() as session:
            return _found(store.get_webhook(session, webhook_id))

    @requires("admin")
    @blp.response(204)
    @blp.alt_response(404, description="No such webhook")
    def delete(self, webhook_id: int) -> None:
        """Unsubscribe; pending deliveries are dropped with the subscription."""
        with runtime().db.transaction() as session:
            if not store.delete_webhook(session, webhook_id):
                fail(404, f"No webhook {webhook_id}.")


@blp.route(f"/webhooks/{WEBHOOK_ID}/deliveries", methods=["GET"])
@requires("admin")
@blp.arguments(DeliveryQuerySchema, location="query")
@blp.response(200, DeliverySchema(many=True))
@blp.alt_response(404, description="No such webhook")
def list_deliveries(query: dict[str, Any], webhook_id: int) -> list[dict[str, Any]]:
    """List a subscription's deliveries, most recent first, with their attempts and last outcome."""
    with runtime().db.transaction() as session:
        _found(store.get_webhook(session, webhook_id))
        rows = store.list_deliveries(session, webhook_id, limit=query["limit"])
        return [{**_columns(d), "event_type": event_type} for d, event_type in rows]


def _found(webhook: Webhook | None) -> Webhook:
    if webhook is None:
        fail(404, "No such webhook.")
    return webhook


def _columns(obj: object) -> dict[str, Any]:
    table = getattr(obj, "__table__")  # noqa: B009 - mapped classes carry it at runtime only
    return {c.key: getattr(obj, c.key) for c in table.columns}
