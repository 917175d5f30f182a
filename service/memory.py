"""Keeping the model's memory shared between forked processes."""

from __future__ import annotations

import gc


def freeze_heap() -> None:
    """Move everything allocated so far out of the collector's reach, before forking.

    The collector writes to every object it scans, which copies the model's pages into each
    child; frozen objects are never scanned, so the pages stay shared.
    """
    gc.collect()
    gc.freeze()
