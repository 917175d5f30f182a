"""POST /v1/extract: quotes in a text, nothing stored."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from schemas.quotes import ExtractRequestSchema, ExtractResponseSchema
from service.api.auth import requires
from service.engine.html import html_to_text
from service.engine.pipeline import analyse
from service.runtime import runtime

blp = Blueprint("extract", __name__, url_prefix="/v1", description="Stateless quote extraction")


@blp.route("/extract", methods=["POST"])
@requires("read")
@blp.arguments(ExtractRequestSchema)
@blp.response(200, ExtractResponseSchema)
def extract(body: dict[str, Any]) -> dict[str, Any]:
    """Find the quotations in a text (or article HTML) and who said them; nothing is stored."""
    text = body["text"] if "text" in body else html_to_text(body["html"])
    quotes = analyse(text, runtime().require_nlp())
    result: dict[str, Any] = {"quotes": quotes}
    if "html" in body:
        result["text"] = text
    return result
