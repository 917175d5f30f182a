"""A wall-clock budget per article, checked inside the loops that do the work."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

DEFAULT_BUDGET_SECONDS = 30.0


class AnalysisBudgetError(RuntimeError):
    """The analysis of one article ran past its wall-clock budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"analysis took longer than its budget of {seconds:g} s")
        self.seconds = seconds


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
