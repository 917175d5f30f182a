"""Speakers: search, read, their quotes, and editors' corrections (merge, split, rename)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy.orm import Session

from schemas.speakers import (
    SpeakerArgsSchema,
    SpeakerMergeSchema,
    SpeakerPageSchema,
    SpeakerQuoteArgsSchema,
    SpeakerQuotePageSchema,
    SpeakerRenameSchema,
    SpeakerSchema,
    SpeakerSplitSchema,
)
from service.api.auth import requires
from service.api.caching import etag_of, etagged
from service.api.corrections import correct, refuse_self_merge
from service.api.pagination import Page, page
from service.errors import NotFoundError
from service.runtime import runtime
from service.store import speakers as store
from service.store.articles.models import Quote
from service.store.families.members import refresh_speaker_families
from service.store.speakers.models import Speaker

blp = Blueprint("speakers", __name__, url_prefix="/v1", description="Who is quoted, across articles")


@blp.route("/speakers", methods=["GET"])
@requires("read")
@blp.arguments(SpeakerArgsSchema, location="query")
@blp.response(200, SpeakerPageSchema)
def list_speakers(args: dict[str, Any]) -> Page[Speaker]:
    """Search speakers by name or alias, and by kind."""
    query = store.search_query(args["q"], args["kind"]).order_by(None).order_by(Speaker.id.desc())
    with runtime().db.sessions() as session:
        return page(session, store.with_quote_counts(query), Speaker.id, args)


@blp.route("/speakers/<id:speaker_id>", methods=["GET"])
@requires("read")
@etagged
@blp.response(200, SpeakerSchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
@blp.alt_response(404, description="Not found")
def get_speaker(speaker_id: int) -> Speaker:
    """Return a speaker with aliases, roles and quote count (a merged id answers with its target)."""
    with runtime().db.sessions() as session:
        return store.counted_speaker(session, _live(session, speaker_id))


@blp.route("/speakers/<id:speaker_id>/quotes", methods=["GET"])
@requires("read")
@blp.arguments(SpeakerQuoteArgsSchema, location="query")
@blp.response(200, SpeakerQuotePageSchema)
@blp.alt_response(404, description="Not found")
def speaker_quotes(args: dict[str, Any], speaker_id: int) -> Page[Quote]:
    """Return a speaker's quotes, newest first."""
    from service.store.articles.queries import quote_query

    with runtime().db.sessions() as session:
        speaker = _live(session, speaker_id)
        query = quote_query(session, speaker_id=speaker.id, since=args["since"], until=args["until"])
        return page(session, query, Quote.id, args)


@blp.route("/speakers/<id:speaker_id>/merge", methods=["POST"])
@requires("write")
@blp.arguments(SpeakerMergeSchema)
@blp.response(200, SpeakerSchema)
@blp.alt_response(404, description="Not found")
def merge(body: dict[str, Any], speaker_id: int) -> Speaker:
    """Merge speaker ``other_id`` into this one; re-ingested articles keep the merge."""
    refuse_self_merge(speaker_id, body["other_id"], "speaker")
    return correct(
        lambda s: _families_follow(s, store.merge_speakers(s, body["other_id"], speaker_id)),
        store.counted_speaker,
        _etag(speaker_id),
    )


@blp.route("/speakers/<id:speaker_id>/split", methods=["POST"])
@requires("write")
@blp.arguments(SpeakerSplitSchema)
@blp.response(201, SpeakerSchema)
@blp.alt_response(404, description="Not found")
def split(body: dict[str, Any], speaker_id: int) -> Speaker:
    """Split an alias off this speaker into a new speaker, which is returned."""
    return correct(
        lambda s: _families_follow(s, store.split_alias(s, speaker_id, body["alias"]), speaker_id),
        store.counted_speaker,
        _etag(speaker_id),
    )


@blp.route("/speakers/<id:speaker_id>", methods=["PATCH"])
@requires("write")
@blp.arguments(SpeakerRenameSchema)
@blp.response(200, SpeakerSchema)
@blp.alt_response(404, description="Not found")
def rename(body: dict[str, Any], speaker_id: int) -> Speaker:
    """Rename a speaker; automatic updates of the name stop from then on."""
    return correct(
        lambda s: store.rename_speaker(s, speaker_id, body["name"]), store.counted_speaker, _etag(speaker_id)
    )


def _etag(speaker_id: int) -> Callable[[Session], str]:
    return lambda session: etag_of(store.counted_speaker(session, _live(session, speaker_id)), SpeakerSchema())


def _families_follow(session: Session, speaker: Speaker, *others: int) -> Speaker:
    # Who said what changed: each family's speaker and attribution conflict are re-derived.
    refresh_speaker_families(session, [speaker.id, *others])
    return speaker


def _live(session: Session, speaker_id: int) -> Speaker:
    speaker = store.live(session, store.get_speaker(session, speaker_id))
    if speaker is None:
        raise NotFoundError(f"There is no speaker {speaker_id}.")
    return speaker
