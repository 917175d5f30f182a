"""Workers recycled every few requests drop none: a client counting resets sees none."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import requests

from tests.live.conftest import serve

CLIENTS = 4
REQUESTS_EACH = 60


def _client(url: str, auth: dict[str, str], n: int, tally: Counter[str], lock: threading.Lock) -> None:
    session = requests.Session()  # keep-alive: the connections a recycled worker holds
    session.headers.update(auth)
    for i in range(n):
        try:
            if i % 3 == 0:
                text = f"“Item {i},” she said."
                body = {"outlet": "Recycle Post", "external_id": f"{threading.get_ident()}-{i}", "text": text}
                response = session.post(url + "/v1/articles", json=body, timeout=60)
            elif i % 3 == 1:
                response = session.post(url + "/v1/extract", json={"text": "“Fine,” he said."}, timeout=60)
            else:
                response = session.get(url + "/v1/articles?limit=5", timeout=60)
            outcome = "5xx" if response.status_code >= 500 else "ok"
        except requests.ConnectionError as err:
            outcome = "reset"
            print("reset:", time.strftime("%H:%M:%S"), i, repr(err)[:120])
        with lock:
            tally[outcome] += 1


def test_recycling_workers_drop_no_request(tmp_path: Path) -> None:
    with serve(
        tmp_path, WORKERS="2", THREADS="2", MAX_REQUESTS="10", MAX_REQUESTS_JITTER="3", LOG_LEVEL="INFO"
    ) as server:
        tally: Counter[str] = Counter()
        lock = threading.Lock()
        threads = [
            threading.Thread(target=_client, args=(server.url, server.auth, REQUESTS_EACH, tally, lock))
            for _ in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        log = next(tmp_path.glob("gunicorn-*.log")).read_text()
    recycled = log.count("Autorestarting worker")
    print(f"recycling: {sum(tally.values())} requests, {recycled} recycles, {dict(tally)}")
    assert recycled >= 10, log[-2000:]
    assert tally["ok"] == CLIENTS * REQUESTS_EACH, dict(tally)
