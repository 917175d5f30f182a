"""Stored quotes: search and read."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from schemas.quotes import QuoteArgsSchema, QuoteDetailSchema, QuotePageSchema
from service.api.auth import requires
from service.api.caching import etagged
from service.api.pagination import Page, page
from service.errors import NotFoundError
from service.runtime import runtime
from service.store.articles import queries as store
from service.store.articles import repository
from service.store.articles.models import Quote

blp = Blueprint("quotes", __name__, url_prefix="/v1", description="Quotes found in stored articles")


@blp.route("/quotes", methods=["GET"])
@requires("read")
@blp.arguments(QuoteArgsSchema, location="query")
@blp.response(200, QuotePageSchema)
def list_quotes(args: dict[str, Any]) -> Page[Quote]:
    """Search quotes by words (full-text), speaker, kind, outlet and publication time."""
    with runtime().db.sessions() as session:
        filters = {k: args[k] for k in ("q", "kind", "outlet", "since", "until")}
        query = store.quote_query(session, speaker_id=args["speaker"], **filters)
        return page(session, query, Quote.id, args)


@blp.route("/quotes/<id:quote_id>", methods=["GET"])
@requires("read")
@etagged
@blp.response(200, QuoteDetailSchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
@blp.alt_response(404, description="Not found")
def get_quote(quote_id: int) -> Quote:
    """Return a quote with its article, speaker and family."""
    with runtime().db.sessions() as session:
        row = repository.get_quote(session, quote_id)
        if row is None:
            raise NotFoundError(f"There is no quote {quote_id}.")
        return row
