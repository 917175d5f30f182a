"""Reading and writing ingestion jobs: create, claim, record each item once, finish once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from service.store.base import utcnow
from service.store.jobs.models import Job, JobItem


def create_job(session: Session, kind: str, payloads: Sequence[Any], key_id: int | None) -> Job:
    """Queue a job of ``kind`` carrying ``payloads`` (request bodies as sent) and return it."""
    job = Job(kind=kind, status="queued", total=len(payloads), key_id=key_id, attempts=0, created_at=utcnow())
    job.items = [JobItem(index=i, payload=p) for i, p in enumerate(payloads)]
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_id: int) -> Job | None:
    """Return the job with its items, or None."""
    return session.scalars(select(Job).where(Job.id == job_id).options(selectinload(Job.items))).one_or_none()


def start_job(session: Session, job_id: int, lease: timedelta) -> Job | None:
    """Mark a job running for one more attempt; None when it is finished or does not exist."""
    job = session.get(Job, job_id, with_for_update=session.get_bind().dialect.name == "postgresql")
    if job is None or job.status in ("done", "failed"):
        return None
    now = utcnow()
    job.status = "running"
    job.started_at = job.started_at or now
    job.attempts += 1
    job.lease_until = now + lease
    return job


def claim_next(session: Session, lease: timedelta, now: datetime | None = None) -> int | None:
    """Claim the oldest queued job, or a running one whose claim lapsed; return its id or None."""
    at = now or utcnow()
    claimable = or_(Job.status == "queued", and_(Job.status == "running", Job.lease_until < at))
    candidate = session.scalar(select(Job.id).where(claimable).order_by(Job.id).limit(1))
    if candidate is None:
        return None
    # The guarded update makes the claim exclusive: a competing process's update matches no row.
    claimed = session.execute(
        update(Job).where(Job.id == candidate, claimable).values(status="running", lease_until=at + lease)
    )
    return candidate if claimed.rowcount == 1 else None  # type: ignore[attr-defined]


def pending_items(session: Session, job_id: int) -> list[tuple[int, int, Any]]:
    """Return (item id, index, payload) of the job's items that have no outcome yet, in order."""
    rows = session.execute(
        select(JobItem.id, JobItem.index, JobItem.payload)
        .where(JobItem.job_id == job_id, JobItem.status.is_(None))
        .order_by(JobItem.index)
    )
    return [(r[0], r[1], r[2]) for r in rows]


@dataclass(frozen=True)
class ItemResult:
    """What became of one item: its HTTP-like status and the article, or a problem."""

    status: int
    article_id: int | None = None
    outcome: str | None = None
    problem: dict[str, Any] | None = None


def record_item(session: Session, item_id: int, result: ItemResult, lease: timedelta) -> bool:
    """Store an item's outcome unless one is already stored; extend the job's claim; return whether stored."""
    now = utcnow()
    stored = session.execute(
        update(JobItem)
        .where(JobItem.id == item_id, JobItem.status.is_(None))
        .values(
            status=result.status,
            article_id=result.article_id,
            outcome=result.outcome,
            problem=result.problem,
            finished_at=now,
        )
    )
    job_id = select(JobItem.job_id).where(JobItem.id == item_id).scalar_subquery()
    session.execute(update(Job).where(Job.id == job_id).values(lease_until=now + lease))
    return stored.rowcount == 1  # type: ignore[attr-defined,no-any-return]


def finish_job(session: Session, job_id: int) -> Job | None:
    """Mark a job done (some item succeeded) or failed; None when it was already finished."""
    job = session.get(Job, job_id, with_for_update=session.get_bind().dialect.name == "postgresql")
    if job is None or job.status in ("done", "failed"):
        return None
    statuses = list(session.scalars(select(JobItem.status).where(JobItem.job_id == job_id)))
    if any(s is None for s in statuses):
        return None
    job.status = "done" if any(s is not None and s < 400 for s in statuses) else "failed"
    job.finished_at = utcnow()
    job.lease_until = None
    return job


def fail_job(session: Session, job_id: int, error: str) -> None:
    """Mark an unfinished job failed with ``error`` (the runner could not go on)."""
    session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status.in_(("queued", "running")))
        .values(status="failed", error=error[:1000], finished_at=utcnow(), lease_until=None)
    )


def delete_finished_jobs(session: Session, before: datetime) -> int:
    """Delete jobs that finished before ``before`` (their items go with them); return how many."""
    ids = select(Job.id).where(Job.finished_at < before)
    session.execute(delete(JobItem).where(JobItem.job_id.in_(ids)))
    return session.execute(delete(Job).where(Job.finished_at < before)).rowcount  # type: ignore[attr-defined,no-any-return]


def count_jobs(session: Session, status: str) -> int:
    """Return how many jobs are in ``status``."""
    return session.scalar(select(func.count()).select_from(Job).where(Job.status == status)) or 0
