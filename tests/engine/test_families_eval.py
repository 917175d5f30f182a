"""The merge decision meets its targets on the labelled pairs (tests/data/merge_pairs.jsonl)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _merge_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("merge_eval", ROOT / "bench" / "merge_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_pairs_precision_and_recall(capsys: object) -> None:
    rows = [json.loads(line) for line in (ROOT / "tests/data/merge_pairs.jsonl").read_text().splitlines() if line]
    assert len(rows) >= 150
    result = _merge_eval().evaluate(rows)
    assert result["families"]["precision"] >= 0.98
    assert result["families"]["recall_core"] >= 0.90
    assert result["families"]["precision_short"] >= 0.98
    # And it beats both baselines on recall without giving up precision.
    for baseline in ("exact", "memetracker"):
        assert result["families"]["recall"] > result[baseline]["recall"]


def test_family_eval_lists_missed_members_as_errors() -> None:
    spec = importlib.util.spec_from_file_location("family_eval", ROOT / "bench" / "family_eval.py")
    assert spec and spec.loader
    family_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(family_eval)
    members = {("d1", 0, 10): {"family": 1}, ("d2", 0, 10): {"family": 1}, ("d3", 0, 10): {"family": 2}}
    labels = [{"type": "family", "members": [["d1", 0, 10], ["d2", 0, 10], ["d3", 0, 10]], "bad": []}]
    errors: list[object] = []
    result = family_eval.score(members, labels, errors)
    assert result["pair_recall"] == 0.5 and result["family_precision"] == 1.0
    assert errors == [{"type": "missed_member", "a": ["d1", 0, 10], "b": ["d3", 0, 10], "same": True}]
