"""Speakers: search, read, their quotes, and editors' corrections (merge, split, rename)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import Select
from sqlalchemy.orm import Session

from schemas import speakers as schemas
from service.api.auth import requires
from service.api.caching import etag_of
from service.api.corrections import correct, refuse_self_merge
from service.api.pagination import Page, paged
from service.api.routes import correcting, listing, reading
from service.errors import found
from service.runtime import runtime
from service.store import speakers as store
from service.store.articles.models import Quote
from service.store.families.members import refresh_speaker_families
from service.store.speakers.models import Speaker

blp = Blueprint("speakers", __name__, url_prefix="/v1", description="Who is quoted, across articles")


@listing(blp, "/speakers", schemas.SpeakerArgsSchema, schemas.SpeakerPageSchema)
def list_speakers(args: dict[str, Any]) -> Page[Speaker]:
    """Search speakers by name or alias, and by kind."""
    query = store.search_query(args["q"], args["kind"]).order_by(None).order_by(Speaker.id.desc())
    return paged(lambda _: store.with_quote_counts(query), Speaker.id, args)


@reading(blp, "/speakers/<id:speaker_id>", schemas.SpeakerSchema)
def get_speaker(speaker_id: int) -> Speaker:
    """Return a speaker with aliases, roles and quote count (a merged id answers with its target)."""
    with runtime().db.sessions() as session:
        return store.counted_speaker(session, _live(session, speaker_id))


@blp.route("/speakers/<id:speaker_id>/quotes", methods=["GET"])
@requires("read")
@blp.arguments(schemas.SpeakerQuoteArgsSchema, location="query")
@blp.response(200, schemas.SpeakerQuotePageSchema)
@blp.alt_response(404, description="Not found")
def speaker_quotes(args: dict[str, Any], speaker_id: int) -> Page[Quote]:
    """Return a speaker's quotes, newest first."""
    from service.store.articles.queries import quote_query

    def query(session: Session) -> Select[tuple[Quote]]:
        speaker = _live(session, speaker_id)
        return quote_query(session, speaker_id=speaker.id, since=args["since"], until=args["until"])

    return paged(query, Quote.id, args)


@correcting(blp, "/speakers/<id:speaker_id>/merge", schemas.SpeakerMergeSchema, schemas.SpeakerSchema)
def merge(body: dict[str, Any], speaker_id: int) -> Speaker:
    """Merge speaker ``other_id`` into this one; re-ingested articles keep the merge."""
    refuse_self_merge(speaker_id, body["other_id"], "speaker")
    return _corrected(speaker_id, lambda s: _families_follow(s, store.merge_speakers(s, body["other_id"], speaker_id)))


@correcting(blp, "/speakers/<id:speaker_id>/split", schemas.SpeakerSplitSchema, schemas.SpeakerSchema, status=201)
def split(body: dict[str, Any], speaker_id: int) -> Speaker:
    """Split an alias off this speaker into a new speaker, which is returned."""
    return _corrected(
        speaker_id, lambda s: _families_follow(s, store.split_alias(s, speaker_id, body["alias"]), speaker_id)
    )


@correcting(blp, "/speakers/<id:speaker_id>", schemas.SpeakerRenameSchema, schemas.SpeakerSchema, method="PATCH")
def rename(body: dict[str, Any], speaker_id: int) -> Speaker:
    """Rename a speaker; automatic updates of the name stop from then on."""
    return _corrected(speaker_id, lambda s: store.rename_speaker(s, speaker_id, body["name"]))


def _corrected(speaker_id: int, action: Callable[[Session], Speaker]) -> Speaker:
    return correct(action, store.counted_speaker, _etag(speaker_id))


def _etag(speaker_id: int) -> Callable[[Session], str]:
    return lambda session: etag_of(store.counted_speaker(session, _live(session, speaker_id)), schemas.SpeakerSchema())


def _families_follow(session: Session, speaker: Speaker, *others: int) -> Speaker:
    # Who said what changed: each family's speaker and attribution conflict are re-derived.
    refresh_speaker_families(session, [speaker.id, *others])
    return speaker


def _live(session: Session, speaker_id: int) -> Speaker:
    return found(store.live(session, store.get_speaker(session, speaker_id)), "speaker", speaker_id)
