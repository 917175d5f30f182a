"""Word alignment of two prepared quotes: the shorter text placed in its best window of the longer.

Comparison keys are mapped to one character each so rapidfuzz's C implementations align words
rather than letters (``partial_ratio_alignment`` finds the window, ``Indel.opcodes`` trims it to
the matched words).  ``match.verify`` judges what an alignment shows; these are the measures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from service.engine.families.prepared import Prepared

COPY = 0.9


def encode(a: list[str], b: list[str]) -> tuple[str, str]:
    """Return both key lists as strings of one private-use character per distinct word."""
    # rapidfuzz then aligns words, in C, rather than letters.
    vocab: dict[str, str] = {}
    for k in a + b:
        if k not in vocab:
            vocab[k] = chr(0xE000 + len(vocab))
    return "".join(vocab[k] for k in a), "".join(vocab[k] for k in b)


def char_range(p: Prepared, k0: int, k1: int) -> tuple[int, int]:
    """Return the character range of ``p`` that keys ``k0``..``k1`` cover."""
    if k1 <= k0:
        return (0, 0)
    return p.tokens[p.owners[k0]].start, p.tokens[p.owners[k1 - 1]].end


@dataclass(slots=True)
class Alignment:
    """The shorter text aligned into its best window of the longer one, in comparison keys."""

    matched: int  # keys of the short side matched inside the window
    l0: int  # aligned region of the long side, in keys
    l1: int
    s0: int
    s1: int
    equal_s: list[bool]  # per short key: matched
    equal_l: dict[int, int]  # long key index -> short key index
    longest_run: int
    bag: Counter[str]  # short keys also present (as a multiset) in the widened window


def _bag(s: str, window: str) -> Counter[str]:
    """Return the encoded words of ``s`` also present in ``window``, as a multiset."""
    # Word-order-free overlap: outlets reorder clauses ("by the end of the year" first or last).
    return Counter(s) & Counter(window)


def align(s: str, lng: str) -> Alignment:
    """Align encoded ``s`` into its best window of the longer encoded ``lng``."""
    n, m = len(s), len(lng)
    if n < m:
        hit = fuzz.partial_ratio_alignment(s, lng)
        slack = max(2, n // 3)
        if hit is None:
            w0, w1 = 0, m
        else:
            w0, w1 = max(0, hit.dest_start - slack), min(m, hit.dest_end + slack)
    else:
        w0, w1 = 0, m
    equal_s = [False] * n
    equal_l: dict[int, int] = {}
    first_l, last_l, first_s, last_s, longest = -1, -1, -1, -1, 0
    for op in Indel.opcodes(s, lng[w0:w1]):
        if op.tag != "equal":
            continue
        longest = max(longest, op.src_end - op.src_start)
        for d in range(op.src_end - op.src_start):
            equal_s[op.src_start + d] = True
            equal_l[w0 + op.dest_start + d] = op.src_start + d
        if first_l < 0:
            first_l, first_s = w0 + op.dest_start, op.src_start
        last_l, last_s = w0 + op.dest_end, op.src_end
    matched = sum(equal_s)
    if matched == 0:
        return Alignment(0, 0, 0, 0, 0, equal_s, equal_l, 0, Counter())
    bag = _bag(s, lng[w0:w1])
    return Alignment(matched, first_l, last_l, first_s, last_s, equal_s, equal_l, longest, bag)


def overlap(a: Prepared, b: Prepared) -> float:
    """Return the share of the shorter quote's distinct comparison keys found in the other."""
    sa, sb = set(a.keys), set(b.keys)
    small = min(len(sa), len(sb))
    return len(sa & sb) / small if small else 0.0


def locate(canonical: Prepared, part: Prepared) -> tuple[int, int] | None:
    """Return the character range of ``canonical`` that ``part`` best aligns to, without thresholds."""
    if not part.keys or len(part.keys) > len(canonical.keys):
        return None
    s, lng = encode(part.keys, canonical.keys)
    al = align(s, lng)
    return char_range(canonical, al.l0, al.l1) if al.matched else None


def copy_edit(a: Prepared, b: Prepared) -> bool:
    """Whether the shorter text is the other's words (or a stretch of them) but for a copy edit."""
    # Syndicated renderings differ by an editor's word ("the campaign"/"the race moves to"):
    # the shorter side aligned into its window of the longer one keeps >= COPY similarity,
    # about one word in ten changed, which a rewrite of the remark never does.
    short, long = (a, b) if len(a.keys) <= len(b.keys) else (b, a)
    if not short.keys:
        return False
    s, lng = encode(short.keys, long.keys)
    al = align(s, lng)
    return al.matched > 0 and 2 * al.matched / (len(short.keys) + al.l1 - al.l0) >= COPY


def similarity(a: Prepared, b: Prepared) -> float:
    """Return the word-level Indel similarity of two prepared quotes (0..1)."""
    s, t = encode(a.keys, b.keys)
    return float(Indel.normalized_similarity(s, t))
