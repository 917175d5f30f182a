"""Shared pieces of the throughput benchmarks: texts, fresh databases, processes, memory readings.

Texts come from ../shared/data/polnear.dev.jsonl read at run time (never copied into the
repository), else from the seed articles.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from service.processes import stop_process

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/data/polnear.dev.jsonl")
QUOTES = str(Path(sys.executable).parent / "quotes")


def articles(n: int, tag: str, corpus: Path = CORPUS) -> list[dict[str, Any]]:
    """Return ``n`` article bodies in the /v1/articles shape, cycling the corpus under fresh ids."""
    if corpus.exists():
        with corpus.open(encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        base = [{"outlet": d.get("publisher") or "corpus", "text": d["text"]} for d in docs]
    else:
        seeds = sorted((ROOT / "seeds").glob("*.txt"))
        base = [{"outlet": f"outlet-{p.stem[:3]}", "text": p.read_bytes().decode("utf-8")} for p in seeds]
    return [base[i % len(base)] | {"external_id": f"{tag}-{i}"} for i in range(n)]


def words(bodies: list[dict[str, Any]]) -> int:
    """Return the number of whitespace-separated words of the bodies' texts."""
    return sum(len(b["text"].split()) for b in bodies)


def fresh_database(url: str | None) -> str:
    """Return an empty, migrated database: ``url``'s PostgreSQL schema reset, or a new SQLite file."""
    from service.store.migrate import upgrade

    if url is None:
        path = Path(tempfile.mkdtemp(prefix="quotes-bench-")) / "bench.sqlite3"
        url = f"sqlite:///{path}"
    else:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)
    return url


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def env_for(url: str, **extra: str) -> dict[str, str]:
    """Return the environment of a service process on database ``url``."""
    var = tempfile.mkdtemp(prefix="quotes-bench-var-")
    settings = {"QUOTES_DATABASE_URL": url, "QUOTES_VAR_DIR": var, "QUOTES_LOG_LEVEL": "WARNING"}
    return os.environ | settings | {"QUOTES_" + k: v for k, v in extra.items()}


def start(args: list[str], env: dict[str, str], stderr: Path | None = None) -> subprocess.Popen[bytes]:
    """Start a ``quotes`` command in the background, its errors to ``stderr`` when given."""
    sink = stderr.open("wb") if stderr is not None else subprocess.DEVNULL
    return subprocess.Popen([QUOTES, *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=sink)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started by ``start`` and wait for it."""
    stop_process(proc)


def children(pid: int) -> list[int]:
    """Return the pids of ``pid``'s child processes."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def memory_mib(pid: int) -> dict[str, float]:
    """Return a process's resident, private and shared memory in MiB (from smaps_rollup)."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    private = fields.get("Private_Clean", 0.0) + fields.get("Private_Dirty", 0.0)
    shared = fields.get("Shared_Clean", 0.0) + fields.get("Shared_Dirty", 0.0)
    return {"rss": fields.get("Rss", 0.0), "private": private, "shared": shared}


def percentile(values: list[float], q: float) -> float:
    """Return the ``q`` quantile (0..1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    """Return the median of ``values``."""
    return statistics.median(values)


def load_average() -> str:
    """Return the machine's 1-minute load average, to read ratios against."""
    return f"{os.getloadavg()[0]:.1f}"


def wait_until(predicate: Any, timeout: float, what: str, every: float = 0.2) -> None:
    """Poll ``predicate`` until it holds, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise SystemExit(f"timed out waiting for {what}")


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds a live process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_url() -> str | None:
    """Return the PostgreSQL URL benchmarks may reset (BENCH_DATABASE_URL, else TEST_DATABASE_URL)."""
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
