"""CPU-bound requests spread over the gunicorn workers instead of piling into one process."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import requests

from tests.live.conftest import LiveServer, serve
from tests.live.processes import worker_pids
from tests.live.test_bounded_work import _cpu_seconds

PARAGRAPH = (
    "“We will not raise the fare this year,” the transport minister told reporters on Tuesday. "
    "Union leaders said the promise came too late for drivers who had already lost shifts. "
    "“Nobody asked us,” said Maria Keller, who has driven the night bus for twelve years. "
    "The opposition called the announcement a stunt, and the council will vote on Friday. "
)
# A few seconds of analysis: long enough that a second request overlaps it.
SLOW = {"text": PARAGRAPH * 120}
QUICK = {"text": PARAGRAPH}


def _extract(http: requests.Session, server: LiveServer, body: dict[str, str]) -> requests.Response:
    response = http.post(server.url + "/v1/extract", json=body, headers=server.auth, timeout=120)
    assert response.status_code == 200, response.text[:300]
    return response


def test_two_keep_alive_clients_keep_both_workers_busy(tmp_path: Path) -> None:
    with serve(tmp_path, WORKERS="2", THREADS="2") as server:
        deadline = time.monotonic() + 60
        while len(workers := worker_pids(server.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)  # ready once the first worker answers; the second may still be starting
        assert len(workers) == 2
        before = {pid: _cpu_seconds(pid) for pid in workers}

        def client() -> None:
            with requests.Session() as http:
                for _ in range(6):
                    _extract(http, server, {"text": PARAGRAPH * 8})

        clients = [threading.Thread(target=client) for _ in range(2)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        used = [_cpu_seconds(pid) - before[pid] for pid in workers]
        # Pinned to one worker, a worker would do nearly all of it; spread, each does about half.
        assert min(used) > 0.3 * sum(used), used


def test_request_overlapping_another_in_the_same_worker_is_told_to_reconnect(live_server: LiveServer) -> None:
    with requests.Session() as slow_http, requests.Session() as other_http:
        # Both connections are opened while the (single) worker is idle, so it holds both.
        _extract(slow_http, live_server, QUICK)
        assert _extract(other_http, live_server, QUICK).headers.get("Connection") != "close"
        slow = threading.Thread(target=_extract, args=(slow_http, live_server, SLOW))
        slow.start()
        time.sleep(0.5)
        overlapping = _extract(other_http, live_server, QUICK)
        slow.join()
        # Kept alive, this client would stay on a busy worker; closed, it reconnects to a free one.
        assert overlapping.headers.get("Connection") == "close"
