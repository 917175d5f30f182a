"""SIGKILL a worker mid-batch: every acknowledged item is stored, every stored article is whole."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.databases import empty_postgres
from tests.live.conftest import LIVE_BACKENDS, LiveServer, serve
from tests.live.processes import worker_pids

BATCHES_PER_CLIENT = 6
BATCH_SIZE = 4


def _client(server: LiveServer, n: int, acked: list[str], lock: threading.Lock) -> None:
    for b in range(BATCHES_PER_CLIENT):
        items = []
        for i in range(BATCH_SIZE):
            key = f"c{n}-b{b}-i{i}"
            text = f"“Plan {key} is ready,” Mayor Ana Ruiz said. “We start on Monday,” she added of {key}."
            items.append({"outlet": "Crash Courier", "external_id": key, "text": text})
        try:
            response = requests.post(
                server.url + "/v1/articles:batch", json={"articles": items}, headers=server.auth, timeout=120
            )
        except requests.ConnectionError:
            continue  # killed mid-batch: nothing acknowledged, whatever was stored must be whole
        assert response.status_code == 200, response.text[:300]
        with lock:
            acked.extend(r["article"]["external_id"] for r in response.json()["results"] if r["status"] in (200, 201))


def _all_articles(server: LiveServer) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = requests.get(server.url + "/v1/articles", params=params, headers=server.auth, timeout=30).json()
        out.extend(page["items"])
        if not page["next_cursor"]:
            return out
        params["cursor"] = page["next_cursor"]


@pytest.mark.parametrize("backend", LIVE_BACKENDS)
def test_sigkill_mid_batch_loses_no_acknowledged_item(backend: str, tmp_path: Path, migrated: dict[str, str]) -> None:
    url = migrated.get("postgresql") if backend == "postgresql" else None
    if url:
        empty_postgres(url)
    with serve(tmp_path, url, WORKERS="1", THREADS="3") as server:
        acked: list[str] = []
        lock = threading.Lock()
        clients = [threading.Thread(target=_client, args=(server, n, acked, lock)) for n in range(3)]
        for t in clients:
            t.start()
        kills = 0
        for _ in range(2):
            time.sleep(4)
            for pid in worker_pids(server.process.pid):
                os.kill(pid, signal.SIGKILL)
                kills += 1
        for t in clients:
            t.join(timeout=600)
        stored = _all_articles(server)
        by_key = {a["external_id"]: a for a in stored}
        assert set(acked) <= set(by_key), set(acked) - set(by_key)
        for summary in stored:
            article = requests.get(f"{server.url}/v1/articles/{summary['id']}", headers=server.auth, timeout=30).json()
            found = requests.post(
                server.url + "/v1/extract", json={"text": article["text"]}, headers=server.auth, timeout=60
            ).json()
            assert len(article["quotes"]) == len(found["quotes"]) > 0, article["external_id"]
            for quote in article["quotes"]:
                assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    print(f"\ncrash[{backend}]: {kills} SIGKILLs, {len(acked)} acknowledged, {len(stored)} stored, all whole")
    assert kills >= 2
    assert len(stored) >= len(acked) > 0
