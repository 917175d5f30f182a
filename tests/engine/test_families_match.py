"""Pair verification: verbatim, fragment, paraphrase, no match; meaning changes; short-quote guards."""

from __future__ import annotations

import pytest

from service.engine.families.match import distinctive, verify
from service.engine.families.prepared import prepare

CANON = (
    "Our members have not had a real pay rise in eleven years, and they are not going back to work "
    "for another promise on paper."
)


@pytest.mark.parametrize(
    ("other", "kind"),
    [
        # Typography only: case, quotation marks, dashes, ellipses, spacing.
        (
            "“OUR MEMBERS HAVE NOT HAD A REAL PAY RISE IN ELEVEN YEARS — AND THEY ARE NOT GOING BACK TO WORK "
            "FOR ANOTHER PROMISE ON PAPER…”",
            "verbatim",
        ),
        # Contractions and numerals.
        (
            "Our members haven't had a real pay rise in 11 years and they're not going back to work for another "
            "promise on paper",
            "verbatim",
        ),
        # Re-wording by another outlet.
        (
            "Our members have not had a real-terms pay rise in eleven years, and they are not going back to work "
            "for another paper promise.",
            "verbatim",
        ),
        # Fragments.
        ("not going back to work for another promise on paper", "fragment"),
        ("have not had a real pay rise in eleven years", "fragment"),
        # Unrelated remark sharing words.
        (
            "Our members have been patient for eleven years, and they are ready to stay out for as long as it "
            "takes to win.",
            None,
        ),
    ],
)
def test_verify_kinds(other: str, kind: str | None) -> None:
    v = verify(prepare(CANON), prepare(other))
    assert v.kind == kind


def test_fragment_covers_the_right_range() -> None:
    frag = "not going back to work for another promise on paper"
    v = verify(prepare(CANON), prepare(frag))
    assert CANON[v.a_range[0] : v.a_range[1]] == "not going back to work for another promise on paper"
    assert not v.b_contains_a


def test_fuller_candidate_contains_canonical() -> None:
    v = verify(prepare("not going back to work for another promise on paper"), prepare(CANON))
    assert v.kind == "fragment" and v.b_contains_a


@pytest.mark.parametrize(
    ("a", "b", "words"),
    [
        (
            "We will send 500,000 doses of the vaccine to the region this month",
            "We will send 50,000 doses of the vaccine to the region this month",
            ["50,000", "500,000"],
        ),
        (
            "The referee had a difficult afternoon, but I am not going to blame him for our defending",
            "The referee had a difficult afternoon, but I am going to blame him for our defending",
            ["not"],
        ),
        (
            "Every valid ballot will be counted and we will not announce results before the count is complete",
            "Every valid ballot will be counted and we won't announce results before the count is complete",
            [],
        ),
        (
            "Both sides have agreed to a seventy-two hour pause so that aid convoys can reach the old city",
            "Both sides have agreed to a 72-hour pause so that aid convoys can reach the old city",
            [],
        ),
    ],
)
def test_meaning_change(a: str, b: str, words: list[str]) -> None:
    v = verify(prepare(a), prepare(b))
    assert v.matched
    assert v.meaning_change == words


def test_template_on_another_occasion_is_not_a_variant() -> None:
    a = "Crews have now contained forty percent of the fire on the northern ridge."
    b = "Crews have now contained eighty percent of the fire on the southern ridge."
    assert not verify(prepare(a), prepare(b)).matched


@pytest.mark.parametrize(
    ("long", "short"),
    [
        ("We expect the new plant to be fully operational by the end of the year", "by the end of the year"),
        ("They'll be there in a couple weeks, they'll be there quickly", "quickly"),
        ("We are entering a new phase in our relationship with our partners", "new phase"),
        ("At the end of the day, the players have to take responsibility", "at the end of the day"),
    ],
)
def test_short_and_stock_phrases_do_not_match(long: str, short: str) -> None:
    assert not verify(prepare(long), prepare(short)).matched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leave no stone unturned", False),
        ("the light at the end of the tunnel", False),
        ("by the end of the year", False),
        ("rebuild every school the floods destroyed", True),
        ("The goal is the permanent defeat of ISIS", True),
    ],
)
def test_distinctive(text: str, expected: bool) -> None:
    assert distinctive(prepare(text)) is expected


def test_paraphrase_only_for_indirect() -> None:
    direct = "Nobody is going to declare mission accomplished. The goal is the enduring defeat of ISIS."
    indirect = "as they always said from the start, no one is going to declare mission accomplished"
    assert verify(prepare(direct), prepare(indirect), indirect=True).kind in {"paraphrase", "fragment"}
    assert verify(prepare(direct), prepare("officials said the mission was over"), indirect=True).kind is None


def test_reordered_clauses_still_match() -> None:
    a = "but we're not going to be, by the end of the year, in a combat mission"
    b = "But we won't be in a combat mission by the end of the year"
    assert verify(prepare(a), prepare(b)).matched


def test_editorial_brackets_ignored() -> None:
    a = "to continue to train, to assist, to help, to deal with ISIS as it arises"
    b = "to continue to train, to assist, to help, to deal with ISIS (Islamic State) as it arises"
    v = verify(prepare(a), prepare(b))
    assert v.kind == "verbatim" and v.score == 1.0
