"""Scoring a family run against hand judgements (document ids and offsets): precision, recall, agreement."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

Span = tuple[str, int, int]


def _pairs(members: dict[Span, dict[str, Any]]) -> set[frozenset[Span]]:
    fams: dict[int, list[Span]] = defaultdict(list)
    for span, m in members.items():
        fams[m["family"]].append(span)
    return {frozenset(p) for spans in fams.values() for p in itertools.combinations(sorted(spans), 2)}


def _family_of(
    span: list[Any], members: dict[Span, dict[str, Any]], by_doc: dict[str, list[tuple[int, int, int]]]
) -> int | None:
    m = members.get((span[0], span[1], span[2]))
    if m:
        return int(m["family"])
    # A label made on an earlier extraction (a whole clause before its fragments were split
    # off, an untrimmed adjunct) is the stored quote it overlaps most, when that overlap is at
    # least half of the shorter of the two.
    best: tuple[int, int | None] = (0, None)
    for s, e, f in by_doc.get(span[0], []):
        shared = min(e, span[2]) - max(s, span[1])
        if shared * 2 >= min(e - s, span[2] - span[1]) and shared > best[0]:
            best = (shared, f)
    return best[1]


def score(
    members: dict[Span, dict[str, Any]], labels: list[dict[str, Any]], errors: list[Any] | None = None
) -> dict[str, float]:
    """Return family precision, pair precision and pair recall of one run against the labels.

    ``errors``, when given, receives the labels the run gets wrong (ids and offsets only): judged
    pairs, families holding an intruder, and family members missing from their anchor's family.
    """

    by_doc: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for (doc, start, end), m in members.items():
        by_doc[doc].append((start, end, m["family"]))

    def fam(span: list[Any]) -> int | None:
        return _family_of(span, members, by_doc)

    judged: list[tuple[int | None, int | None, bool]] = []
    families_ok = families = 0
    for row in labels:
        if row["type"] == "pair":
            fa, fb = fam(row["a"]), fam(row["b"])
            judged.append((fa, fb, bool(row["same"])))
            if errors is not None and (fa is not None and fa == fb) != bool(row["same"]):
                errors.append(row)
            continue
        bad = {tuple(b) for b in row["bad"]}
        good = [m for m in row["members"] if tuple(m) not in bad]
        anchor = fam(good[0]) if good else None
        for m in row["members"][1:] if not bad else row["members"]:
            if m == good[0]:
                continue
            judged.append((anchor, fam(m), tuple(m) not in bad))
            if errors is not None and tuple(m) not in bad and (anchor is None or fam(m) != anchor):
                # A missed member is a recall error: listed so --errors shows every one of them.
                errors.append({"type": "missed_member", "a": good[0], "b": m, "same": True})
        families += 1
        intruder = any(anchor is not None and fam(list(b)) == anchor for b in bad)
        families_ok += int(not intruder)
        if errors is not None and intruder:
            errors.append(row)
    together = [(a is not None and a == b, same) for a, b, same in judged]
    tp = sum(1 for t, s in together if t and s)
    fp = sum(1 for t, s in together if t and not s)
    fn = sum(1 for t, s in together if not t and s)
    return {
        "families": families,
        "family_precision": round(families_ok / families, 4) if families else 0.0,
        "pairs": len(judged),
        "pair_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "pair_recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
    }


def agreement(a: dict[Span, dict[str, Any]], b: dict[Span, dict[str, Any]]) -> float:
    """Return the share of co-family quote pairs (in either run) that both runs put together."""
    pa, pb = _pairs(a), _pairs(b)
    union = pa | pb
    return round(len(pa & pb) / len(union), 4) if union else 1.0
