"""A wall-clock budget per article, checked inside the loops that do the work."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from service.errors import AnalysisBudgetError, TextTooLongError

DEFAULT_BUDGET_SECONDS = 30.0
DEFAULT_MAX_CHARS = 1_000_000  # spaCy's own default max_length: longer texts are refused, not parsed


@dataclass(slots=True)
class Limits:
    """The process's analysis limits: set once from the settings (``QUOTES_ANALYSIS_BUDGET_SECONDS``,
    ``QUOTES_MAX_TEXT_CHARS``) by whoever starts the service."""

    budget_seconds: float = DEFAULT_BUDGET_SECONDS
    max_chars: int = DEFAULT_MAX_CHARS


LIMITS = Limits()


def set_limits(*, budget_seconds: float, max_chars: int) -> None:
    """Set the analysis limits every later ``analyse`` call applies by default."""
    LIMITS.budget_seconds, LIMITS.max_chars = budget_seconds, max_chars


def check_length(text: str, max_chars: int | None = None) -> None:
    """Raise ``TextTooLongError`` when ``text`` is over the limit (checked before any model runs)."""
    limit = LIMITS.max_chars if max_chars is None else max_chars
    if len(text) > limit:
        raise TextTooLongError(len(text), limit)


_deadline: ContextVar[tuple[float, float] | None] = ContextVar("analysis_deadline", default=None)


@contextlib.contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the block under a deadline ``seconds`` from now; an enclosing, earlier deadline still holds."""
    if seconds is None or seconds <= 0:
        yield
        return
    ends = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(outer if outer is not None and outer[0] <= ends else (ends, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_deadline() -> None:
    """Raise ``AnalysisBudgetError`` when the running analysis is past its deadline."""
    current = _deadline.get()
    if current is not None and time.monotonic() > current[0]:
        raise AnalysisBudgetError(current[1])
