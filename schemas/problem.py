"""The one error shape of the API: RFC 9457 problem details."""

from __future__ import annotations

import marshmallow as ma


class FieldErrorSchema(ma.Schema):
    """One invalid input field."""

    field = ma.fields.String(metadata={"description": "Dotted path of the field, e.g. json.text"})
    message = ma.fields.String()


class ProblemSchema(ma.Schema):
    """An error response (`application/problem+json`, RFC 9457)."""

    type = ma.fields.String(metadata={"example": "/problems/validation"})
    title = ma.fields.String(metadata={"example": "Unprocessable Content"})
    status = ma.fields.Integer(metadata={"example": 422})
    detail = ma.fields.String(metadata={"example": "The request body is not valid."})
    instance = ma.fields.String()
    request_id = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(FieldErrorSchema))
