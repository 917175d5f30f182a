"""Field types shared by the schemas: request fields that clean input, response fields built from rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma

from service.store.base import MAX_ID

# JSON may carry unpaired UTF-16 surrogates ("\ud800"); they cannot be stored or encoded.
# Each becomes U+FFFD, one code point for one, so character offsets still hold.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# C0 control characters cannot be stored on every backend (PostgreSQL refuses NUL) and mean
# nothing in an article; tab, line feed and carriage return are the layout text may carry.
_CONTROLS_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROLS_IN_LINE = re.compile("[\x00-\x1f]")


# The same rules as JSON-Schema patterns, so the published contract says what is refused.
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"
LINE_PATTERN = "^[^\\x00-\\x1f]*$"
# Article text must also hold something besides whitespace.
NONBLANK_TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*[^\\s\\x00-\\x1f][^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"


class Text(ma.fields.String):
    """A string from a client: C0 controls other than tab and line breaks refused, lone surrogates U+FFFD."""

    controls = _CONTROLS_IN_TEXT
    pattern = TEXT_PATTERN

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": self.pattern} | kwargs.pop("metadata", {})
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text: str = super()._deserialize(value, attr, data, **kwargs)
        bad = self.controls.search(text)
        if bad:
            raise ma.ValidationError(
                f"Control character U+{ord(bad.group()):04X} at position {bad.start()} is not allowed."
            )
        return _LONE_SURROGATE.sub("\ufffd", text)


class Line(Text):
    """A one-line string (a name, an id, a query term): every C0 control is refused."""

    controls = _CONTROLS_IN_LINE
    pattern = LINE_PATTERN


# ASCII only, RFC 3986 characters: what matches is a valid URI, so the spec and the check agree.
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/([A-Za-z0-9._~:/?#@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)?$"


class HttpUrl(Text):
    """An http(s) URL; the spec carries the same pattern the validation applies."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": URL_PATTERN, "format": "uri"} | kwargs.pop("metadata", {})
        validators = [ma.validate.Regexp(URL_PATTERN, error="Not an http(s) URL."), ma.validate.Length(max=2000)]
        super().__init__(validate=validators, metadata=metadata, **kwargs)


class Id(ma.fields.Integer):
    """A row id: a positive 64-bit integer (larger numbers can name no row).

    In a JSON body it must be a JSON integer (``strict``): ``2.5`` and ``"2"`` are refused.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)


# The publication times the service accepts, in UTC. Outside them some backends cannot store
# or convert the value (year 0 or 10000 after the offset is applied).
EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)


# Years 1001-9998 stay inside the range whatever the offset: what the spec promises is accepted.
_YEARS = "(100[1-9]|10[1-9][0-9]|1[1-9][0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"


class Timestamp(ma.fields.AwareDateTime):
    """An ISO 8601 time with an offset, between 1000-01-01 and 9999-12-30 (UTC)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "description": "ISO 8601 with an offset, from 1000-01-01T00:00:00Z to 9999-12-30T23:59:59Z",
            "pattern": f"^{_YEARS}-",
        } | kwargs.pop("metadata", {})
        super().__init__(default_timezone=None, metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        when: datetime = super()._deserialize(value, attr, data, **kwargs)
        try:
            utc = when.astimezone(UTC)
        except (OverflowError, ValueError):
            utc = None
        if utc is None or not EARLIEST <= utc <= LATEST:
            raise ma.ValidationError("The time must lie between 1000-01-01T00:00:00Z and 9999-12-30T23:59:59Z.")
        return utc


class _Built:
    """Mixin: the field's value is ``build(obj)`` of the whole object, not one attribute of it."""

    def __init__(self, *args: Any, build: Callable[[Any], Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build = build

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = ma.missing) -> Any:
        """Return what ``build`` makes of ``obj``."""
        return self.build(obj)


class BuiltNested(_Built, ma.fields.Nested):
    """A nested object assembled from several columns of its parent (documented as its schema)."""


class BuiltList(_Built, ma.fields.List):
    """A list assembled from its parent's rows (documented as a list of its items)."""


class BuiltBoolean(_Built, ma.fields.Boolean):
    """A flag derived from its parent by a rule of the store."""


class Confidence(ma.fields.Float):
    """A score between 0 and 1, given to three decimals."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        return None if value is None else round(float(value), 3)
