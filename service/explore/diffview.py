"""A variant's word diff as runs to print: unchanged text, inserted words, missing words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

Run = tuple[Literal["same", "ins", "del"], str]


def diff_runs(canonical: str, variant: str, ops: Sequence[Mapping[str, Any]], base: int = 0) -> list[Run]:
    """Return the variant as runs: equal text, ``ins`` for its added words, ``del`` for missing ones.

    ``ops`` are equal/insert/delete/replace runs with character offsets into both texts;
    ``base`` is where the compared stretch starts in ``canonical`` (a fragment's covered part).
    A replaced word is shown as the missing word followed by the inserted one.
    """
    runs: list[Run] = []
    at = 0
    for op in ops:
        vs, ve = int(op["variant_start"]), int(op["variant_end"])
        cs, ce = base + int(op["canonical_start"]), base + int(op["canonical_end"])
        if vs > at:
            runs.append(("same", variant[at:vs]))
        kind = op["op"]
        if kind == "delete":
            # A missing word sits between two spaces: before it at the very end, else after it.
            at_end = vs >= len(variant.rstrip())
            runs.extend(
                [("same", " "), ("del", canonical[cs:ce])] if at_end else [("del", canonical[cs:ce]), ("same", " ")]
            )
        if kind == "replace":
            runs.append(("del", canonical[cs:ce]))
        if kind in ("insert", "replace"):
            runs.append(("ins", variant[vs:ve]))
        if kind == "equal":
            runs.append(("same", variant[vs:ve]))
        at = max(at, ve)
    if at < len(variant):
        runs.append(("same", variant[at:]))
    return _tidy(runs)


def _tidy(runs: list[Run]) -> list[Run]:
    # Adjacent runs of the same kind print as one element; empty runs print nothing.
    out: list[Run] = []
    for kind, text in runs:
        if not text:
            continue
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))
    return out


def changed(runs: Sequence[Run]) -> bool:
    """Return whether any word differs."""
    return any(kind != "same" for kind, _ in runs)
