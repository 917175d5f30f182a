"""Articles: ingest (single and batch), read, list, retract."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask_smorest import Blueprint
from marshmallow import ValidationError

from schemas.articles import (
    ArticleArgsSchema,
    ArticleInSchema,
    ArticlePageSchema,
    ArticleSchema,
    BatchInSchema,
    BatchOutSchema,
)
from schemas.jobs import JobSchema
from service.api.auth import requires
from service.api.caching import etagged
from service.api.idempotency import idempotent
from service.api.jobs import ASYNC_HEADER, accepted, prefers_async
from service.api.pagination import Page, paged
from service.api.problems import exception_problem, fail, flatten_errors, problem_body
from service.api.routes import listing, reading
from service.errors import EmptyArticleError, NotFoundError, found
from service.ingest import ArticleInput, delete_article, ingest
from service.runtime import runtime
from service.store.articles import repository as store
from service.store.articles.models import Article
from service.store.articles.queries import article_query, with_quote_counts

blp = Blueprint("articles", __name__, url_prefix="/v1", description="Articles sent by a CMS")


def _stored(article_id: int) -> Article:
    with runtime().db.sessions() as session:
        return found(store.get_article(session, article_id), "article", article_id)


def _ingest(body: dict[str, Any]) -> tuple[Article, int]:
    rt = runtime()
    data = ArticleInput.from_payload(body)
    if not data.text.strip():
        raise EmptyArticleError("The article has no text (HTML that converts to nothing counts as none).")
    result = ingest(rt.db, rt.require_nlp(), data)
    return _stored(result.article_id), 201 if result.outcome == "created" else 200


@blp.route("/articles", methods=["POST"])
@requires("write")
@idempotent
@etagged
@blp.arguments(ArticleInSchema)
@blp.response(201, ArticleSchema, description="Created")
@blp.alt_response(200, schema=ArticleSchema, description="Updated, or unchanged when the content was the same")
@blp.alt_response(202, schema=JobSchema, description="Queued (Prefer: respond-async); follow Location")
@blp.doc(parameters=[{"in": "header", "name": "Prefer", **ASYNC_HEADER["Prefer"]}])
def create_article(body: dict[str, Any]) -> Response | tuple[Article, int, dict[str, str]]:
    """Ingest an article; the same (outlet, external_id) again updates it in place."""
    if prefers_async():
        return accepted("article", [request.get_json()])
    article, status = _ingest(body)
    return article, status, {"Location": url_for("articles.get_article", article_id=article.id)}


@blp.route("/articles:batch", methods=["POST"])
@requires("write")
@idempotent
@blp.arguments(BatchInSchema)
@blp.response(200, BatchOutSchema)
@blp.alt_response(202, schema=JobSchema, description="Queued (Prefer: respond-async); follow Location")
@blp.doc(parameters=[{"in": "header", "name": "Prefer", **ASYNC_HEADER["Prefer"]}])
def batch(body: dict[str, Any]) -> dict[str, Any] | Response:
    """Ingest several articles; each item is stored in its own transaction and gets its own result.

    An item that fails (invalid, not an object, empty, a busy database, anything) reports its
    problem with its own status; the others are unaffected. The batch itself answers 200.
    """
    limit = runtime().config.MAX_BATCH
    if len(body["articles"]) > limit:
        fail(413, f"A batch holds at most {limit} articles; this one has {len(body['articles'])}.")
    if prefers_async():
        return accepted("batch", body["articles"])
    return {"results": [_batch_item(i, item) for i, item in enumerate(body["articles"])]}


def _batch_item(index: int, item: Any) -> dict[str, Any]:
    # Each item is its own transaction and gets its own result, whatever goes wrong with it.
    try:
        if not isinstance(item, dict):
            raise ValidationError("Each item must be a JSON object (an article).")
        payload, status = _ingest(ArticleInSchema().load(item))
    except ValidationError as err:
        body = problem_body(422, "The article is not valid; see errors.", type_="validation")
        body["errors"] = flatten_errors(err.messages)
        return {"index": index, "status": 422, "article": None, "problem": body}
    except Exception as err:  # any failure at all becomes this item's problem
        body = exception_problem(err)
        return {"index": index, "status": body["status"], "article": None, "problem": body}
    return {"index": index, "status": status, "article": payload, "problem": None}


@listing(blp, "/articles", ArticleArgsSchema, ArticlePageSchema)
def list_articles(args: dict[str, Any]) -> Page[Article]:
    """List articles, newest first, filtered by outlet, external id and publication time."""
    filters = {k: args[k] for k in ("outlet", "external_id", "since", "until")}
    return paged(lambda _: with_quote_counts(article_query(**filters)), Article.id, args)


@reading(blp, "/articles/<id:article_id>", ArticleSchema)
def get_article(article_id: int) -> Article:
    """Return an article with its quotes, speakers and family ids."""
    return _stored(article_id)


@blp.route("/articles/<id:article_id>", methods=["DELETE"])
@requires("write")
@blp.response(204)
@blp.alt_response(404, description="Not found")
def retract_article(article_id: int) -> None:
    """Retract an article: it is deleted and its quotes leave their families."""
    if not delete_article(runtime().db, article_id):
        raise NotFoundError(f"There is no article {article_id}.")
