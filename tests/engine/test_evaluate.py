"""The evaluator's scoring protocol, on a tiny corpus written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from service.engine.evaluate import (
    Tally,
    evaluate_file,
    format_report,
    gold_spans,
    overlap_ratio,
    report_from,
    score_document,
    trim,
)
from service.engine.types import Quote, Span

TEXT = "“We will build it,” the mayor said. Critics believe it will fail. She told us the plan works."
CUES = frozenset({"said", "told"})


def _gold(start: int, end: int, cue: str, kind: str, speaker: tuple[int, int] | None) -> dict[str, object]:
    return {
        "start": start,
        "end": end,
        "text": TEXT[start:end],
        "kind": kind,
        "cue": cue,
        "speaker_spans": [list(speaker)] if speaker else [],
    }


def _doc() -> dict[str, object]:
    mayor = TEXT.index("the mayor")
    quote_end = TEXT.index("”") + 1
    belief = TEXT.index("it will fail")
    plan = TEXT.index("the plan works")
    return {
        "id": "t1",
        "text": TEXT,
        "quotes": [
            _gold(0, quote_end, "said", "direct", (mayor, mayor + 9)),
            _gold(belief, belief + 12, "believe", "indirect", None),
            _gold(plan, plan + 14, "told", "indirect", (TEXT.index("She"), TEXT.index("She") + 3)),
        ],
    }


def test_trim_and_overlap() -> None:
    assert trim("“Hi, you.”", 0, 10) == (1, 8)
    assert overlap_ratio((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert overlap_ratio((0, 5), (5, 10)) == 0.0


def test_speech_subset_uses_cue_words_and_marks() -> None:
    golds = gold_spans(_doc(), CUES)
    assert [g.speech for g in golds] == [True, False, True]
    assert [g.direct for g in golds] == [True, False, False]


def test_scoring_counts_precision_against_all_gold_and_recall_against_speech() -> None:
    quote_end = TEXT.index("”") + 1
    mayor = TEXT.index("the mayor")
    belief = TEXT.index("it will fail")
    predictions = [
        Quote(TEXT[:quote_end], 0, quote_end, "direct", 0.9, mention=Span("the mayor", mayor, mayor + 9)),
        Quote(TEXT[belief : belief + 12], belief, belief + 12, "indirect", 0.5),  # a belief: precise
        Quote("Critics", 36, 43, "indirect", 0.5),  # matches nothing
    ]
    tally = Tally()
    score_document(TEXT, gold_spans(_doc(), CUES), predictions, tally)
    report = report_from(tally, n_docs=1, failed=0, seconds=1.0, words=10)
    assert report.precision_03 == pytest.approx(2 / 3)
    assert report.recall_03 == pytest.approx(1 / 2)
    assert report.recall_all == pytest.approx(2 / 3)
    assert report.direct_recall == 1.0
    assert report.speaker_accuracy == pytest.approx(1 / 1)
    assert "T=0.3" in format_report(report)


@pytest.mark.model
def test_evaluate_file_counts_failures_instead_of_raising(nlp: Language, tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.jsonl"
    broken = {"id": "bad", "text": TEXT, "quotes": [{"start": "x", "end": 3}]}
    corpus.write_text("\n".join(json.dumps(d) for d in [_doc(), broken]) + "\n", encoding="utf-8")
    cues = tmp_path / "cues.txt"
    cues.write_text("said\ntold\n", encoding="utf-8")
    report = evaluate_file(corpus, nlp, cues_path=cues)
    assert (report.n_docs, report.failed_docs) == (2, 1)
    assert report.direct_recall == 1.0
    assert report.recall_03 == 1.0
    assert evaluate_file(corpus, nlp, limit=1, cues_path=cues).n_docs == 1


def test_exact_match_counts_only_identical_trimmed_spans_and_ignores_scare_quotes() -> None:
    quote_end = TEXT.index("”") + 1
    plan = TEXT.index("the plan works")
    predictions = [
        Quote(TEXT[:quote_end], 0, quote_end, "direct", 0.9),  # marks and comma trimmed: exact
        Quote(TEXT[plan - 3 : plan + 15], plan - 3, plan + 15, "indirect", 0.7),  # "us the plan works.": overlaps
        Quote("mayor", TEXT.index("mayor"), TEXT.index("mayor") + 5, "scare", 0.4),  # not a prediction
    ]
    tally = Tally()
    score_document(TEXT, gold_spans(_doc(), CUES), predictions, tally)
    report = report_from(tally, n_docs=1, failed=0, seconds=1.0, words=10)
    assert report.n_predicted == 2
    assert report.precision_exact == pytest.approx(1 / 2)
    assert report.recall_exact == pytest.approx(1 / 2)
    assert report.f1_exact == pytest.approx(1 / 2)
    assert report.recall_03 == 1.0
    assert "exact match" in format_report(report)
