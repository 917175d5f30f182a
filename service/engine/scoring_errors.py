"""The evaluator's errors, one JSON record each: false positives, misses and boundary errors."""

from __future__ import annotations

from typing import Any

from service.engine.evaluate import THRESHOLDS, Gold, overlap_ratio, trim
from service.engine.types import Quote

_AROUND = 160  # characters of article text either side of a span, to read it in place


def _window(text: str, start: int, end: int) -> str:
    a, b = max(0, start - _AROUND), min(len(text), end + _AROUND)
    return f"{text[a:start]}[[{text[start:end]}]]{text[end:b]}"


def _pred(text: str, q: Quote, r: tuple[int, int]) -> dict[str, Any]:
    return {
        "text": text[r[0] : r[1]],
        "start": r[0],
        "end": r[1],
        "kind": q.kind,
        "cue": q.cue.text if q.cue else None,
        "mention": q.mention.text if q.mention else None,
    }


def document_errors(doc_id: str, text: str, gold: list[Gold], predicted: list[Quote]) -> list[dict[str, Any]]:
    """Return the document's errors as the protocol counts them, at T=0.3 and T=0.8."""
    low, high = THRESHOLDS
    scored = [(trim(text, p.start, p.end), p) for p in predicted if p.kind != "scare"]
    scored = [(r, p) for r, p in scored if r[1] > r[0]]
    out: list[dict[str, Any]] = []
    for r, p in scored:
        best = max((overlap_ratio(r, (g.start, g.end)) for g in gold), default=0.0)
        if best < low:
            out.append({"doc": doc_id, "error": "fp", "pred": _pred(text, p, r), "context": _window(text, *r)})
    for g in gold:
        ratios = [(overlap_ratio(r, (g.start, g.end)), r, p) for r, p in scored]
        best_ratio, best_r, best_p = max(ratios, key=lambda x: x[0], default=(0.0, None, None))
        gold_rec = {"text": text[g.start : g.end], "start": g.start, "end": g.end, "speech": g.speech}
        record = {"doc": doc_id, "gold": gold_rec, "context": _window(text, g.start, g.end)}
        if best_ratio < low and g.speech:
            out.append({**record, "error": "fn"})
        elif low <= best_ratio < high and best_r is not None and best_p is not None:
            boundary = {"error": "boundary", "ratio": round(best_ratio, 3), "pred": _pred(text, best_p, best_r)}
            out.append({**record, **boundary})
        elif best_ratio >= low and best_p is not None and g.speaker_spans:
            m = best_p.mention
            if m is None or not any(m.start < b and a < m.end for a, b in g.speaker_spans):
                gold_rec["speaker"] = [text[a:b] for a, b in g.speaker_spans]
                out.append({**record, "error": "speaker", "pred": _pred(text, best_p, best_r or (0, 0))})
    return out
