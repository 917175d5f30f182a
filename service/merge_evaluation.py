"""Pairwise precision/recall of the family merge decision against two baselines.

Data: ``tests/data/merge_pairs.jsonl`` -- quote pairs from multi-outlet coverage (invented
events, not the seeds), labelled ``same`` (one utterance) or not, with a category.  Hard
negatives: shared boilerplate and stock phrases, one-word partials, same speaker's other remarks
on the same topic, same words from different speakers.

Systems:

* ``families`` -- ``service.engine.families.cluster.decide``: the fuller quote is the family's
  canonical, the other is the candidate (with both speakers, so speaker compatibility counts).
* ``exact`` -- Quotebank-style: identical after normalisation (case, punctuation, quotes, dashes).
* ``memetracker`` -- Leskovec et al. 2009: phrases of >= 4 words; the shorter is within word edit
  distance 1 of a contiguous stretch of the longer, or the two share >= 10 consecutive words.

Thresholds (in ``service.engine.families.match``) were chosen on this set.  False merges
concentrate in short containment, and length is the wrong measure of "short": idioms such as
"the light at the end of the tunnel" (8 words) are as unspecific as "leave no stone unturned".
So: a side with <= 3 content words (not ``distinctive``) never joins by identical or contained
words alone -- it needs the same known speaker on both sides; a side under 8 words needs every
content word matched and at most one other word missing; longer pairs need Indel similarity
>= 0.6 over an alignment spanning 85 % of the longer quote (verbatim) or >= 0.66 over the best
window (fragment).  0.6 is the lowest value at which no same-speaker-other-remark pair merges,
while re-translated wordings (two outlets' "We support ... democracy", 0.63) still do.  A
number/negation difference is kept (flagged ``meaning_change``) only when nothing else differs:
the same template on another occasion ("contained forty percent ... northern ridge" / "eighty
... southern") differs in other details too.  Targets: precision >= 0.98 overall and recall
>= 0.90 on verbatim and fragment pairs.

Baselines are text-only (no speaker), as in the original systems.

Run: ``python bench/merge_eval.py [--data PATH] [--errors]`` (this module, as a script).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from service.engine.families.decide import Candidate, decide
from service.engine.families.match import verify
from service.engine.families.normalize import normalize_text
from service.engine.families.prepared import Prepared, prepare, prepare_quote

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "merge_pairs.jsonl"
SPEAKERS: dict[str, int] = {}


def _speaker(name: str | None) -> int | None:
    if name is None:
        return None
    return SPEAKERS.setdefault(name, len(SPEAKERS) + 1)


def _lead_rank(kind: str, p: Prepared) -> tuple[int, int, str]:
    # The fuller direct wording leads the pair, as it would lead a family.
    return (0 if kind == "indirect" else 1, len(p.keys), p.norm)


def families(row: dict[str, Any]) -> bool:
    """The merge decision of the families engine for one pair."""
    a, b = prepare(row["a"]), prepare_quote(row["b"], row["kind_b"])
    ka, kb = "direct", row["kind_b"]
    sa, sb = _speaker(row["speaker_a"]), _speaker(row["speaker_b"])
    if _lead_rank(kb, b) > _lead_rank(ka, a):
        a, b, ka, kb, sa, sb = b, a, kb, ka, sb, sa
    # Every labelled speaker is a named person: identified.
    decision = decide(b, kb, sb, [Candidate(1, a, sa, canonical_kind=ka)], set(SPEAKERS.values()))  # type: ignore[arg-type]
    return decision.family_id == 1


def exact(row: dict[str, Any]) -> bool:
    """Quotebank baseline: identical after normalisation."""
    return normalize_text(row["a"]) == normalize_text(row["b"])


def memetracker(row: dict[str, Any]) -> bool:
    """MemeTracker baseline: word edit distance <= 1 to a stretch of the longer, or a 10-word overlap."""
    a, b = normalize_text(row["a"]).split(), normalize_text(row["b"]).split()
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4:
        return False
    n = len(short)
    for width in (n - 1, n, n + 1):
        for i in range(max(1, len(long) - width + 1)):
            if Levenshtein.distance(short, long[i : i + width], score_cutoff=1) <= 1:
                return True
    best = run = 0
    longest: dict[tuple[int, int], int] = {}
    for i, w in enumerate(short):
        for j, v in enumerate(long):
            if w == v:
                run = longest.get((i - 1, j - 1), 0) + 1
                longest[(i, j)] = run
                best = max(best, run)
    return best >= 10


SYSTEMS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "families": families,
    "exact": exact,
    "memetracker": memetracker,
}
CORE = ("verbatim", "fragment", "fragment_short")


def _prf(rows: list[dict[str, Any]], preds: list[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for r, p in zip(rows, preds, strict=True) if p and r["same"])
    fp = sum(1 for r, p in zip(rows, preds, strict=True) if p and not r["same"])
    fn = sum(1 for r, p in zip(rows, preds, strict=True) if not p and r["same"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def evaluate(rows: list[dict[str, Any]], show_errors: bool = False) -> dict[str, dict[str, float]]:
    """Print and return precision/recall per system, overall and on verbatim+fragment pairs."""
    out: dict[str, dict[str, float]] = {}
    print(f"{len(rows)} pairs: {sum(r['same'] for r in rows)} same, {sum(not r['same'] for r in rows)} different")
    print(f"{'system':12} {'P(all)':>7} {'R(all)':>7} {'R(core)':>8} {'P(short)':>9} {'FP':>4} {'FN':>4}")
    for name, fn in SYSTEMS.items():
        preds = [fn(r) for r in rows]
        p, r, _, fp, fneg = _prf(rows, preds)
        core = [(row, pred) for row, pred in zip(rows, preds, strict=True) if row["category"] in CORE]
        _, r_core, *_ = _prf([c[0] for c in core], [c[1] for c in core])
        short = [
            (row, pred)
            for row, pred in zip(rows, preds, strict=True)
            if min(len(row["a"].split()), len(row["b"].split())) < 8
        ]
        p_short, *_ = _prf([s[0] for s in short], [s[1] for s in short])
        out[name] = {"precision": p, "recall": r, "recall_core": r_core, "precision_short": p_short}
        print(f"{name:12} {p:7.3f} {r:7.3f} {r_core:8.3f} {p_short:9.3f} {fp:4d} {fneg:4d}")
        if name == "families":
            by_cat: dict[str, list[bool]] = defaultdict(list)
            for row, pred in zip(rows, preds, strict=True):
                by_cat[row["category"]].append(pred == row["same"])
            cats = ", ".join(f"{c} {sum(v)}/{len(v)}" for c, v in sorted(by_cat.items()))
            print(f"  families correct by category: {cats}")
            flagged = [r for r, pr in zip(rows, preds, strict=True) if r["meaning_change"] and pr]
            hits = sum(1 for r in flagged if verify(prepare(r["a"]), prepare(r["b"])).meaning_change)
            print(f"  meaning_change flagged on {hits}/{len(flagged)} merged meaning-change pairs")
            if show_errors:
                for row, pred in zip(rows, preds, strict=True):
                    if pred != row["same"]:
                        print(f"  {'FP' if pred else 'FN'} {row['id']} [{row['category']}] {row['a']!r} | {row['b']!r}")
    return out


def main() -> None:
    """Run the evaluation on the labelled pairs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="list the families system's mistakes")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    evaluate(rows, args.errors)


if __name__ == "__main__":
    main()
