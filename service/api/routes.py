"""The decorator stacks the resource views share: a paged listing, an ETagged read, a correction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask_smorest import Blueprint

from service.api.auth import requires
from service.api.caching import etagged

F = TypeVar("F", bound=Callable[..., Any])


def listing(blp: Blueprint, rule: str, args_schema: Any, page_schema: Any) -> Callable[[F], F]:
    """Route a GET listing that needs ``read``, takes ``args_schema`` from the query and answers a page."""

    def decorate(view: F) -> F:
        view = blp.response(200, page_schema)(view)
        view = blp.arguments(args_schema, location="query")(view)
        return blp.route(rule, methods=["GET"])(requires("read")(view))  # type: ignore[no-any-return]

    return decorate


def reading(blp: Blueprint, rule: str, schema: Any) -> Callable[[F], F]:
    """Route a GET of one resource that needs ``read``, carries an ETag and answers 304 or 404."""

    def decorate(view: F) -> F:
        view = blp.alt_response(404, description="Not found")(view)
        view = blp.alt_response(304, description="Not modified (If-None-Match)")(view)
        view = etagged(blp.response(200, schema)(view))
        return blp.route(rule, methods=["GET"])(requires("read")(view))  # type: ignore[no-any-return]

    return decorate


def correcting(
    blp: Blueprint, rule: str, body_schema: Any, schema: Any, *, status: int = 200, method: str = "POST"
) -> Callable[[F], F]:
    """Route an editor's correction that needs ``write``, takes ``body_schema`` and answers ``schema`` or 404."""

    def decorate(view: F) -> F:
        view = blp.alt_response(404, description="Not found")(view)
        view = blp.arguments(body_schema)(blp.response(status, schema)(view))
        return blp.route(rule, methods=[method])(requires("write")(view))  # type: ignore[no-any-return]

    return decorate
