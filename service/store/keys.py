"""API keys: created once, stored only as a SHA-256 digest, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.models import ApiKey

SCOPES = ("read", "write", "admin")
TOKEN_PREFIX = "qk_"


def digest(token: str) -> str:
    """Return the stored form of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(session: Session, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """Create a key with ``scopes`` and return it with its token, which is never stored."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValueError(f"scopes must be among {', '.join(SCOPES)}; got {', '.join(scopes) or 'none'}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, prefix=token[:10], digest=digest(token), scopes=" ".join(sorted(set(scopes))))
    session.add(key)
    session.flush()
    return key, token


def find_key(session: Session, token: str) -> ApiKey | None:
    """Return the live key whose token is ``token``, or None."""
    wanted = digest(token)
    key = session.scalars(select(ApiKey).where(ApiKey.digest == wanted)).first()
    # The lookup is by digest; compare again in constant time so no branch depends on the secret.
    if key is None or not hmac.compare_digest(key.digest, wanted) or key.revoked_at is not None:
        return None
    return key


def has_scope(key: ApiKey, scope: str) -> bool:
    """Return whether ``key`` grants ``scope``; admin implies write, write implies read."""
    granted = set(key.scopes.split())
    implied = {"admin": {"admin", "write", "read"}, "write": {"write", "read"}, "read": {"read"}}
    return any(scope in implied[g] for g in granted if g in implied)
