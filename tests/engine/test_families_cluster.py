"""Leader clustering: no chaining through fragments, merges only via canonicals, speakers, order."""

from __future__ import annotations

import itertools

import pytest

from service.engine.families.cluster import Candidate, cluster, decide
from service.engine.families.match import prepare

A = "We will rebuild every school the floods destroyed, and we will do it before the first frost."
B = "We will repair every road the floods damaged, and we will do it before the schools reopen."
SHARED = "and we will do it before the first frost"


def _parts(items: list[tuple[str, str, int | None]]) -> set[frozenset[str]]:
    return {frozenset(items[i][0] for i in fam) for fam in cluster(items)}  # type: ignore[arg-type]


def test_fragment_does_not_chain_two_families() -> None:
    items: list[tuple[str, str, int | None]] = [
        (A, "direct", 1),
        (B, "direct", 1),
        ("we will do it before", "partial", 1),
    ]
    parts = _parts(items)
    assert frozenset({A}) in parts or frozenset({A, "we will do it before"}) in parts
    assert not any(A in p and B in p for p in parts)


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_order_independent(order: tuple[int, ...]) -> None:
    base: list[tuple[str, str, int | None]] = [
        (A, "direct", 1),
        ("We'll rebuild every school the floods destroyed and we'll do it before the first frost", "direct", 1),
        (SHARED, "partial", 1),
        (B, "direct", 1),
    ]
    items = [base[i] for i in order]
    assert _parts(items) == _parts(base)


def test_joined_remarks_link_separate_quotes() -> None:
    items: list[tuple[str, str, int | None]] = [
        ("No one here is going to claim victory tonight", "direct", 2),
        ("The job is to make sure every family has a roof over its head by Christmas", "direct", 2),
        (
            "Nobody here is going to claim victory tonight. The job is to make sure every family has a roof "
            "over its head by Christmas.",
            "direct",
            2,
        ),
    ]
    assert len(cluster(items)) == 1  # type: ignore[arg-type]


def test_different_speakers_short_words_stay_apart() -> None:
    d = decide(
        prepare("we will never give up on them"),
        "direct",
        2,
        [Candidate(1, prepare("We will never give up on them!"), 1)],
    )
    assert d.family_id is None


def test_same_long_words_different_speakers_flag_conflict() -> None:
    text = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    d = decide(prepare(text + "."), "direct", 2, [Candidate(1, prepare(text), 1)])
    assert d.family_id == 1 and d.attribution_conflict


def test_fuller_quote_leads_and_absorbs() -> None:
    whole = "Nobody is going to declare mission accomplished. The goal is the enduring defeat of ISIS."
    fams = [
        Candidate(1, prepare("The goal is the permanent defeat of ISIS"), 7),
        Candidate(2, prepare("No one will declare mission accomplished"), 7),
    ]
    d = decide(prepare(whole), "direct", 7, fams)
    assert d.becomes_canonical and d.family_id in {1, 2} and d.merge == [({1, 2} - {d.family_id}).pop()]


def test_locked_family_is_not_absorbed() -> None:
    whole = "Nobody is going to declare mission accomplished. The goal is the enduring defeat of ISIS."
    fams = [
        Candidate(1, prepare("The goal is the permanent defeat of ISIS"), 7),
        Candidate(2, prepare("nobody is going to declare mission accomplished"), 7, locked=True),
    ]
    d = decide(prepare(whole), "direct", 7, fams)
    assert 2 not in d.merge


def test_indirect_joins_as_paraphrase_and_never_leads() -> None:
    direct = "Nobody is going to declare mission accomplished. The goal is the enduring defeat of ISIS."
    d = decide(
        prepare("no one is going to declare mission accomplished"), "indirect", 7, [Candidate(1, prepare(direct), 7)]
    )
    assert d.family_id == 1 and d.role == "paraphrase" and not d.becomes_canonical
