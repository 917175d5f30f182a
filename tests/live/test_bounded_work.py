"""Bounded work under the real gunicorn server: a request over its budget stops where it runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import requests

from tests.live.conftest import LiveServer, serve
from tests.live.processes import worker_pids

BUDGET = 2.0
# Far more work than the budget allows (tens of seconds), well under the length limit.
LONG = "She said “no” then " * 25_000


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _workers_cpu(server: LiveServer) -> float:
    return sum(_cpu_seconds(pid) for pid in worker_pids(server.process.pid))


def _stored(server: LiveServer) -> list[object]:
    items: list[object] = requests.get(server.url + "/v1/articles", headers=server.auth, timeout=30).json()["items"]
    return items


def test_over_budget_request_answers_422_and_stops_burning_cpu(tmp_path: Path) -> None:
    with serve(tmp_path, ANALYSIS_BUDGET_SECONDS=str(BUDGET), WORKERS="1", THREADS="2") as server:
        for path, body in (
            ("/v1/articles", {"outlet": "Budget Times", "external_id": "long", "text": LONG}),
            ("/v1/extract", {"text": LONG}),
        ):
            began = time.monotonic()
            response = requests.post(server.url + path, json=body, headers=server.auth, timeout=120)
            took = time.monotonic() - began
            assert response.status_code == 422, response.text[:300]
            assert response.headers["Content-Type"].startswith("application/problem+json")
            assert response.json()["type"].endswith("/analysis-budget-exceeded")
            # the deadline is checked inside the work: the answer comes soon after it (a loaded machine)
            assert took < BUDGET + 10, f"{path} answered after {took:.1f}s"
            # and the work is over: the worker is idle, not still parsing in its thread
            before = _workers_cpu(server)
            time.sleep(3)
            assert _workers_cpu(server) - before < 0.5
        assert _stored(server) == []
        # the worker still serves
        ok = {"outlet": "Budget Times", "external_id": "short", "text": "“We are ready,” the mayor said."}
        assert requests.post(server.url + "/v1/articles", json=ok, headers=server.auth, timeout=60).status_code == 201


def test_over_memory_budget_request_answers_422_with_nothing_stored(tmp_path: Path) -> None:
    with serve(tmp_path, ANALYSIS_MEMORY_MB="16", WORKERS="1") as server:
        # an unclosed quotation over a quarter of a million characters: a Doc and parses far over 16 MB
        text = "“" + "the mayor said it was fine and " * 8_000
        body = {"outlet": "Memory Post", "external_id": "big", "text": text}
        response = requests.post(server.url + "/v1/articles", json=body, headers=server.auth, timeout=120)
        assert response.status_code == 422, response.text[:300]
        assert response.json()["type"].endswith("/analysis-memory-exceeded")
        assert _stored(server) == []
        # the bound is on what one analysis adds, not on the worker's size: a short article passes
        ok = {"outlet": "Memory Post", "external_id": "small", "text": "“We are ready,” the mayor said."}
        assert requests.post(server.url + "/v1/articles", json=ok, headers=server.auth, timeout=60).status_code == 201
