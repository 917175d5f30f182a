"""Quote families: one utterance, every wording, and editors' corrections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy.orm import Session

from schemas import families as schemas
from service.api.caching import etag_of
from service.api.corrections import correct, refuse_self_merge
from service.api.pagination import Page, paged
from service.api.routes import correcting, listing, reading
from service.runtime import runtime
from service.store.families.corrections import merge_families, split_member
from service.store.families.models import Family
from service.store.families.reports import FamilyReport, family_query, family_report

blp = Blueprint("families", __name__, url_prefix="/v1", description="The same utterance across outlets")


@listing(blp, "/families", schemas.FamilyArgsSchema, schemas.FamilyPageSchema)
def list_families(args: dict[str, Any]) -> Page[Family]:
    """List families by speaker, words in the canonical text, time seen and number of outlets."""
    seen = (args["since"], args["until"])
    query = family_query(speaker_id=args["speaker"], q=args["q"], seen=seen, min_outlets=args["min_outlets"])
    query = query.order_by(None).order_by(Family.id.desc())
    return paged(lambda _: query, Family.id, args)


@reading(blp, "/families/<id:family_id>", schemas.FamilySchema)
def get_family(family_id: int) -> FamilyReport:
    """Return the family report: canonical text, speakers, and every variant diffed word by word."""
    with runtime().db.sessions() as session:
        return family_report(session, family_id)


@correcting(blp, "/families/<id:family_id>/merge", schemas.FamilyMergeSchema, schemas.FamilySchema)
def merge(body: dict[str, Any], family_id: int) -> FamilyReport:
    """Merge family ``other_id`` into this one; re-ingested articles keep the merge."""
    refuse_self_merge(family_id, body["other_id"], "family")
    return correct(lambda s: merge_families(s, family_id, body["other_id"]), _render, _etag(family_id))


@correcting(blp, "/families/<id:family_id>/split", schemas.QuoteSplitSchema, schemas.FamilySchema, status=201)
def split(body: dict[str, Any], family_id: int) -> FamilyReport:
    """Take a quote out of this family into a family of its own, which is returned."""
    return correct(lambda s: split_member(s, family_id, body["quote_id"]), _render, _etag(family_id))


def _etag(family_id: int) -> Callable[[Session], str]:
    return lambda session: etag_of(family_report(session, family_id), schemas.FamilySchema())


def _render(session: Session, family: Family) -> FamilyReport:
    return family_report(session, family.id)
