"""The family rule as a pure function: joins, creations, merges and links, speakers and boilerplate."""

from __future__ import annotations

from service.engine.families.decide import Candidate, decide
from service.engine.families.grams import gram_hashes
from service.engine.families.prepared import prepare

A = "We will rebuild every school the floods destroyed, and we will do it before the first frost."
B = "We will repair every road the floods damaged, and we will do it before the schools reopen."
ANN, BOB, ANON = 1, 2, 3
NAMED = {ANN, BOB}


def test_fragment_joins_one_family_never_bridges_two() -> None:
    d = decide(
        prepare("and we will do it before the first frost"),
        "partial",
        ANN,
        [Candidate(1, prepare(A), ANN), Candidate(2, prepare(B), ANN)],
        NAMED,
    )
    assert d.family_id == 1 and d.role == "fragment" and not d.merge


def test_short_words_from_two_people_stay_apart() -> None:
    d = decide(
        prepare("we will never give up on them"),
        "direct",
        BOB,
        [Candidate(1, prepare("We will never give up on them!"), ANN)],
        NAMED,
    )
    assert d.family_id is None


def test_same_long_words_from_two_people_join_flagged() -> None:
    text = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    d = decide(prepare(text + "."), "direct", BOB, [Candidate(1, prepare(text), ANN)], NAMED)
    assert d.family_id == 1 and d.attribution_conflict


def test_anonymous_source_joins_verbatim_but_never_as_a_paraphrase() -> None:
    said = "We are going to build forty new schools in the northern districts before the next election"
    told = "the city would build forty new schools in the northern districts soon"
    fam = [Candidate(1, prepare(said), ANN)]
    assert decide(prepare(said), "direct", ANON, fam, NAMED).family_id == 1
    assert decide(prepare(told), "indirect", ANON, fam, NAMED).family_id is None
    assert decide(prepare(told), "indirect", BOB, fam, NAMED).family_id is None
    d = decide(prepare(told), "indirect", ANN, fam, NAMED)
    assert d.family_id == 1 and d.role == "paraphrase" and not d.leads


def test_boilerplate_is_no_evidence_of_a_paraphrase() -> None:
    said = "The Islamic State, also known as ISIS or ISIL, has lost most of the towns it held last year"
    told = "that the Islamic State, also known as ISIS or ISIL, would be defeated in Raqqa within months"
    fam = [Candidate(1, prepare(said), ANN)]
    boiler = set(gram_hashes(prepare("the Islamic State, also known as ISIS or ISIL").keys))
    assert decide(prepare(told), "indirect", ANN, fam, NAMED).family_id == 1  # shared run, learnt as rare
    assert decide(prepare(told), "indirect", ANN, fam, NAMED, boiler).family_id is None


def test_paraphrase_with_a_lost_negation_is_not_verified() -> None:
    said = "We will not raise the fuel duty on working families in this parliament"
    told = "that the government will raise the fuel duty on working families in this parliament"
    assert decide(prepare(told), "indirect", ANN, [Candidate(1, prepare(said), ANN)], NAMED).family_id is None


def test_two_remarks_run_together_link_not_merge() -> None:
    whole = "Nobody is going to declare mission accomplished. The goal is the enduring defeat of ISIS."
    fams = [
        Candidate(1, prepare("The goal is the permanent defeat of ISIS"), ANN),
        Candidate(2, prepare("No one will declare mission accomplished"), ANN),
    ]
    d = decide(prepare(whole), "direct", ANN, fams, NAMED)
    assert d.family_id == 1 and d.leads and d.links == (2,) and d.merge == ()


def test_fragments_of_one_sentence_merge_into_the_fuller_wording() -> None:
    whole = "We will rebuild every school the floods destroyed and we will do it before the first frost"
    fams = [
        Candidate(1, prepare("We will rebuild every school the floods destroyed"), ANN),
        Candidate(2, prepare("and we will do it before the first frost"), ANN),
        Candidate(3, prepare("we will do it before the first frost comes"), ANN, locked=True),
    ]
    d = decide(prepare(whole), "direct", ANN, fams, NAMED)
    assert d.family_id in (1, 2) and d.merge == (({1, 2} - {d.family_id}).pop(),) and 3 not in d.merge


def test_a_match_inside_a_linked_remark_goes_to_that_remark() -> None:
    whole = "Nobody is going to declare mission accomplished. The goal is the enduring defeat of ISIS."
    mission = Candidate(2, prepare("No one will declare mission accomplished"), ANN)
    goal = Candidate(1, prepare(whole), ANN, links=(2,))
    d = decide(prepare("no one is going to declare mission accomplished"), "indirect", ANN, [goal, mission], NAMED)
    assert d.family_id == 2 and d.role == "paraphrase"


def test_a_repeated_slogan_is_not_evidence_of_one_remark() -> None:
    rally = "We are in trouble, but we are going to turn it around. We are going to make this country great again."
    slogan = prepare("And let's make this country great again.")
    fam = [Candidate(1, prepare(rally), ANN)]
    assert decide(slogan, "direct", ANN, fam, NAMED).family_id == 1  # nothing learnt yet: one speaker
    seen = set(gram_hashes(slogan.keys))  # its grams already sit in other families
    assert decide(slogan, "direct", ANN, fam, NAMED, recurring=seen).family_id is None


def test_an_indirect_rendering_needs_every_content_word_of_a_short_remark() -> None:
    said = "some of the criticism he takes is due to the fact that he is the first black president"
    assert (
        decide(
            prepare("Obama was the first black president"),
            "indirect",
            ANN,
            [Candidate(1, prepare(said), ANN, canonical_kind="indirect")],
            NAMED,
        ).family_id
        is None
    )


def test_two_reporters_renderings_join_only_when_one_holds_the_other() -> None:
    first = Candidate(
        1,
        prepare("that the council would raise the parking fines to 90 dollars next year"),
        ANN,
        canonical_kind="indirect",
    )
    assert (
        decide(
            prepare("the council would raise the parking fines to 90 dollars"), "indirect", ANN, [first], NAMED
        ).family_id
        == 1
    )
    assert (
        decide(
            prepare("to raise the parking fines to 90 dollars in #CityVote"), "indirect", ANN, [first], NAMED
        ).family_id
        is None
    )


def test_a_copy_edited_syndicated_rendering_joins_the_same_speakers_family() -> None:
    tail = "opens next spring, months before the date the ministry had promised, fares will rise"
    first = Candidate(1, prepare("Even as the tunnel " + tail), ANN, canonical_kind="indirect")
    copy = prepare("Even as the line " + tail)
    assert decide(copy, "indirect", ANN, [first], NAMED).family_id == 1
    assert decide(copy, "indirect", BOB, [first], NAMED).family_id is None  # another person's rendering
    rewrite = prepare("Even as the line opens next spring, well ahead of what the ministry had promised, fares rise")
    assert decide(rewrite, "indirect", ANN, [first], NAMED).family_id is None  # a rewrite, not a copy edit
