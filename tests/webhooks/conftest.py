"""A real HTTP receiver on 127.0.0.1 for delivery tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A local webhook endpoint answering ``status`` and recording what it got."""

    url: str
    status: int = 200
    delay: float = 0.0  # seconds before answering: a slow receiver
    received: list[Received] = field(default_factory=list)
    got_one: threading.Event = field(default_factory=threading.Event)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            time.sleep(receiver.delay)
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            receiver.got_one.set()
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP server on 127.0.0.1 in a thread; set ``.status`` to choose its answer."""
    yield from _serve()


@pytest.fixture
def other_receiver() -> Iterator[Receiver]:
    """A second, independent receiver."""
    yield from _serve()


def _serve() -> Iterator[Receiver]:
    rec = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(rec))
    rec.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
