"""A real gunicorn server on loopback, over a migrated SQLite file, for end-to-end tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class LiveServer:
    """A running server: its base URL and an admin key's headers."""

    url: str
    auth: dict[str, str]
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the app with gunicorn exactly as `quotes serve` does, and stop it afterwards."""
    var = tmp_path_factory.mktemp("live")
    port = _free_port()
    env = os.environ | {
        "QUOTES_VAR_DIR": str(var),
        "QUOTES_DATABASE_URL": f"sqlite:///{var / 'quotes.sqlite3'}",
        "QUOTES_PORT": str(port),
        "QUOTES_WORKERS": "1",
        "QUOTES_LOG_LEVEL": "WARNING",
        "QUOTES_RATE_LIMIT_PER_MINUTE": "100000",
        # The fuzzer sends invalid keys on purpose; it must keep getting 401, not the throttle's 429.
        "QUOTES_AUTH_FAILURE_LIMIT": "100000 per minute",
        # Fuzzed webhooks must never be delivered anywhere.
        "QUOTES_WEBHOOK_WORKER": "0",
    }
    quotes = str(BIN / "quotes")
    subprocess.run([quotes, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    created = subprocess.run(
        [quotes, "keys", "create", "--scope", "admin", "--name", "live tests"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"(qk_\S+)", created.stdout)
    assert match, created.stdout
    server = subprocess.Popen(
        [quotes, "serve", "--no-migrate"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                err = server.stderr.read().decode() if server.stderr else ""
                pytest.fail(f"gunicorn did not become ready:\n{err[-3000:]}")
            time.sleep(0.3)
        yield LiveServer(url=url, auth={"Authorization": f"Bearer {match.group(1)}"}, env=env)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
