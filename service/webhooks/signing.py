"""HMAC-SHA256 signatures of delivery bodies, in the ``Quotes-Signature`` header."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Quotes-Signature"
EVENT_HEADER = "Quotes-Event"
DELIVERY_HEADER = "Quotes-Delivery"

# Receivers reject signatures older (or newer) than this, so a captured request
# cannot be replayed later; documented in docs/webhooks.md.
TOLERANCE_SECONDS = 300


def _as_text(body: str | bytes) -> str:
    return body.decode("utf-8") if isinstance(body, bytes) else body


def signature(secret: str, body: str | bytes, ts: int) -> str:
    """Return the hex HMAC-SHA256 of ``f"{ts}.{body}"`` keyed with ``secret``."""
    message = f"{ts}.{_as_text(body)}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: str | bytes, ts: int, *more_secrets: str) -> str:
    """Return the ``Quotes-Signature`` header ``t=<ts>,v1=<hex>[,v1=<hex>]`` for ``body`` sent at ``ts``.

    Each of ``more_secrets`` (an old secret during rotation) adds one more ``v1`` signature.
    """
    sigs = ",".join(f"v1={signature(s, body, int(ts))}" for s in (secret, *more_secrets))
    return f"t={int(ts)},{sigs}"


def parse(header: str) -> tuple[int | None, list[str]]:
    """Return the timestamp and every ``v1`` signature of a header; unknown parts are ignored."""
    ts: int | None = None
    sigs: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                ts = int(value)
            except ValueError:
                return None, []
        elif key == "v1":
            sigs.append(value)
    return ts, sigs


def verify(secret: str, body: str | bytes, header: str, now: float, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """Return whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds of ``now``."""
    ts, sigs = parse(header)
    if ts is None or not sigs or abs(now - ts) > tolerance:
        return False
    expected = signature(secret, body, ts)
    # Several v1 values let a sender sign with an old and a new secret during rotation;
    # compare every one so the time taken does not reveal which matched.
    matched = False
    for candidate in sigs:
        # bytes, because compare_digest refuses non-ASCII str and the header is untrusted.
        matched |= hmac.compare_digest(expected.encode(), candidate.encode("utf-8", "replace"))
    return matched
