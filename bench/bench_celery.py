"""Benchmark: Celery workers on PostgreSQL, articles/s with 2 worker processes against 1 (target >= 1.7x).

Each run starts ``quotes worker --concurrency N`` on an emptied database and Redis queue,
warms it with one job, then times N single-article async jobs from submission to done.
Usage: BENCH_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/bench_celery.py [--articles N]
"""

from __future__ import annotations

import argparse
import time

import redis
from sqlalchemy import func, select

from bench.throughput import (
    articles,
    children,
    cpu_seconds,
    database_url,
    env_for,
    fresh_database,
    load_average,
    start,
    stop,
    wait_until,
)
from service import create_app
from service.jobs.submit import submit
from service.store.jobs.models import Job

BROKER = "redis://127.0.0.1:6379/5"


def run(url: str, concurrency: int, n: int) -> tuple[float, float]:
    """Return (articles/s, articles per CPU-second of the pool) for ``concurrency`` worker processes."""
    redis.Redis.from_url(BROKER).flushdb()
    fresh_database(url)
    app = create_app({"DATABASE_URL": url, "LOAD_MODEL": False, "TESTING": True, "BROKER_URL": BROKER})
    db = app.extensions["quotes"].db

    def finished() -> int:
        with db.sessions() as session:
            failed = session.scalar(select(func.count()).select_from(Job).where(Job.status == "failed")) or 0
            if failed:
                raise SystemExit(f"{failed} job(s) failed: see the jobs table of {url}")
            return session.scalar(select(func.count()).select_from(Job).where(Job.status == "done")) or 0

    worker = start(["worker", "--concurrency", str(concurrency), "--no-beat"], env_for(url, BROKER_URL=BROKER))
    try:
        submit(app, "article", articles(1, f"warm-{concurrency}"), None)
        wait_until(lambda: finished() == 1, 300, "the warm-up job")
        pool = children(worker.pid)
        cpu = sum(cpu_seconds(p) for p in pool)
        begin = time.perf_counter()
        for body in articles(n, f"celery-{concurrency}"):
            submit(app, "article", [body], None)
        wait_until(lambda: finished() == n + 1, 3600, "the jobs", every=0.5)
        elapsed = time.perf_counter() - begin
        used = sum(cpu_seconds(p) for p in pool) - cpu
    finally:
        stop(worker)
        db.dispose()
    return n / elapsed, n / used


def main() -> None:
    """Run 1 then 2 worker processes over the same number of articles and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    url = database_url()
    if not url or not url.startswith("postgresql"):
        print("celery benchmark skipped: set BENCH_DATABASE_URL to a PostgreSQL database it may reset")
        return
    one, one_cpu = run(url, 1, args.articles)
    two, two_cpu = run(url, 2, args.articles)
    print(f"celery articles    {args.articles} per run, load average {load_average()}")
    print(f"1 worker process   {one:6.2f} articles/s ({one_cpu:.2f} per CPU-s)")
    print(f"2 worker processes {two:6.2f} articles/s ({two_cpu:.2f} per CPU-s)")
    print(f"celery ratio       {two / one:.2f}x (target >= 1.7x); CPU efficiency 2 vs 1: {two_cpu / one_cpu:.2f}")


if __name__ == "__main__":
    main()
