"""Quote families: one utterance, every wording, and editors' corrections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy.orm import Session

from schemas.families import (
    FamilyArgsSchema,
    FamilyMergeSchema,
    FamilyPageSchema,
    FamilySchema,
    QuoteSplitSchema,
)
from service.api.auth import requires
from service.api.caching import etag_of, etagged
from service.api.corrections import correct, refuse_self_merge
from service.api.pagination import Page, page
from service.runtime import runtime
from service.store.families.corrections import merge_families, split_member
from service.store.families.models import Family
from service.store.families.reports import FamilyReport, family_query, family_report

blp = Blueprint("families", __name__, url_prefix="/v1", description="The same utterance across outlets")


@blp.route("/families", methods=["GET"])
@requires("read")
@blp.arguments(FamilyArgsSchema, location="query")
@blp.response(200, FamilyPageSchema)
def list_families(args: dict[str, Any]) -> Page[Family]:
    """List families by speaker, words in the canonical text, time seen and number of outlets."""
    filters = {k: args[k] for k in ("q", "since", "until", "min_outlets")}
    query = family_query(speaker_id=args["speaker"], **filters).order_by(None).order_by(Family.id.desc())
    with runtime().db.sessions() as session:
        return page(session, query, Family.id, args)


@blp.route("/families/<id:family_id>", methods=["GET"])
@requires("read")
@etagged
@blp.response(200, FamilySchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
@blp.alt_response(404, description="Not found")
def get_family(family_id: int) -> FamilyReport:
    """Return the family report: canonical text, speakers, and every variant diffed word by word."""
    with runtime().db.sessions() as session:
        return family_report(session, family_id)


@blp.route("/families/<id:family_id>/merge", methods=["POST"])
@requires("write")
@blp.arguments(FamilyMergeSchema)
@blp.response(200, FamilySchema)
@blp.alt_response(404, description="Not found")
def merge(body: dict[str, Any], family_id: int) -> FamilyReport:
    """Merge family ``other_id`` into this one; re-ingested articles keep the merge."""
    refuse_self_merge(family_id, body["other_id"], "family")
    return correct(lambda s: merge_families(s, family_id, body["other_id"]), _render, _etag(family_id))


@blp.route("/families/<id:family_id>/split", methods=["POST"])
@requires("write")
@blp.arguments(QuoteSplitSchema)
@blp.response(201, FamilySchema)
@blp.alt_response(404, description="Not found")
def split(body: dict[str, Any], family_id: int) -> FamilyReport:
    """Take a quote out of this family into a family of its own, which is returned."""
    return correct(lambda s: split_member(s, family_id, body["quote_id"]), _render, _etag(family_id))


def _etag(family_id: int) -> Callable[[Session], str]:
    return lambda session: etag_of(family_report(session, family_id), FamilySchema())


def _render(session: Session, family: Family) -> FamilyReport:
    return family_report(session, family.id)
