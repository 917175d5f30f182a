"""A wall-clock and memory budget per article, checked inside the loops that do the work."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from service.errors import AnalysisBudgetError, AnalysisMemoryError, TextTooLongError

DEFAULT_BUDGET_SECONDS = 30.0
DEFAULT_MAX_CHARS = 1_000_000  # spaCy's own default max_length: longer texts are refused, not parsed
DEFAULT_MEMORY_MB = 1024.0
_MEMORY_EVERY = 0.01  # seconds between two readings of the resident set: a reading is a system call


@dataclass(slots=True)
class Limits:
    """The process's analysis limits: set once from the settings (``QUOTES_ANALYSIS_BUDGET_SECONDS``,
    ``QUOTES_MAX_TEXT_CHARS``, ``QUOTES_ANALYSIS_MEMORY_MB``) by whoever starts the service."""

    budget_seconds: float = DEFAULT_BUDGET_SECONDS
    max_chars: int = DEFAULT_MAX_CHARS
    memory_mb: float = DEFAULT_MEMORY_MB


LIMITS = Limits()


def set_limits(*, budget_seconds: float, max_chars: int, memory_mb: float = DEFAULT_MEMORY_MB) -> None:
    """Set the analysis limits every later ``analyse`` call applies by default."""
    LIMITS.budget_seconds, LIMITS.max_chars, LIMITS.memory_mb = budget_seconds, max_chars, memory_mb


def check_length(text: str, max_chars: int | None = None) -> None:
    """Raise ``TextTooLongError`` when ``text`` is over the limit (checked before any model runs)."""
    limit = LIMITS.max_chars if max_chars is None else max_chars
    if len(text) > limit:
        raise TextTooLongError(len(text), limit)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    """Return the process's resident set size from ``/proc/self/statm`` (None where there is none)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return None


@dataclass(slots=True)
class _Guard:
    """One analysis's limits: its deadline, and the resident set it started from and may add to."""

    ends: float  # monotonic deadline, inf when only memory is bounded
    seconds: float
    rss_start: int | None
    rss_allowed: int  # bytes the resident set may grow by; 0 when memory is not bounded
    megabytes: float
    next_reading: float = 0.0


_guard: ContextVar[_Guard | None] = ContextVar("analysis_guard", default=None)


@contextlib.contextmanager
def budget(seconds: float | None, memory_mb: float | None = None) -> Iterator[None]:
    """Run the block under a deadline ``seconds`` from now and a memory budget (``LIMITS.memory_mb``
    unless given); an enclosing guard still holds: its earlier deadline, its starting memory."""
    megabytes = LIMITS.memory_mb if memory_mb is None else memory_mb
    timed = seconds is not None and seconds > 0
    if not timed and megabytes <= 0:
        yield
        return
    outer = _guard.get()
    ends = time.monotonic() + seconds if timed and seconds is not None else float("inf")
    if outer is not None:
        # the outer guard measures from where the whole request began; only a sooner deadline is taken
        soonest = outer.seconds if outer.ends <= ends else seconds or 0.0
        guard = _Guard(min(outer.ends, ends), soonest, outer.rss_start, outer.rss_allowed, outer.megabytes)
    else:
        start = resident_bytes() if megabytes > 0 else None
        guard = _Guard(ends, seconds or 0.0, start, int(megabytes * 1024 * 1024) if start else 0, megabytes)
    token = _guard.set(guard)
    try:
        yield
    finally:
        _guard.reset(token)


def check_deadline() -> None:
    """Raise ``AnalysisBudgetError`` past the deadline, ``AnalysisMemoryError`` past the memory budget.

    Memory is the growth of the process's resident set since the analysis began (read at most
    every ``_MEMORY_EVERY`` s): what the kernel would have to find, whoever in the process asked
    for it (in a threaded worker, concurrent requests count towards each other's growth).
    """
    guard = _guard.get()
    if guard is None:
        return
    now = time.monotonic()
    if now > guard.ends:
        raise AnalysisBudgetError(guard.seconds)
    if guard.rss_allowed and guard.rss_start is not None and now >= guard.next_reading:
        guard.next_reading = now + _MEMORY_EVERY
        current = resident_bytes()
        if current is not None and current - guard.rss_start > guard.rss_allowed:
            raise AnalysisMemoryError(guard.megabytes)
