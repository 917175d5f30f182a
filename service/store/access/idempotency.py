"""Idempotency records: the first response to a POST made with an Idempotency-Key, kept for its retries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.access.models import IdempotencyRecord
from service.store.db import insert_ignore


def find_record(session: Session, key_id: int | None, idem_key: str) -> IdempotencyRecord | None:
    """Return the response stored for ``idem_key`` sent with API key ``key_id``, or None."""
    query = select(IdempotencyRecord).where(IdempotencyRecord.key_id == key_id, IdempotencyRecord.idem_key == idem_key)
    return session.scalars(query).first()


def save_record(
    session: Session, *, key_id: int | None, idem_key: str, fingerprint: str, status: int, body: str
) -> None:
    """Keep a response for ``idem_key``; a concurrent retry that stored it first wins (both did the same work)."""
    values = {"key_id": key_id, "idem_key": idem_key, "fingerprint": fingerprint, "status": status, "body": body}
    insert_ignore(session, IdempotencyRecord, values, conflict=["key_id", "idem_key"])
