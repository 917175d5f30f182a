"""Scoring the extractor on an annotated JSONL corpus, by the protocol in the data README."""

from __future__ import annotations

import dataclasses
import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from service.engine.pipeline import analyse
from service.engine.types import Quote

THRESHOLDS = (0.3, 0.8)
_CUE_WORD = re.compile(r"\w+|[^\w\s]")
_MARKS = frozenset("\"'`“”‘’«»„‟‚‹›")


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold attribution content span, already trimmed."""

    start: int
    end: int
    direct: bool
    speech: bool
    speaker_spans: tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Tally:
    """Counts summed over documents."""

    predicted: int = 0
    gold_speech: int = 0
    gold_all: int = 0
    gold_direct: int = 0
    true_pred: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    found_speech: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    found_all: int = 0
    found_direct: int = 0
    speaker_pairs: int = 0
    speaker_right: int = 0
    exact_pred: int = 0  # predictions whose trimmed span equals a gold span's
    exact_found: int = 0  # speech-subset gold spans some prediction equals exactly


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores of one evaluation run (recall-type figures at T=0.3 unless named otherwise)."""

    precision_03: float
    recall_03: float
    f1_03: float
    precision_08: float
    recall_08: float
    f1_08: float
    recall_all: float
    direct_recall: float
    speaker_accuracy: float
    n_docs: int
    failed_docs: int
    n_predicted: int
    n_gold_speech: int
    docs_per_second: float
    words_per_second: float
    precision_exact: float = 0.0
    recall_exact: float = 0.0
    f1_exact: float = 0.0


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` without quotation marks, punctuation and whitespace at either end."""

    def junk(ch: str) -> bool:
        return ch.isspace() or ch in _MARKS or unicodedata.category(ch).startswith("P")

    while start < end and junk(text[start]):
        start += 1
    while end > start and junk(text[end - 1]):
        end -= 1
    return start, end


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Return the character overlap of two ranges divided by their union."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 and inter > 0 else 0.0


def load_cues(path: str | Path) -> frozenset[str]:
    """Return the scorer's speech cue words."""
    return frozenset(w.strip().lower() for w in Path(path).read_text(encoding="utf-8").split() if w.strip())


def gold_spans(doc: dict[str, Any], cues: frozenset[str]) -> list[Gold]:
    """Return a corpus document's gold spans, trimmed, with their speech-subset flag."""
    text: str = doc["text"]
    out: list[Gold] = []
    for q in doc.get("quotes", []):
        start, end = trim(text, int(q["start"]), int(q["end"]))
        if end <= start:
            continue
        cue_words = set(_CUE_WORD.findall(str(q.get("cue") or "").lower()))
        direct = q.get("kind") == "direct"
        speech = direct or bool(cue_words & cues)
        speakers = tuple((int(a), int(b)) for a, b in q.get("speaker_spans") or [])
        out.append(Gold(start, end, direct, speech, speakers))
    return out


def score_document(text: str, gold: list[Gold], predicted: list[Quote], tally: Tally) -> None:
    """Add one document's matches to ``tally``."""
    # scare quotes (titles, names in marks) are reported as nobody's words: not predictions
    predicted = [p for p in predicted if p.kind != "scare"]
    preds = [trim(text, p.start, p.end) for p in predicted]
    keep = [(r, p) for r, p in zip(preds, predicted, strict=True) if r[1] > r[0]]
    tally.predicted += len(keep)
    tally.gold_all += len(gold)
    tally.gold_speech += sum(g.speech for g in gold)
    tally.gold_direct += sum(g.direct for g in gold)
    for t in THRESHOLDS:
        tally.true_pred[t] += sum(any(overlap_ratio(r, (g.start, g.end)) >= t for g in gold) for r, _ in keep)
    exact = {(g.start, g.end) for g in gold}
    tally.exact_pred += sum(r in exact for r, _ in keep)
    found = {r for r, _ in keep}
    tally.exact_found += sum(g.speech and (g.start, g.end) in found for g in gold)
    for g in gold:
        ratios = [(overlap_ratio(r, (g.start, g.end)), p) for r, p in keep]
        best = max(ratios, key=lambda x: x[0], default=(0.0, None))
        for t in THRESHOLDS:
            if g.speech and best[0] >= t:
                tally.found_speech[t] += 1
        if best[0] >= THRESHOLDS[0]:
            tally.found_all += 1
            tally.found_direct += g.direct
            if g.speaker_spans and best[1] is not None:
                tally.speaker_pairs += 1
                m = best[1].mention
                if m is not None and any(m.start < b and a < m.end for a, b in g.speaker_spans):
                    tally.speaker_right += 1


def as_scored(quotes: list[Quote]) -> list[Quote]:
    """Return the quotes as the protocol scores them: a partial quote by its reported clause, once per clause."""
    out: list[Quote] = []
    contexts: set[tuple[int, int]] = set()
    for q in quotes:
        if q.context is None:
            out.append(q)
        elif (q.context.start, q.context.end) not in contexts:
            contexts.add((q.context.start, q.context.end))
            out.append(dataclasses.replace(q, text=q.context.text, start=q.context.start, end=q.context.end))
    return out


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return _div(2 * p * r, p + r)


def report_from(tally: Tally, n_docs: int, failed: int, seconds: float, words: int) -> EvalReport:
    """Return the report for summed counts."""
    p = {t: _div(tally.true_pred[t], tally.predicted) for t in THRESHOLDS}
    r = {t: _div(tally.found_speech[t], tally.gold_speech) for t in THRESHOLDS}
    p_exact, r_exact = _div(tally.exact_pred, tally.predicted), _div(tally.exact_found, tally.gold_speech)
    return EvalReport(
        precision_03=p[0.3],
        recall_03=r[0.3],
        f1_03=_f1(p[0.3], r[0.3]),
        precision_08=p[0.8],
        recall_08=r[0.8],
        f1_08=_f1(p[0.8], r[0.8]),
        recall_all=_div(tally.found_all, tally.gold_all),
        direct_recall=_div(tally.found_direct, tally.gold_direct),
        speaker_accuracy=_div(tally.speaker_right, tally.speaker_pairs),
        n_docs=n_docs,
        failed_docs=failed,
        n_predicted=tally.predicted,
        n_gold_speech=tally.gold_speech,
        docs_per_second=_div(n_docs, seconds),
        words_per_second=_div(words, seconds),
        precision_exact=p_exact,
        recall_exact=r_exact,
        f1_exact=_f1(p_exact, r_exact),
    )


def read_corpus(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Return the documents of a JSONL corpus, at most ``limit`` of them."""
    docs: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def evaluate_file(
    path: str | Path,
    nlp: Language,
    *,
    limit: int | None = None,
    cues_path: str | Path | None = None,
    progress: Callable[[int], Callable[[], None]] | None = None,
    scored: Callable[[dict[str, Any], list[Gold], list[Quote]], None] | None = None,
) -> EvalReport:
    """Return the scores of ``analyse`` (the ingest path) on a JSONL corpus (cues default to speech_cues.txt).

    ``progress(total)``, when given, returns the callback called after each document;
    ``scored(document, gold, predicted)`` sees what each document was scored on.
    """
    path = Path(path)
    cues = load_cues(cues_path or path.parent / "speech_cues.txt")
    tally = Tally()
    failed = 0
    seconds = 0.0
    words = 0
    docs = read_corpus(path, limit)
    done = progress(len(docs)) if progress is not None else None
    for doc in docs:
        text = str(doc.get("text", ""))
        words += len(text.split())
        try:
            begin = time.perf_counter()
            predicted = as_scored(analyse(text, nlp))
            seconds += time.perf_counter() - begin
            gold = gold_spans(doc, cues)
            score_document(text, gold, predicted, tally)
            if scored is not None:
                scored(doc, gold, predicted)
        except Exception:  # one bad document is counted, never fatal to the run
            failed += 1
        if done is not None:
            done()
    return report_from(tally, len(docs), failed, seconds, words)


def format_report(report: EvalReport) -> str:
    """Return the report as human-readable lines."""
    return "\n".join(
        [
            f"documents        {report.n_docs} ({report.failed_docs} failed)",
            f"T=0.3            P {report.precision_03:.3f}  R {report.recall_03:.3f}  F1 {report.f1_03:.3f}",
            f"T=0.8            P {report.precision_08:.3f}  R {report.recall_08:.3f}  F1 {report.f1_08:.3f}",
            f"exact match      P {report.precision_exact:.3f}  R {report.recall_exact:.3f}  F1 {report.f1_exact:.3f}",
            f"recall (all)     {report.recall_all:.3f}",
            f"direct recall    {report.direct_recall:.3f}",
            f"speaker mention  {report.speaker_accuracy:.3f}",
            f"predictions      {report.n_predicted} (speech gold {report.n_gold_speech})",
            f"speed            {report.docs_per_second:.2f} docs/s, {report.words_per_second:.0f} words/s",
        ]
    )
