"""Derived family state: canonical by attestation, speaker, conflicts only across outlets."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from service.engine.families.state import Member, choose_canonical, conflicting, derive


def _m(
    qid: int,
    wording: str,
    outlet: int,
    day: int,
    speaker: int | None = 1,
    *,
    role: str = "verbatim",
    words: int = 10,
    identified: bool = True,
) -> Member:
    return Member(
        qid, wording, "direct", role, words, qid, outlet, datetime(2021, 3, day, tzinfo=UTC), speaker, identified
    )


def test_most_outlets_win_over_the_first_printed() -> None:
    members = [_m(1, "neg", 5, 1)] + [_m(i, "pos", i, i) for i in range(2, 6)]
    c = choose_canonical(members)
    assert c.quote_id == 2 and c.how == "attested" and (c.outlets, c.runner_up_outlets) == (4, 1)


def test_ties_go_to_the_earliest_then_the_fullest() -> None:
    assert choose_canonical([_m(1, "a", 1, 3), _m(2, "b", 2, 2)]) == choose_canonical(
        [_m(2, "b", 2, 2), _m(1, "a", 1, 3)]
    )
    assert choose_canonical([_m(1, "a", 1, 3), _m(2, "b", 2, 2)]).how == "earliest"
    c = choose_canonical([_m(1, "a", 1, 2, words=8), _m(2, "b", 2, 2, words=12)])
    assert c.quote_id == 2 and c.how == "fullest"


def test_fragments_and_paraphrases_are_not_candidates_while_a_verbatim_wording_exists() -> None:
    members = [_m(1, "full", 1, 5), _m(2, "frag", 2, 1, role="fragment"), _m(3, "frag", 3, 1, role="fragment")]
    assert choose_canonical(members).quote_id == 1


def test_conflict_only_between_outlets_and_identified_people() -> None:
    assert not conflicting([_m(1, "a", 1, 1, 1), _m(2, "a", 1, 1, 2)])  # one outlet, two people
    assert conflicting([_m(1, "a", 1, 1, 1), _m(2, "a", 2, 1, 2)])
    assert not conflicting([_m(1, "a", 1, 1, 1), _m(2, "a", 2, 1, 9, identified=False)])
    assert not conflicting([_m(1, "a", 1, 1, 1), _m(2, "a", 2, 1, 2, role="paraphrase")])


def test_reach_and_dates_follow_the_members() -> None:
    state = derive([_m(1, "a", 1, 4), _m(2, "a", 2, 2), _m(3, "b", 2, 9)])
    assert (state.quote_count, state.article_count, state.outlet_count) == (3, 3, 2)
    assert state.first_seen == datetime(2021, 3, 2, tzinfo=UTC) and state.last_seen == datetime(2021, 3, 9, tzinfo=UTC)


def test_alike_members_loaded_as_one_derive_the_same_state() -> None:
    each = [_m(1, "a", 1, 4, 7), _m(2, "a", 1, 6, 7, words=12), _m(3, "a", 1, 9, 7), _m(4, "b", 2, 5, 8)]
    # Quotes 1-3 as the store groups them: the earliest stands for three, fullest 12, latest the 9th.
    grouped = [replace(each[0], count=3, fullest=12, latest=datetime(2021, 3, 9, tzinfo=UTC)), each[3]]
    one, other = derive(each), derive(grouped, articles=4)
    assert one == other and one.quote_count == 4 and one.speaker_id == 7
    assert derive(grouped).article_count == 2  # without the store's count, only the rows are known
