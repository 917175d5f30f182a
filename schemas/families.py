"""Quote families on the wire: one utterance, every wording, who printed it, what differs."""

from __future__ import annotations

import marshmallow as ma

from schemas.common import TimeRangeArgsSchema, page_schema
from schemas.fields import Id, Line

MAX_OUTLETS = 1_000_000

CANONICAL_HOW = ("attested", "earliest", "fullest", "only_wording", "only_fragments", "only_indirect", "editor")


class DiffOpSchema(ma.Schema):
    """One run of words turning the canonical text into the variant."""

    op = ma.fields.String(metadata={"enum": ["equal", "insert", "delete", "replace"]})
    canonical = ma.fields.List(ma.fields.String(), metadata={"description": "The canonical text's words"})
    variant = ma.fields.List(ma.fields.String(), metadata={"description": "The variant's words"})
    canonical_start = ma.fields.Integer()
    canonical_end = ma.fields.Integer()
    variant_start = ma.fields.Integer()
    variant_end = ma.fields.Integer()
    canonical_tokens = ma.fields.List(
        ma.fields.List(ma.fields.Integer()), metadata={"description": "[start, end] of each canonical word"}
    )
    variant_tokens = ma.fields.List(
        ma.fields.List(ma.fields.Integer()), metadata={"description": "[start, end] of each variant word"}
    )


class OccurrenceSchema(ma.Schema):
    """Where one outlet printed a wording."""

    quote_id = ma.fields.Integer(attribute="quote.id")
    article_id = ma.fields.Integer(attribute="article.id")
    outlet = ma.fields.String(attribute="outlet.name")
    url = ma.fields.String(attribute="article.url", allow_none=True)
    published_at = ma.fields.DateTime(attribute="article.published_at", allow_none=True)
    start = ma.fields.Integer(attribute="quote.start")
    end = ma.fields.Integer(attribute="quote.end")
    speaker_id = ma.fields.Integer(attribute="quote.speaker_id", allow_none=True)
    quote_kind = ma.fields.String(attribute="quote.kind")


class VariantSchema(ma.Schema):
    """One wording of the utterance and its occurrences."""

    text = ma.fields.String()
    kind = ma.fields.String(metadata={"enum": ["verbatim", "fragment", "paraphrase"]})
    is_canonical = ma.fields.Boolean()
    similarity = ma.fields.Float(allow_none=True, metadata={"description": "Similarity to the canonical, 0-1"})
    covers = ma.fields.List(
        ma.fields.Integer(),
        allow_none=True,
        metadata={"description": "Fragments: [start, end) character range of the canonical text covered"},
    )
    meaning_change = ma.fields.List(
        ma.fields.String(), metadata={"description": "Negations or numbers that differ from the canonical"}
    )
    diff = ma.fields.List(ma.fields.Nested(DiffOpSchema))
    occurrences = ma.fields.List(ma.fields.Nested(OccurrenceSchema))


class CanonicalSchema(ma.Schema):
    """The fullest verbatim wording, and how it was chosen."""

    text = ma.fields.String()
    quote_id = ma.fields.Integer(allow_none=True)
    how = ma.fields.String(
        allow_none=True,
        metadata={
            "enum": ["attested", "earliest", "fullest", "only_wording", "only_fragments", "only_indirect", "editor"]
        },
    )
    how_explained = ma.fields.String(allow_none=True, metadata={"description": "How the canonical was chosen"})
    outlets = ma.fields.Integer(metadata={"description": "Outlets that printed the canonical wording"})


class FamilySpeakerSchema(ma.Schema):
    """A speaker the family's quotes are attributed to, with how many."""

    speaker_id = ma.fields.Integer(allow_none=True)
    name = ma.fields.String(allow_none=True)
    kind = ma.fields.String(allow_none=True)
    count = ma.fields.Integer()


class FamilySchema(ma.Schema):
    """The family report: canonical text, speakers, and each variant diffed against the canonical."""

    id = ma.fields.Integer(attribute="family.id")
    canonical = ma.fields.Nested(CanonicalSchema)
    speaker_id = ma.fields.Integer(attribute="family.speaker_id", allow_none=True)
    speakers = ma.fields.List(ma.fields.Nested(FamilySpeakerSchema))
    attribution_conflict = ma.fields.Boolean(
        attribute="family.attribution_conflict",
        metadata={"description": "Outlets attribute these words to different speakers"},
    )
    meaning_change = ma.fields.Boolean(metadata={"description": "Some variant differs in a negation or a number"})
    locked = ma.fields.Boolean(attribute="family.locked", allow_none=True)
    quote_count = ma.fields.Integer(attribute="family.quote_count")
    article_count = ma.fields.Integer(attribute="family.article_count")
    outlet_count = ma.fields.Integer(attribute="family.outlet_count")
    first_seen = ma.fields.DateTime(attribute="family.first_seen", allow_none=True)
    last_seen = ma.fields.DateTime(attribute="family.last_seen", allow_none=True)
    variants = ma.fields.List(ma.fields.Nested(VariantSchema))
    paraphrases = ma.fields.List(ma.fields.Nested(VariantSchema))
    linked_families = ma.fields.List(
        ma.fields.Integer(),
        metadata={"description": "Families of other remarks that some quote runs together with this one"},
    )


class FamilySummarySchema(ma.Schema):
    """A family in a listing."""

    id = ma.fields.Integer()
    canonical = ma.fields.String(attribute="canonical_text")
    speaker_id = ma.fields.Integer(allow_none=True)
    quote_count = ma.fields.Integer()
    article_count = ma.fields.Integer()
    outlet_count = ma.fields.Integer()
    first_seen = ma.fields.DateTime(allow_none=True)
    last_seen = ma.fields.DateTime(allow_none=True)
    attribution_conflict = ma.fields.Boolean()


class FamilyArgsSchema(TimeRangeArgsSchema):
    """Filters of the family listing."""

    speaker = Id(load_default=None, metadata={"description": "Speaker id"})
    q = Line(
        load_default=None, validate=ma.validate.Length(max=500), metadata={"description": "Words in the canonical text"}
    )
    min_outlets = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=1, max=MAX_OUTLETS))


FamilyPageSchema = page_schema(FamilySummarySchema, "FamilyPage")


class FamilyMergeSchema(ma.Schema):
    """Merge another family into this one."""

    other_id = Id(required=True, strict=True, metadata={"example": 42})


class QuoteSplitSchema(ma.Schema):
    """Take a quote out of its family into a family of its own."""

    quote_id = Id(required=True, strict=True, metadata={"example": 7})
