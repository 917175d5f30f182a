"""Polls and studies as speakers: the author their own phrase names, else the document itself, never who cites it."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine.pipeline import analyse

pytestmark = pytest.mark.model

_POLLS = (
    "Senator Ann Pike cited a new poll at a rally in Dayton on Monday.\n\n"
    "The poll found that most voters in the state opposed the tax plan.\n\n"
    "A Quinnipiac University poll released Thursday showed that the race for governor had tightened.\n\n"
    "A survey by Gallup found that trust in the courts had fallen to a record low."
)


def _speakers(text: str, nlp: Language) -> list[tuple[str, str, str]]:
    out = []
    for q in analyse(text, nlp):
        assert q.speaker is not None
        out.append((q.speaker.name, q.speaker.kind, q.speaker.key))
    return out


def test_a_poll_speaks_for_its_pollster_never_for_whoever_cites_it(nlp: Language) -> None:
    cited, quinnipiac, gallup = _speakers(_POLLS, nlp)
    # the poll Pike cited is no poll of hers: the article's own, with no key across articles
    assert cited == ("Poll", "organization", "")
    assert quinnipiac[:2] == ("Quinnipiac University", "organization") and quinnipiac[2]
    assert gallup[:2] == ("Gallup", "organization") and gallup[2]


def test_the_poll_is_the_one_named_before_but_a_new_poll_is_another(nlp: Language) -> None:
    text = (
        "A Marist poll released Tuesday showed that the mayor's lead had doubled.\n\n"
        "The poll also found that most residents approved of the new budget.\n\n"
        "A new poll found that commuters were split on the fare increase."
    )
    marist, again, other = _speakers(text, nlp)
    assert marist[:2] == again[:2] == ("Marist", "organization")
    assert other[0] != "Marist" and other[1] == "organization" and not other[2]


def test_a_study_or_paper_speaks_for_the_author_its_phrase_names(nlp: Language) -> None:
    text = (
        "A paper from the Brookings Institution argued that the tax would hurt growth.\n\n"
        "A study by the Council of the Great City Schools found that test scores had risen."
    )
    brookings, council = _speakers(text, nlp)
    assert brookings[:2] == ("Brookings Institution", "organization")
    assert council[:2] == ("Council of the Great City Schools", "organization")
    cited = "Governor Ray Kolb cited a new study on Monday. The study found that the program saved money."
    assert _speakers(cited, nlp) == [("Study", "organization", "")]  # not Kolb's: he only cited it
