"""Word-level diff of a variant against its family's canonical text, for a UI to render.

Every run carries its words and each word's character offsets in both texts, so a UI highlights
without tokenising again.  A fragment or a paraphrase is diffed against the stretch of the
canonical it covers, not against the whole canonical.
"""

from __future__ import annotations

from typing import Literal, TypedDict, cast

from rapidfuzz.distance import Indel

from service.engine.families.normalize import Token, tokenize

DiffTag = Literal["equal", "insert", "delete", "replace"]


class DiffOp(TypedDict):
    """One run of words: ``canonical``/``variant`` hold the surface words of each side."""

    op: DiffTag
    canonical: list[str]
    variant: list[str]
    canonical_tokens: list[list[int]]  # [start, end] of each canonical word
    variant_tokens: list[list[int]]
    canonical_start: int
    canonical_end: int
    variant_start: int
    variant_end: int


def _words(text: str, toks: list[Token], i: int, j: int) -> list[str]:
    return [text[t.start : t.end] for t in toks[i:j]]


def _span(toks: list[Token], i: int, j: int, fallback: int) -> tuple[int, int]:
    # Character range of tokens [i, j); an empty run is anchored where it would be inserted.
    if i < j:
        return toks[i].start, toks[j - 1].end
    return fallback, fallback


def _offsets(toks: list[Token], i: int, j: int) -> list[list[int]]:
    return [[t.start, t.end] for t in toks[i:j]]


def word_diff(canonical: str, variant: str, covers: tuple[int, int] | None = None) -> list[DiffOp]:
    """Return equal/insert/delete/replace runs turning ``canonical`` (or its ``covers`` stretch) into ``variant``."""
    lo, hi = covers if covers is not None else (0, len(canonical))
    a = [t for t in tokenize(canonical) if t.start >= lo and t.end <= hi]
    b = tokenize(variant)
    # LCS alignment (Indel) keeps the longest shared runs; adjacent delete+insert become replace.
    raw = Indel.opcodes([t.norm for t in a], [t.norm for t in b])
    merged: list[tuple[str, int, int, int, int]] = []
    for op in raw:
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if merged and tag in ("insert", "delete") and merged[-1][0] in ("insert", "delete", "replace"):
            ptag, pi1, _, pj1, _ = merged[-1]
            merged[-1] = ("replace" if ptag != tag else ptag, pi1, i2, pj1, j2)
            continue
        merged.append((tag, i1, i2, j1, j2))
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in merged:
        a_at = a[i1].start if i1 < len(a) else (a[-1].end if a else lo)
        b_at = b[j1].start if j1 < len(b) else len(variant)
        cs, ce = _span(a, i1, i2, a_at)
        vs, ve = _span(b, j1, j2, b_at)
        ops.append(
            DiffOp(
                op=cast(DiffTag, tag),
                canonical=_words(canonical, a, i1, i2),
                variant=_words(variant, b, j1, j2),
                canonical_tokens=_offsets(a, i1, i2),
                variant_tokens=_offsets(b, j1, j2),
                canonical_start=cs,
                canonical_end=ce,
                variant_start=vs,
                variant_end=ve,
            )
        )
    return ops
