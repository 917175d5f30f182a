"""A worker killed mid-job: the job still completes once and nothing is stored twice.

Real processes on the real backends: ``quotes worker`` on Celery with this machine's Redis
(database 5), and without a broker on the embedded pool.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from service import create_app
from service.processes import stop_process
from service.store.access.keys import create_key
from service.store.articles.models import Article, Quote
from service.store.db import Database
from service.store.jobs.models import Job, JobItem
from service.store.outbox.models import OutboxEvent

pytestmark = [pytest.mark.slow, pytest.mark.store]

ROOT = Path(__file__).resolve().parents[2]
QUOTES = str(Path(sys.executable).parent / "quotes")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
ITEMS = 8


def _articles(seed_texts: dict[str, str]) -> list[dict[str, str]]:
    texts = list(seed_texts.values())
    return [
        {"outlet": f"outlet-{i % 3}", "external_id": f"crash-{i}", "text": texts[i % len(texts)]} for i in range(ITEMS)
    ]


def _submit(app: Flask, articles: list[dict[str, str]]) -> int:
    with app.extensions["quotes"].db.transaction() as session:
        _, token = create_key(session, "crash", ["read", "write"])
    headers = {"Authorization": f"Bearer {token}", "Prefer": "respond-async"}
    response = app.test_client().post("/v1/articles:batch", json={"articles": articles}, headers=headers)
    assert response.status_code == 202, response.get_json()
    job_id: int = response.get_json()["id"]
    return job_id


def _worker(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [QUOTES, "worker", *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _recorded(db: Database, job_id: int) -> int:
    with db.sessions() as session:
        query = select(func.count()).select_from(JobItem).where(JobItem.job_id == job_id, JobItem.status.is_not(None))
        return session.scalar(query) or 0


def _status(db: Database, job_id: int) -> str | None:
    with db.sessions() as session:
        return session.scalar(select(Job.status).where(Job.id == job_id))


def _wait(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _assert_completed_once(db: Database, job_id: int) -> None:
    with db.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status == "done"
        items = session.scalars(select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.index)).all()
        assert len(items) == ITEMS and all(i.status in (200, 201) for i in items)
        assert len({i.article_id for i in items}) == ITEMS
        assert session.scalar(select(func.count()).select_from(Article)) == ITEMS
        # No quote stored twice: one row per (article, start, end, kind).
        keys = session.execute(select(Quote.article_id, Quote.start, Quote.end, Quote.kind)).all()
        assert keys and len(keys) == len(set(keys))
        events = session.scalars(select(OutboxEvent).where(OutboxEvent.type == "job.completed")).all()
        assert [e.payload["job_id"] for e in events] == [job_id]


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a worker on the test database."""
    return os.environ | {
        "QUOTES_DATABASE_URL": database_url,
        "QUOTES_VAR_DIR": str(tmp_path),
        "QUOTES_LOG_LEVEL": "WARNING",
        "QUOTES_WEBHOOK_WORKER": "0",
    }


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Workers started by a test, stopped (by pid) when it ends."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        stop_process(proc, timeout=20)


def test_celery_job_survives_a_killed_worker_process(
    env: dict[str, str], database_url: str, seed_texts: dict[str, str], processes: list[subprocess.Popen[bytes]]
) -> None:
    redis.Redis.from_url(REDIS_URL).flushdb()
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False, "BROKER_URL": REDIS_URL})
    db = app.extensions["quotes"].db
    try:
        job_id = _submit(app, _articles(seed_texts))
        master = _worker(env | {"QUOTES_BROKER_URL": REDIS_URL}, "--concurrency", "1", "--no-beat")
        processes.append(master)
        _wait(lambda: _recorded(db, job_id) >= 2, 180, "the first items")
        [child] = _children(master.pid)
        os.kill(child, signal.SIGKILL)  # the pool process running the task, as the OOM killer would
        assert _recorded(db, job_id) < ITEMS, "the job finished before the kill; make it longer"
        _wait(lambda: _status(db, job_id) == "done", 240, "the job")
        _assert_completed_once(db, job_id)
    finally:
        db.dispose()


def test_embedded_job_survives_a_killed_worker(
    env: dict[str, str], database_url: str, seed_texts: dict[str, str], processes: list[subprocess.Popen[bytes]]
) -> None:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False})
    db = app.extensions["quotes"].db
    pool_env = env | {"QUOTES_JOB_LEASE_SECONDS": "3"}
    try:
        job_id = _submit(app, _articles(seed_texts))
        first = _worker(pool_env)
        processes.append(first)
        _wait(lambda: _recorded(db, job_id) >= 2, 180, "the first items")
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert _recorded(db, job_id) < ITEMS, "the job finished before the kill; make it longer"
        # Another process claims the job once the dead one's lease lapses and finishes it.
        processes.append(_worker(pool_env))
        _wait(lambda: _status(db, job_id) == "done", 240, "the job")
        _assert_completed_once(db, job_id)
    finally:
        db.dispose()
