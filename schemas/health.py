"""Probe responses."""

from __future__ import annotations

import marshmallow as ma


class HealthSchema(ma.Schema):
    """The state of the service and of each dependency it checked."""

    status = ma.fields.String(metadata={"example": "ok"})
    checks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
