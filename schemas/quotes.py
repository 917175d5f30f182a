"""Quotes on the wire: what was said, where in the text, by whom."""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

import marshmallow as ma

from schemas.common import TimeRangeArgsSchema, page_schema
from schemas.fields import BuiltNested, Confidence, Id, Line, Text
from service.engine.types import QUOTE_KINDS, Quote
from service.store.articles.models import Quote as StoredQuote


class SpanSchema(ma.Schema):
    """A stretch of the article text: ``text == article_text[start:end]``."""

    text = ma.fields.String(required=True)
    start = ma.fields.Integer(required=True)
    end = ma.fields.Integer(required=True)


class RangeSchema(ma.Schema):
    """Character offsets into the article text, ``[start, end)``."""

    start = ma.fields.Integer(required=True)
    end = ma.fields.Integer(required=True)


class QuoteSpeakerSchema(ma.Schema):
    """Who a quote is attributed to, and how that was decided."""

    id = ma.fields.Integer(allow_none=True, metadata={"description": "Speaker id (stored quotes only)"})
    name = ma.fields.String(allow_none=True)
    kind = ma.fields.String(metadata={"enum": ["person", "anonymous", "organization", "unknown"]})
    how = ma.fields.String(
        metadata={
            "enum": [
                "named",
                "pronoun",
                "title",
                "continuation",
                "apposition",
                "anonymous",
                "organization",
                "unresolved",
            ]
        }
    )
    confidence = ma.fields.Float()
    mention = ma.fields.Nested(SpanSchema, allow_none=True)


class Stretch(NamedTuple):
    """A span or range read from a stored quote's columns."""

    text: str | None
    start: int | None
    end: int | None


class QuoteSpeaker(NamedTuple):
    """Who a quote is attributed to, as ``QuoteSpeakerSchema`` shows it."""

    id: int | None
    name: str | None
    kind: str
    how: str
    confidence: float
    mention: Any


def _engine_speaker(q: Quote) -> QuoteSpeaker | None:
    ref = q.speaker
    if ref is None:
        return None if q.mention is None else QuoteSpeaker(None, None, "unknown", "unresolved", 0.0, q.mention)
    return QuoteSpeaker(None, ref.name, ref.kind, ref.how, ref.confidence, q.mention)


def _stored_speaker(row: StoredQuote) -> QuoteSpeaker | None:
    mention = Stretch(row.mention_text, row.mention_start, row.mention_end) if row.mention_text is not None else None
    who = row.speaker
    if who is None and mention is None:
        return None
    how, confidence = row.speaker_how or "unresolved", row.speaker_confidence or 0.0
    if who is None:
        return QuoteSpeaker(None, None, "unknown", how, confidence, mention)
    return QuoteSpeaker(who.id, who.name, who.kind, how, confidence, mention)


def _stored_cue(row: StoredQuote) -> Stretch | None:
    return Stretch(row.cue_text, row.cue_start, row.cue_end) if row.cue_text is not None else None


def _stored_context(row: StoredQuote) -> Stretch | None:
    return Stretch(None, row.context_start, row.context_end) if row.context_start is not None else None


REPORTED_CLAUSE = "A partial quote's reported clause (the reporter's words around the fragment)"


class ExtractedQuoteSchema(ma.Schema):
    """A quotation found in a text."""

    text = ma.fields.String(required=True)
    start = ma.fields.Integer(required=True)
    end = ma.fields.Integer(required=True)
    kind = ma.fields.String(metadata={"enum": list(QUOTE_KINDS)})
    confidence = Confidence()
    cue = ma.fields.Nested(SpanSchema, allow_none=True)
    speaker = BuiltNested(QuoteSpeakerSchema, build=_engine_speaker, allow_none=True)
    utterance = ma.fields.Integer(
        allow_none=True, metadata={"description": "Shared by the pieces of one split quotation"}
    )
    # ``context`` is a Schema attribute of marshmallow's own: the field is named apart
    reported_clause = ma.fields.Nested(
        RangeSchema,
        allow_none=True,
        data_key="context",
        attribute="context",
        metadata={"description": REPORTED_CLAUSE},
    )


class ExtractRequestSchema(ma.Schema):
    """Article text, or article-body HTML, to extract quotes from."""

    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {"oneOf": [{"required": ["text"]}, {"required": ["html"]}]}

    text = Text(metadata={"example": "“We will win,” she said."})
    html = Text(metadata={"example": "<p>“We will win,” she said.</p>"})

    @ma.validates_schema
    def _one_of(self, data: dict[str, object], **_: object) -> None:
        if ("text" in data) == ("html" in data):
            raise ma.ValidationError("Give exactly one of text or html.", field_name="text")


class ExtractResponseSchema(ma.Schema):
    """The quotes found; ``text`` is the text offsets refer to when HTML was sent."""

    quotes = ma.fields.List(ma.fields.Nested(ExtractedQuoteSchema))
    text = ma.fields.String(metadata={"description": "Present when the request gave html"})


class QuoteFamilyRefSchema(ma.Schema):
    """The family a stored quote belongs to, and how."""

    id = ma.fields.Integer(attribute="family_id")
    role = ma.fields.String(attribute="family_role", metadata={"enum": ["verbatim", "fragment", "paraphrase"]})
    similarity = ma.fields.Float(allow_none=True)


class StoredQuoteSchema(ExtractedQuoteSchema):
    """A quote stored with its article, resolved speaker and family."""

    id = ma.fields.Integer()
    article_id = ma.fields.Integer()
    cue = BuiltNested(SpanSchema, build=_stored_cue, allow_none=True)
    speaker = BuiltNested(QuoteSpeakerSchema, build=_stored_speaker, allow_none=True)
    reported_clause = BuiltNested(
        RangeSchema,
        build=_stored_context,
        allow_none=True,
        data_key="context",
        metadata={"description": REPORTED_CLAUSE},
    )
    family = BuiltNested(
        QuoteFamilyRefSchema, build=lambda row: row if row.family_id is not None else None, allow_none=True
    )


class QuoteArticleRefSchema(ma.Schema):
    """Where a quote was printed."""

    id = ma.fields.Integer()
    outlet = ma.fields.String(attribute="outlet.name")
    title = ma.fields.String(allow_none=True)
    url = ma.fields.String(allow_none=True)
    published_at = ma.fields.DateTime(allow_none=True)


class QuoteDetailSchema(StoredQuoteSchema):
    """A stored quote with the article it appeared in."""

    article = ma.fields.Nested(QuoteArticleRefSchema)


class QuoteArgsSchema(TimeRangeArgsSchema):
    """Filters of the quote search."""

    q = Line(
        load_default=None,
        validate=ma.validate.Length(max=500),
        metadata={"description": "Words the quote contains (full-text)"},
    )
    speaker = Id(load_default=None, metadata={"description": "Speaker id"})
    kind = ma.fields.String(load_default=None, validate=ma.validate.OneOf(QUOTE_KINDS))
    outlet = Line(
        load_default=None, validate=ma.validate.Length(max=200), metadata={"description": "Outlet name or domain"}
    )


QuotePageSchema = page_schema(QuoteDetailSchema, "QuotePage")
