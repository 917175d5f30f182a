"""Transient database conflicts (deadlocks, serialisation failures, a locked SQLite file), retried."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError

from service.errors import StoreBusyError

T = TypeVar("T")

# PostgreSQL SQLSTATEs that mean "nothing wrong with the request; run it again".
TRANSIENT_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected
ATTEMPTS = 4
BASE_DELAY = 0.05


def is_transient(error: BaseException) -> bool:
    """Return whether ``error`` is a conflict that running the same transaction again may clear."""
    if not isinstance(error, DBAPIError) or isinstance(error, IntegrityError):
        return False
    orig = error.orig
    if getattr(orig, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    return "database is locked" in str(orig)


def with_retries(work: Callable[[], T], *, retry_integrity: bool = False) -> T:
    """Run ``work`` (one whole transaction), again after a jittered back-off while it conflicts.

    ``retry_integrity`` also retries unique-key races (another process inserted the same row).
    After the last attempt a transient conflict raises ``StoreBusyError``.
    """
    for attempt in range(ATTEMPTS):
        try:
            return work()
        except DBAPIError as err:
            last = attempt == ATTEMPTS - 1
            if isinstance(err, IntegrityError) and retry_integrity and not last:
                continue
            if not is_transient(err):
                raise
            if last:
                raise StoreBusyError(str(err.orig)) from err
            # Full jitter: competing transactions must not collide again in lockstep.
            time.sleep(random.uniform(0, BASE_DELAY * 2**attempt))
    raise AssertionError("unreachable")
