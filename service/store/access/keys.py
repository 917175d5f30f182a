"""API keys: created once, stored only as a SHA-256 digest, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from service.errors import InvalidValueError
from service.store.access.models import ApiKey
from service.store.base import utcnow

SCOPES = ("read", "write", "admin")
TOKEN_PREFIX = "qk_"
USE_RESOLUTION = timedelta(minutes=1)


def digest(token: str) -> str:
    """Return the stored form of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(
    session: Session, name: str, scopes: list[str], expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """Create a key with ``scopes`` (valid until ``expires_at``) and return it with its token, never stored."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise InvalidValueError(f"scopes must be among {', '.join(SCOPES)}; got {', '.join(scopes) or 'none'}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name, prefix=token[:10], digest=digest(token), scopes=" ".join(sorted(set(scopes))), expires_at=expires_at
    )
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
    if key.expires_at is not None and key.expires_at <= utcnow():
        return None
    return key


def touch_key(session: Session, key: ApiKey) -> None:
    """Record that ``key`` was just used; written at most once a minute per key, not per request."""
    now = utcnow()
    if key.last_used_at is not None and now - key.last_used_at < USE_RESOLUTION:
        return
    stale = or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - USE_RESOLUTION)
    session.execute(update(ApiKey).where(ApiKey.id == key.id, stale).values(last_used_at=now))


def list_keys(session: Session) -> list[ApiKey]:
    """Return every key, revoked and expired ones included, newest first."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id.desc())))


def revoke_key(session: Session, key_id: int) -> ApiKey | None:
    """Revoke a key for good (it stays listed); return None when there is no such key."""
    key = session.get(ApiKey, key_id)
    if key is not None and key.revoked_at is None:
        key.revoked_at = utcnow()
    return key


def has_scope(key: ApiKey, scope: str) -> bool:
    """Return whether ``key`` grants ``scope``; admin implies write, write implies read."""
    granted = set(key.scopes.split())
    implied = {"admin": {"admin", "write", "read"}, "write": {"write", "read"}, "read": {"read"}}
    return any(scope in implied[g] for g in granted if g in implied)
