"""Real gunicorn servers on loopback, over a migrated database, for end-to-end tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from service.processes import stop_process
from tests.databases import empty_postgres

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("TEST_DATABASE_URL")


@dataclass
class LiveServer:
    """A running server: its base URL, an admin key's headers, its settings and its process."""

    url: str
    auth: dict[str, str]
    env: dict[str, str]
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "quotes"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def create_token(server: LiveServer, *scopes: str) -> str:
    """Create a key with these scopes on the server's database and return its token."""
    args = [a for s in scopes for a in ("--scope", s)]
    match = re.search(r"(qk_\S+)", _cli(server.env, "keys", "create", *args, "--name", "live tests"))
    assert match, "quotes keys create printed no key"
    return match.group(1)


@contextmanager
def serve(var: Path, database_url: str | None = None, **settings: str) -> Iterator[LiveServer]:
    """Serve the app with gunicorn exactly as `quotes serve` does, with QUOTES_ ``settings``."""
    port = _free_port()
    env = os.environ | {
        "QUOTES_VAR_DIR": str(var),
        "QUOTES_DATABASE_URL": database_url or f"sqlite:///{var / 'quotes.sqlite3'}",
        "QUOTES_PORT": str(port),
        "QUOTES_WORKERS": "1",
        "QUOTES_LOG_LEVEL": "WARNING",
        "QUOTES_RATE_LIMIT_PER_MINUTE": "100000",
        # The fuzzer sends invalid keys on purpose; it must keep getting 401, not the throttle's 429.
        "QUOTES_AUTH_FAILURE_LIMIT": "100000 per minute",
        # Fuzzed webhooks must never be delivered anywhere.
        "QUOTES_WEBHOOK_WORKER": "0",
    }
    env |= {f"QUOTES_{k}": v for k, v in settings.items()}
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
    log = (var / f"gunicorn-{port}.log").open("wb")
    server = subprocess.Popen([quotes, "serve", "--no-migrate"], env=env, cwd=ROOT, stdout=log, stderr=log)
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
                pytest.fail(f"gunicorn did not become ready:\n{(var / log.name).read_text()[-3000:]}")
            time.sleep(0.3)
        yield LiveServer(url=url, auth={"Authorization": f"Bearer {match.group(1)}"}, env=env, process=server)
    finally:
        stop_process(server)
        log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server over SQLite for the whole session."""
    with serve(tmp_path_factory.mktemp("live")) as server:
        yield server


LIVE_BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session", params=LIVE_BACKENDS)
def live_backend_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, migrated: dict[str, str]
) -> Iterator[LiveServer]:
    """A server on each backend (PostgreSQL: the migrated test database, emptied first)."""
    var = tmp_path_factory.mktemp(f"live-{request.param}")
    url = None
    if request.param == "postgresql":
        url = migrated["postgresql"]
        empty_postgres(url)
    with serve(var, url, WORKERS="2") as server:
        yield server
