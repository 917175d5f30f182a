"""Periodic upkeep configured by the service's settings: the retention cleanup."""

from __future__ import annotations

from datetime import datetime, timedelta

from service.config import Config
from service.store.base import utcnow
from service.store.db import Database
from service.store.retention import Cleaned, Retention, cleanup


def retention(cfg: Config) -> Retention:
    """Return how long each kind of record is kept under ``cfg``."""
    return Retention(
        events=timedelta(days=cfg.RETENTION_EVENTS_DAYS),
        deliveries=timedelta(days=cfg.RETENTION_DELIVERIES_DAYS),
        idempotency=timedelta(hours=cfg.RETENTION_IDEMPOTENCY_HOURS),
    )


def run_cleanup(db: Database, cfg: Config, now: datetime | None = None) -> Cleaned:
    """Apply the retention settings of ``cfg`` in one transaction (the job `quotes cleanup` runs)."""
    with db.transaction() as session:
        return cleanup(session, retention(cfg), now or utcnow())
