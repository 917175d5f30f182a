"""/v1/webhooks: subscriptions to change events, and their delivery log."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.webhooks import (
    DeliveryQuerySchema,
    DeliverySchema,
    PingResultSchema,
    RotateSecretSchema,
    WebhookCreatedSchema,
    WebhookCreateSchema,
    WebhookSchema,
)
from service.api.auth import requires
from service.errors import NotFoundError
from service.runtime import runtime
from service.store.base import utcnow
from service.store.outbox import admin as admin
from service.store.outbox import deliveries
from service.store.outbox import webhooks as store
from service.store.outbox.models import Delivery, Webhook
from service.webhooks.deliver import send_ping
from service.webhooks.urls import check_url

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
    with rt.db.transaction() as session:
        allow = rt.config.WEBHOOK_ALLOW_PRIVATE
        return store.create_webhook(session, check_url=partial(check_url, allow_private=allow), **body)


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
                raise NotFoundError(f"No webhook {webhook_id}.")


@blp.route(f"/webhooks/{WEBHOOK_ID}/deliveries", methods=["GET"])
@requires("admin")
@blp.arguments(DeliveryQuerySchema, location="query")
@blp.response(200, DeliverySchema(many=True))
@blp.alt_response(404, description="No such webhook")
def list_deliveries(query: dict[str, Any], webhook_id: int) -> list[Delivery]:
    """List a subscription's deliveries, most recent first, with their attempts and last outcome."""
    with runtime().db.transaction() as session:
        _found(store.get_webhook(session, webhook_id))
        return deliveries.list_deliveries(session, webhook_id, limit=query["limit"])


@blp.route(f"/webhooks/{WEBHOOK_ID}/deliveries/<id:delivery_id>:redeliver", methods=["POST"])
@requires("admin")
@blp.response(202, DeliverySchema)
@blp.alt_response(404, description="No such webhook or delivery")
def redeliver(webhook_id: int, delivery_id: int) -> Delivery:
    """Queue a delivery again now, with a fresh attempt budget (delivered and failed ones too)."""
    with runtime().db.transaction() as session:
        delivery = admin.redeliver(session, webhook_id, delivery_id)
        if delivery is None:
            raise NotFoundError(f"Webhook {webhook_id} has no delivery {delivery_id}.")
        return delivery


@blp.route(f"/webhooks/{WEBHOOK_ID}:ping", methods=["POST"])
@requires("admin")
@blp.response(200, PingResultSchema)
@blp.alt_response(404, description="No such webhook")
def ping(webhook_id: int) -> dict[str, Any]:
    """Send a signed ``ping`` event now and report the answer; a success re-enables a disabled webhook."""
    rt = runtime()
    with rt.db.sessions() as session:
        hook = _found(store.get_webhook(session, webhook_id))
        target = (hook.url, store.signing_secrets(hook, utcnow()))
    cfg = rt.config
    code, error = send_ping(webhook_id, *target, timeout=cfg.WEBHOOK_TIMEOUT, allow_private=cfg.WEBHOOK_ALLOW_PRIVATE)
    with rt.db.transaction() as session:
        hook = _found(store.get_webhook(session, webhook_id))
        if error is None and not hook.active:
            admin.enable(session, hook)
        session.flush()
        return {"ok": error is None, "status_code": code, "error": error, "webhook": hook}


@blp.route(f"/webhooks/{WEBHOOK_ID}:rotate-secret", methods=["POST"])
@requires("admin")
@blp.arguments(RotateSecretSchema)
@blp.response(200, WebhookCreatedSchema)
@blp.alt_response(404, description="No such webhook")
def rotate_secret(body: dict[str, Any], webhook_id: int) -> Webhook:
    """Replace the signing secret (returned once); the old one also signs during the grace period."""
    with runtime().db.transaction() as session:
        hook = _found(store.get_webhook(session, webhook_id))
        admin.rotate_secret(session, hook, grace=timedelta(seconds=body["grace_seconds"]), secret=body.get("secret"))
        return hook


def _found(webhook: Webhook | None) -> Webhook:
    if webhook is None:
        raise NotFoundError("No such webhook.")
    return webhook
