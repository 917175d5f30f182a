"""The merge decision meets its targets on the labelled pairs (tests/data/merge_pairs.jsonl)."""

from __future__ import annotations

import json

from service.family_evaluation import score
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


def test_family_eval_lists_missed_members_as_errors() -> None:
    members = {("d1", 0, 10): {"family": 1}, ("d2", 0, 10): {"family": 1}, ("d3", 0, 10): {"family": 2}}
    labels = [{"type": "family", "members": [["d1", 0, 10], ["d2", 0, 10], ["d3", 0, 10]], "bad": []}]
    errors: list[object] = []
    result = score(members, labels, errors)
    assert result["pair_recall"] == 0.5 and result["family_precision"] == 1.0
    assert errors == [{"type": "missed_member", "a": ["d1", 0, 10], "b": ["d3", 0, 10], "same": True}]
