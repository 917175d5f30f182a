"""Delivery signatures: HMAC-SHA256 over ``{t}.{body}`` with a five-minute replay window."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.webhooks.signing import TOLERANCE_SECONDS, parse, sign, signature, verify

SECRET = "whsec_test_secret_0123456789"
BODY = '{"data":{"family_id":3},"id":1,"type":"family.created"}'
TS = 1_700_000_000


def test_sign_is_hmac_sha256_of_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), f"{TS}.{BODY}".encode(), hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, TS) == f"t={TS},v1={expected}"
    assert signature(SECRET, BODY, TS) == expected


def test_bytes_and_text_bodies_sign_alike() -> None:
    assert sign(SECRET, BODY.encode(), TS) == sign(SECRET, BODY, TS)


@pytest.mark.parametrize(
    ("secret", "body", "now", "ok"),
    [
        (SECRET, BODY, TS, True),
        (SECRET, BODY, TS + TOLERANCE_SECONDS, True),
        (SECRET, BODY, TS - TOLERANCE_SECONDS, True),
        (SECRET, BODY, TS + TOLERANCE_SECONDS + 1, False),  # replayed too late
        (SECRET, BODY, TS - TOLERANCE_SECONDS - 1, False),  # from the future
        ("whsec_another_secret_987654", BODY, TS, False),
        (SECRET, BODY.replace("3", "4"), TS, False),  # tampered body
        (SECRET, BODY + " ", TS, False),
    ],
)
def test_verify(secret: str, body: str, now: float, ok: bool) -> None:
    assert verify(secret, body, sign(SECRET, BODY, TS), now) is ok


def test_tolerance_is_adjustable() -> None:
    header = sign(SECRET, BODY, TS)
    assert not verify(SECRET, BODY, header, TS + 61, tolerance=60)
    assert verify(SECRET, BODY, header, TS + 60, tolerance=60)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        f"t={TS}",
        f"v1={signature(SECRET, BODY, TS)}",
        f"t=abc,v1={signature(SECRET, BODY, TS)}",
        f"t={TS},v1=",
        f"t={TS},v1=é{signature(SECRET, BODY, TS)[1:]}",
        f"t={TS + 1},v1={signature(SECRET, BODY, TS)}",  # timestamp swapped: signature no longer matches
        f"t={TS},v0={signature(SECRET, BODY, TS)}",
    ],
)
def test_malformed_or_forged_headers_fail(header: str) -> None:
    assert verify(SECRET, BODY, header, TS) is False


def test_any_of_several_v1_signatures_may_match() -> None:
    # During secret rotation a sender may sign with both the old and the new secret.
    header = f"t={TS},v1={signature('old_secret_0123456789', BODY, TS)},v1={signature(SECRET, BODY, TS)}"
    assert verify(SECRET, BODY, header, TS)


def test_parse_ignores_unknown_parts() -> None:
    assert parse(f" t={TS} , v2=xx, v1=ab ,junk") == (TS, ["ab"])


@given(secret=st.text(min_size=1), body=st.text(), ts=st.integers(min_value=0, max_value=2**40))
def test_sign_then_verify_round_trips(secret: str, body: str, ts: int) -> None:
    assert verify(secret, body, sign(secret, body, ts), ts)
