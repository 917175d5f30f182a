"""Stored quotes: search and read."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from schemas.quotes import QuoteArgsSchema, QuoteDetailSchema, QuotePageSchema
from service.api.pagination import Page, paged
from service.api.routes import listing, reading
from service.errors import found
from service.runtime import runtime
from service.store.articles import queries as store
from service.store.articles import repository
from service.store.articles.models import Quote

blp = Blueprint("quotes", __name__, url_prefix="/v1", description="Quotes found in stored articles")


@listing(blp, "/quotes", QuoteArgsSchema, QuotePageSchema)
def list_quotes(args: dict[str, Any]) -> Page[Quote]:
    """Search quotes by words (full-text), speaker, kind, outlet and publication time."""
    filters = {k: args[k] for k in ("q", "kind", "outlet", "since", "until")}
    return paged(lambda session: store.quote_query(session, speaker_id=args["speaker"], **filters), Quote.id, args)


@reading(blp, "/quotes/<id:quote_id>", QuoteDetailSchema)
def get_quote(quote_id: int) -> Quote:
    """Return a quote with its article, speaker and family."""
    with runtime().db.sessions() as session:
        return found(repository.get_quote(session, quote_id), "quote", quote_id)
