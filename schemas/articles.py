"""Articles on the wire: what a CMS sends, and the stored article with its quotes."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from schemas.common import TimeRangeArgsSchema, page_schema
from schemas.fields import NONBLANK_TEXT_PATTERN, HttpUrl, Line, Text, Timestamp
from schemas.quotes import StoredQuoteSchema

LANGUAGES = ("en",)


class ArticleInSchema(ma.Schema):
    """One article to ingest. Give ``text`` or article-body ``html``."""

    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {
        "oneOf": [{"required": ["text", "outlet"]}, {"required": ["html", "outlet"]}]
    }

    text = Text(
        validate=ma.validate.Length(max=1_000_000),
        metadata={"example": "“We will win,” she said.", "pattern": NONBLANK_TEXT_PATTERN},
    )
    html = Text(validate=ma.validate.Length(max=2_000_000))
    title = Text(allow_none=True, validate=ma.validate.Length(max=1000), metadata={"example": "Win"})
    url = HttpUrl(allow_none=True, metadata={"example": "https://news.example/2021/07/26/win"})
    outlet = Line(required=True, validate=ma.validate.Length(min=1, max=200), metadata={"example": "news.example"})
    published_at = Timestamp(allow_none=True, metadata={"example": "2021-07-26T18:00:00Z"})
    external_id = Line(
        allow_none=True,
        validate=ma.validate.Length(min=1, max=300),
        metadata={
            "description": (
                "The CMS's id; re-posting the same (outlet, external_id) updates the article. "
                "Defaults to the url, else to a hash of the text."
            ),
            "example": "cms-4711",
        },
    )
    language = ma.fields.String(
        load_default="en",
        validate=ma.validate.OneOf(LANGUAGES, error="Only English ('en') is supported for now, not {input!r}."),
        metadata={"example": "en"},
    )

    @ma.validates_schema
    def _one_of(self, data: dict[str, Any], **_: Any) -> None:
        if ("text" in data) == ("html" in data):
            raise ma.ValidationError("Give exactly one of text or html.", field_name="text")


class OutletSchema(ma.Schema):
    """A news organisation."""

    id = ma.fields.Integer()
    name = ma.fields.String()


class ArticleSchema(ma.Schema):
    """A stored article with its quotes."""

    id = ma.fields.Integer()
    outlet = ma.fields.Nested(OutletSchema)
    external_id = ma.fields.String()
    title = ma.fields.String(allow_none=True)
    url = ma.fields.String(allow_none=True)
    published_at = ma.fields.DateTime(allow_none=True)
    language = ma.fields.String()
    text = ma.fields.String(metadata={"description": "The text quote offsets refer to"})
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    quotes = ma.fields.List(ma.fields.Nested(StoredQuoteSchema))


class ArticleSummarySchema(ArticleSchema):
    """An article in a listing (without its text and quotes)."""

    class Meta:
        exclude = ("text", "quotes")

    quote_count = ma.fields.Integer()


class ArticleArgsSchema(TimeRangeArgsSchema):
    """Filters of the article listing."""

    outlet = Line(load_default=None, validate=ma.validate.Length(max=200))
    external_id = Line(load_default=None, validate=ma.validate.Length(max=300))


ArticlePageSchema = page_schema(ArticleSummarySchema, "ArticlePage")


class BatchInSchema(ma.Schema):
    """Several articles at once; each is stored in its own transaction and succeeds or fails on its own."""

    # Items are validated one by one, so one bad article (even one that is not an object)
    # does not sink the others.
    articles = ma.fields.List(
        ma.fields.Raw(
            allow_none=True,
            metadata={"description": "An article as for POST /v1/articles; anything else fails alone"},
        ),
        required=True,
        validate=ma.validate.Length(min=1),
    )


class BatchItemSchema(ma.Schema):
    """The result of one article of a batch: an article or a problem."""

    index = ma.fields.Integer()
    status = ma.fields.Integer()
    article = ma.fields.Nested(ArticleSchema, allow_none=True)
    problem = ma.fields.Dict(allow_none=True, metadata={"description": "A problem document (RFC 9457)"})


class BatchOutSchema(ma.Schema):
    """Per-item results of a batch, in request order."""

    results = ma.fields.List(ma.fields.Nested(BatchItemSchema))
