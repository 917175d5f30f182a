"""Speakers on the wire: who is quoted, under which names and titles, and how often."""

from __future__ import annotations

from typing import NamedTuple

import marshmallow as ma

from schemas.common import PageArgsSchema, TimeRangeArgsSchema, page_schema
from schemas.fields import BuiltBoolean, BuiltList, Id, Line
from schemas.quotes import QuoteDetailSchema
from service.store.speakers.models import Speaker
from service.store.speakers.queries import is_unlinked

KINDS = ["person", "anonymous", "organization", "unknown"]


class RoleSchema(ma.Schema):
    """A title or role a speaker was given, and the articles that gave it."""

    role = ma.fields.String(metadata={"example": "Press Secretary"})
    article_ids = ma.fields.List(ma.fields.Integer())


class Role(NamedTuple):
    """One title of a speaker with the articles that gave it, in the order first seen."""

    role: str
    article_ids: list[int]


def roles_of(speaker: Speaker) -> list[Role]:
    """Return a speaker's titles, each once, with the articles that gave it."""
    roles: dict[str, list[int]] = {}
    for r in speaker.roles:
        ids = roles.setdefault(r.role, [])
        if r.article_id is not None and r.article_id not in ids:
            ids.append(r.article_id)
    return [Role(role, ids) for role, ids in roles.items()]


class SpeakerSchema(ma.Schema):
    """A speaker: the same person (or source) across every article that quotes them."""

    id = ma.fields.Integer()
    name = ma.fields.String(metadata={"description": "The fullest form seen, or the editor's", "example": "Jen Psaki"})
    kind = ma.fields.String(metadata={"enum": KINDS})
    aliases = BuiltList(
        ma.fields.String(),
        build=lambda speaker: [a.alias for a in speaker.aliases],
        metadata={"example": ["Jen Psaki", "Psaki"]},
    )
    roles = BuiltList(ma.fields.Nested(RoleSchema), build=roles_of)
    quote_count = ma.fields.Integer()
    first_seen = ma.fields.DateTime(allow_none=True)
    last_seen = ma.fields.DateTime(allow_none=True)
    name_locked = ma.fields.Boolean(metadata={"description": "Renamed by an editor"})
    unlinked = BuiltBoolean(
        build=is_unlinked,
        metadata={
            "description": "A person known only by a surname their article never expanded and no evidence "
            "ties to a person of other articles: kept inside that article",
        },
    )


class SpeakerArgsSchema(PageArgsSchema):
    """Filters of the speaker search."""

    q = Line(
        load_default=None,
        validate=ma.validate.Length(max=300),
        metadata={"description": "Part of a name or alias", "example": "Psaki"},
    )
    kind = ma.fields.String(load_default=None, validate=ma.validate.OneOf(KINDS))


SpeakerPageSchema = page_schema(SpeakerSchema, "SpeakerPage")
SpeakerQuotePageSchema = page_schema(QuoteDetailSchema, "SpeakerQuotePage")


class SpeakerQuoteArgsSchema(TimeRangeArgsSchema):
    """Pagination of a speaker's quotes."""


class SpeakerMergeSchema(ma.Schema):
    """Merge another speaker into this one; its quotes, aliases and roles move here for good."""

    other_id = Id(required=True, strict=True, metadata={"example": 12})


class SpeakerSplitSchema(ma.Schema):
    """Split an alias off into a speaker of its own; its quotes and future mentions follow."""

    alias = Line(required=True, validate=ma.validate.Length(min=1, max=300), metadata={"example": "Kazemi"})


class SpeakerRenameSchema(ma.Schema):
    """Give a speaker the name editors want shown."""

    name = Line(required=True, validate=ma.validate.Length(min=1, max=300), metadata={"example": "Jen Psaki"})
