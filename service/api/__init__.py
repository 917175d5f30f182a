"""The HTTP layer: flask-smorest blueprints, the OpenAPI document and error handling."""

from __future__ import annotations

import http
import io
from typing import Any

from flask import Flask, Response, request
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from flask_smorest.utils import prepare_response
from marshmallow import RAISE
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter, Map

from schemas.problem import ProblemSchema
from service.api import problems
from service.api.problems import PROBLEM_MIME
from service.store.base import MAX_ID

API_TITLE = "Quote Attribution API"
API_VERSION = "1.0.0"

SPEC_SETTINGS: dict[str, Any] = {
    "API_TITLE": API_TITLE,
    "API_VERSION": API_VERSION,
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_REDOC_PATH": "docs",
    # Served by the app itself (service/explore/static/vendor/redoc) so /docs works offline.
    "OPENAPI_REDOC_URL": "/explore/static/vendor/redoc/redoc.standalone.js",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Finds the quotations in news articles and who said them, and groups the same "
                "utterance reported by different outlets into quote families with word-level diffs. "
                "Every error is application/problem+json (RFC 9457)."
            )
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key from `quotes keys create`",
                }
            }
        },
    },
}


class Api(SmorestApi):
    """flask-smorest's Api with errors as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        # smorest documents error responses as application/json; ours are problem+json.
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIME)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MIME)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Response:  # type: ignore[override]
        """Answer any HTTP error as problem+json."""
        return problems.handle_http_exception(error)


class IdConverter(IntegerConverter):
    """A row id in a path: a positive 64-bit integer, so huge numbers are a 404, not an overflow."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def register_api(app: Flask) -> Api:
    """Create the app's Api and register every blueprint, the spec routes and error handlers."""
    from service.api import health, problem_pages

    for key, value in SPEC_SETTINGS.items():
        app.config.setdefault(key, value)
    app.url_map.converters["id"] = IdConverter
    # Editors read JSON: “ stays “ rather than \u201c (the body is UTF-8 either way).
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    api = Api(app)
    # An unknown query parameter is a 422, like an unknown body field, rather than silently
    # ignored (a typo such as ?speakr=3 would otherwise list everything).
    parser = Blueprint.ARGUMENTS_PARSER
    parser.DEFAULT_UNKNOWN_BY_LOCATION = parser.DEFAULT_UNKNOWN_BY_LOCATION | {"query": RAISE, "querystring": RAISE}
    api.register_converter(IdConverter, lambda _: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
    api.register_blueprint(health.blp)
    for blp in _resource_blueprints():
        api.register_blueprint(blp)
    app.register_error_handler(Exception, problems.handle_unexpected)
    app.register_blueprint(problem_pages.blp)

    @app.before_request
    def _refuse_oversized_bodies() -> None:
        # Checked before authentication so an oversized upload is refused without reading it.
        limit = app.config.get("MAX_CONTENT_LENGTH")
        if limit and (request.content_length or 0) > limit:
            raise RequestEntityTooLarge(f"The request body is larger than {limit} bytes.")
        if limit and request.content_length is None and "chunked" in request.headers.get("Transfer-Encoding", ""):
            _buffer_chunked_body(limit)

    @app.get("/openapi.yaml")
    def openapi_yaml() -> Response:
        return Response(spec_yaml(api), mimetype="application/yaml")

    _apply_schema_extras(api)
    app.extensions["quotes_api"] = api
    return api


def _buffer_chunked_body(limit: int) -> None:
    # A chunked body announces no length, and werkzeug silently cuts such a stream at the
    # limit (the JSON then fails to parse: a 400). Read one byte past the limit instead, so
    # an oversized body is a 413, and hand the app the buffered body with its length.
    raw = request.environ["wsgi.input"].read(limit + 1)
    if len(raw) > limit:
        raise RequestEntityTooLarge(f"The request body is larger than {limit} bytes.")
    request.environ["wsgi.input"] = io.BytesIO(raw)
    request.environ["CONTENT_LENGTH"] = str(len(raw))


def _apply_schema_extras(api: Api) -> None:
    # Cross-field rules (e.g. "text or html, not both") have no marshmallow field to carry
    # them into the spec; schemas declare them as OPENAPI_EXTRA and they are merged here.
    plugin = next(p for p in api.spec.plugins if hasattr(p, "converter"))
    schemas = api.spec.components.schemas
    for key, name in plugin.converter.refs.items():
        extra = getattr(key[0], "OPENAPI_EXTRA", None)
        if extra and name in schemas:
            schemas[name].update(extra)


def _resource_blueprints() -> list[Any]:
    from service.api import articles, extract, families, jobs, keys, quotes, speakers, webhooks

    return [extract.blp, articles.blp, jobs.blp, quotes.blp, speakers.blp, families.blp, webhooks.blp, keys.blp]


def spec_yaml(api: Api) -> str:
    """Return the OpenAPI document as YAML, keys in a stable order."""
    import yaml

    return yaml.safe_dump(api.spec.to_dict(), sort_keys=True, allow_unicode=True)
