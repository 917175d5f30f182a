"""The merge decision meets its targets on the labelled pairs (tests/data/merge_pairs.jsonl)."""

from __future__ import annotations

import json

from service.merge_evaluation import DATA, evaluate


def test_labelled_pairs_precision_and_recall() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) >= 150
    result = evaluate(rows)
    assert result["families"]["precision"] >= 0.98
    assert result["families"]["recall_core"] >= 0.90
    assert result["families"]["precision_short"] >= 0.98
    # And it beats both baselines on recall without giving up precision.
    for baseline in ("exact", "memetracker"):
        assert result["families"]["recall"] > result[baseline]["recall"]
