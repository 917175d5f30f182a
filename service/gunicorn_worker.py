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
# A busy worker leaves new connections to idle ones, but not forever: after this long on one
# request it accepts again, so a probe is not stuck behind a 30 s batch on every worker.
BUSY_ACCEPT_SECONDS = 1.0


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

    It also spreads work over the workers. Analysis is CPU-bound and holds the GIL, so two
    requests in one process run no faster than one after the other, and cost more CPU (the
    same 120 articles: 31 CPU-s in one worker against 25 over two), while the other idles. The
    stock worker accepts whatever connection comes while it is busy, and keep-alive then pins
    a client to it: two clients often ended up on one worker for the whole run. So a worker
    listens only while it runs no request (or has run one for ``BUSY_ACCEPT_SECONDS``), and a
    request that starts while another runs in the same worker is answered ``Connection:
    close``, so that client's next request goes to whichever worker is free.
    """

    _running = 0  # requests being handled now, counted under self._lock
    _busy_since = 0.0
    _listening = False
    _may_listen = True  # False once draining: the other workers accept from then on

    def run(self) -> None:
        """Serve until told to stop, then drain; the stock loop with the drain before the close."""
        self._acceptors = {}
        for sock in self.sockets:
            sock.setblocking(False)
            self._acceptors[sock] = partial(self.accept, sock.getsockname())
        with self._lock:
            self._listen(True)
        while self.alive:
            self.notify()
            self._listen_if_stuck()
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

    def _finish(self, fs: futures.Future[Any]) -> None:
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

    @property
    def max_keepalived(self) -> int:
        """How many idle connections may be kept; none while another request runs here (see the class)."""
        return 0 if self._running > 1 else self._max_keepalived

    @max_keepalived.setter
    def max_keepalived(self, value: int) -> None:
        self._max_keepalived = value

    def enqueue_req(self, conn: Any) -> None:
        """Hand a readable connection to a thread, and stop listening while it runs."""
        with self._lock:
            self._running += 1
            if self._running == 1:
                self._busy_since = time.monotonic()
            self._listen(False)
        super().enqueue_req(conn)

    def finish_request(self, fs: futures.Future[Any]) -> None:
        """Listen again once no request runs, then keep or close the connection as the stock worker."""
        with self._lock:
            self._running -= 1
            if self._running == 0:
                # Registering from this thread wakes the main loop's select at once.
                self._listen(True)
        self._finish(fs)

    def _listen_if_stuck(self) -> None:
        with self._lock:
            if self._running and time.monotonic() - self._busy_since >= BUSY_ACCEPT_SECONDS:
                self._listen(True)

    def _listen(self, on: bool) -> None:
        # Called with self._lock held; the listening sockets are in the poller only while on.
        on = on and self._may_listen
        if on == self._listening:
            return
        for sock, acceptor in self._acceptors.items():
            if on:
                self.poller.register(sock, selectors.EVENT_READ, acceptor)
            else:
                with contextlib.suppress(KeyError, ValueError):
                    self.poller.unregister(sock)
        self._listening = on

    def _drain(self) -> None:
        with self._lock:
            self._listen(False)
            self._may_listen = False  # other workers accept from now on
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
