"""What gunicorn itself answers (requests the app never sees) and chunked bodies, on the live server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import requests

from tests.live.conftest import LiveServer


def _raw(server: LiveServer, payload: bytes) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(payload)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def _post_chunked(server: LiveServer, path: str, body: Iterator[bytes]) -> requests.Response:
    """POST ``body`` with chunked transfer encoding (no Content-Length), as a streaming client does."""
    return requests.post(
        server.url + path, data=body, headers=server.auth | {"Content-Type": "application/json"}, timeout=60
    )


def test_unparseable_request_is_400_problem_json(live_server: LiveServer) -> None:
    status, headers, body = _raw(live_server, b"NOT A REQUEST LINE\r\n\r\n")
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["status"] == 400


def test_oversized_header_is_431_problem_json(live_server: LiveServer) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"
    status, headers, body = _raw(live_server, request)
    assert status == 431
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["title"] == "Request Header Fields Too Large"


def test_chunked_body_over_the_limit_is_413(live_server: LiveServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"outlet": "x", "text": "'
        for _ in range(300):
            yield b"a" * 10_000  # 3 MB in all, over the 2 MiB limit, with no Content-Length
        yield b'"}'

    response = _post_chunked(live_server, "/v1/articles", chunks())
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"


def test_chunked_body_under_the_limit_is_read(live_server: LiveServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "\xe2\x80\x9cWe are ready,\xe2\x80\x9d the coach said."}'

    response = _post_chunked(live_server, "/v1/extract", chunks())
    assert response.status_code == 200, response.text
