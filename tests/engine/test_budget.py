"""The analysis guard: a deadline and a bound on the resident memory one analysis adds."""

from __future__ import annotations

import pytest

from service.engine.budget import (
    AnalysisBudgetError,
    AnalysisMemoryError,
    budget,
    check_deadline,
    resident_bytes,
)

MIB = 1024 * 1024
needs_proc = pytest.mark.skipif(resident_bytes() is None, reason="no /proc/self/statm (not Linux)")


def _grow(mib: int) -> bytes:
    # every byte written: the pages are resident, not merely reserved
    return b"x" * (mib * MIB)


@needs_proc
def test_growth_past_the_memory_budget_stops_the_analysis() -> None:
    with budget(None, memory_mb=8), pytest.raises(AnalysisMemoryError) as raised:
        held = _grow(64)
        check_deadline()
    assert len(held) == 64 * MIB
    assert "8 MB" in str(raised.value)
    assert isinstance(raised.value, AnalysisBudgetError)  # every handler of the budget answers it too


@needs_proc
def test_growth_within_the_memory_budget_goes_on() -> None:
    with budget(None, memory_mb=1024):
        held = _grow(16)
        check_deadline()
    assert len(held) == 16 * MIB


@needs_proc
def test_an_inner_guard_measures_from_where_the_outer_began() -> None:
    with budget(30, memory_mb=8):
        held = _grow(64)
        # the component's own guard starts after the growth: it still counts towards the request's
        with budget(30, memory_mb=8), pytest.raises(AnalysisMemoryError):
            check_deadline()
    assert held


def test_memory_budget_zero_turns_the_check_off() -> None:
    with budget(None, memory_mb=0):
        held = _grow(32)
        check_deadline()
    assert held


def test_the_deadline_still_holds_beside_the_memory_budget() -> None:
    with budget(1e-9, memory_mb=1024), pytest.raises(AnalysisBudgetError) as raised:
        check_deadline()
    assert not isinstance(raised.value, AnalysisMemoryError)
