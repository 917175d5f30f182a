"""The gunicorn worker `quotes serve` runs: gthread that drains on recycling and answers errors as JSON."""

from __future__ import annotations

import contextlib
import json
import selectors
import time
from concurrent import futures
from functools import partial
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from service.api.problems import PROBLEM_BASE, PROBLEM_MIME

# After the last request, how long a stopping worker still waits for connections it has
# already accepted (or kept alive) to send a request, before it lets them go.
LINGER_SECONDS = 1.0


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """Write gunicorn's own error answers (bad request line, 431 headers...) as problem+json."""
    body = json.dumps(
        {"type": PROBLEM_BASE + str(status_int), "title": reason, "status": status_int, "detail": mesg or reason},
        ensure_ascii=False,
    ).encode("utf-8")
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: {PROBLEM_MIME}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn writes its error pages (requests it cannot parse never reach the app) through this
# one function and offers no hook for them; replacing it keeps every error problem+json.
util.write_error = write_problem


class GracefulThreadWorker(ThreadWorker):  # type: ignore[misc]
    """A gthread worker that, when recycled (max_requests) or stopped, first serves what it holds.

    The stock worker closes connections it has accepted but not yet read, and idle keep-alive
    connections a client may be writing to, as soon as it stops: those clients see a reset and
    cannot tell whether a POST landed. This one stops accepting, then keeps serving until no
    request is in flight or arriving for ``LINGER_SECONDS`` (bounded by graceful_timeout).
    """

    def run(self) -> None:
        """Serve until told to stop, then drain; the stock loop with the drain before the close."""
        for sock in self.sockets:
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, partial(self.accept, sock.getsockname()))
        while self.alive:
            self.notify()
            if self.nr_conns < self.worker_connections:
                for key, _ in self.poller.select(1.0):
                    key.data(key.fileobj)
                result = futures.wait(self.futures, timeout=0, return_when=futures.FIRST_COMPLETED)
            else:
                result = futures.wait(self.futures, timeout=1.0, return_when=futures.FIRST_COMPLETED)
            for fut in result.done:
                self.futures.remove(fut)
            if not self.is_parent_alive():
                break
            self.murder_keepalived()
        self._drain()
        with self._lock:
            self._closed = True
        self.tpool.shutdown(False)
        self.poller.close()
        for sock in self.sockets:
            sock.close()

    def finish_request(self, fs: futures.Future[Any]) -> None:
        """Keep a connection whose response promised keep-alive even though the worker is stopping.

        The stock worker closes it, and the client, told it may reuse the connection, sends its
        next request into a closed socket (a reset). Kept, the drain serves that request too.
        """
        if self.alive or self._closed or fs.cancelled() or fs.exception() is not None:
            super().finish_request(fs)
            return
        keepalive, conn = fs.result()
        if not keepalive:
            super().finish_request(fs)
            return
        conn.sock.setblocking(False)
        conn.set_timeout()
        with self._lock:
            self._keep.append(conn)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn))

    _closed = False

    def _drain(self) -> None:
        for sock in self.sockets:
            with contextlib.suppress(KeyError, ValueError):
                self.poller.unregister(sock)  # other workers accept from now on
        now = time.monotonic()
        deadline, quiet_until = now + self.cfg.graceful_timeout, now + LINGER_SECONDS
        while time.monotonic() < deadline:
            self.notify()
            events = self.poller.select(0.05)
            for key, _ in events:
                key.data(key.fileobj)
            done, _ = futures.wait(self.futures, timeout=0.05, return_when=futures.FIRST_COMPLETED)
            for fut in done:
                self.futures.remove(fut)
            if events or self.futures:
                quiet_until = time.monotonic() + LINGER_SECONDS
            elif time.monotonic() >= quiet_until:
                return
