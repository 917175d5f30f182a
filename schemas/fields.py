"""Field types shared by the request schemas."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma

# JSON may carry unpaired UTF-16 surrogates ("\ud800"); they cannot be stored or encoded.
# Each becomes U+FFFD, one code point for one, so character offsets still hold.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Text(ma.fields.String):
    """A string from a client, with unpaired surrogates replaced by U+FFFD."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text: str = super()._deserialize(value, attr, data, **kwargs)
        return _LONE_SURROGATE.sub("\ufffd", text)


# ASCII only, RFC 3986 characters: what matches is a valid URI, so the spec and the check agree.
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/([A-Za-z0-9._~:/?#@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)?$"


class HttpUrl(Text):
    """An http(s) URL; the spec carries the same pattern the validation applies."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": URL_PATTERN, "format": "uri"} | kwargs.pop("metadata", {})
        validators = [ma.validate.Regexp(URL_PATTERN, error="Not an http(s) URL."), ma.validate.Length(max=2000)]
        super().__init__(validate=validators, metadata=metadata, **kwargs)


MAX_ID = 2**63 - 1


class Id(ma.fields.Integer):
    """A row id: a positive 64-bit integer (larger numbers can name no row)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)
