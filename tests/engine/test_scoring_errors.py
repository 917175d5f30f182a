"""The evaluator's error records: false positives, misses, boundary and speaker errors."""

from __future__ import annotations

from service.engine.evaluate import Gold
from service.engine.scoring_errors import document_errors
from service.engine.types import Quote, Span

TEXT = "The mayor said the bridge would reopen next week. Critics said nothing. She told us the plan works well."


def _quote(part: str, mention: str | None = None) -> Quote:
    start = TEXT.index(part)
    found = Span(mention, TEXT.index(mention), TEXT.index(mention) + len(mention)) if mention else None
    return Quote(part, start, start + len(part), "indirect", 0.75, None, found)


def _gold(part: str, speaker: str | None = None) -> Gold:
    start = TEXT.index(part)
    spans = ((TEXT.index(speaker), TEXT.index(speaker) + len(speaker)),) if speaker else ()
    return Gold(start, start + len(part), False, True, spans)


def test_each_kind_of_error_is_recorded() -> None:
    gold = [
        _gold("the bridge would reopen next week", "The mayor"),
        _gold("the plan works well", "She"),
        _gold("nothing"),
    ]
    predicted = [
        _quote("the bridge would reopen next week", "Critics"),  # right span, wrong speaker
        _quote("the plan works"),  # overlaps at 0.74: a boundary error
        _quote("Critics said"),  # matches nothing
    ]
    errors = document_errors("d1", TEXT, gold, predicted)
    kinds = sorted(e["error"] for e in errors)
    assert kinds == ["boundary", "fn", "fp", "speaker"]
    fp = next(e for e in errors if e["error"] == "fp")
    assert fp["pred"]["text"] == "Critics said" and "[[Critics said]]" in fp["context"]
    speaker = next(e for e in errors if e["error"] == "speaker")
    assert speaker["gold"]["speaker"] == ["The mayor"] and speaker["pred"]["mention"] == "Critics"
