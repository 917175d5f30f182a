"""Who a bare surname is when the article names two people of it (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
from service.engine.pipeline import analyse
from tests.engine.speaker_cases import Q, resolve

pytestmark = pytest.mark.model


def test_a_bare_surname_of_known_gender_is_the_one_full_name_of_that_gender(nlp: Language) -> None:
    # "Mrs. Reyes" twice before any full name, then "Maria Reyes" beside "Robert Reyes": the
    # bare surname is the woman the article names, not a third person kept apart from her.
    text = (
        "Gun law looms over Reyes's campaign.\n\n"
        "Mrs. Reyes offers voters a steady hand, her aides say. Mrs. Reyes spent the week in Ohio.\n\n"
        "For Maria Reyes, the vote is a test of her record. Mrs. Reyes and former Governor Robert Reyes have "
        "campaigned across the state. “We are ready,” Mrs. Reyes said."
    )
    (ref,) = resolve(nlp, text, [Q("“We are ready,”", "Mrs. Reyes", 3)])
    assert ref.kind == "person" and ref.name == "Maria Reyes", ref
    assert ref.key == names.identity_key("Maria Reyes", "person")


def test_a_bare_surname_between_equals_is_not_the_one_named_in_passing(nlp: Language) -> None:
    # Each full name once, then a bare "Reyes": the nearer full name sits inside another noun's
    # phrase ("the administration of former Governor Robert Reyes"), a relative named in passing.
    text = (
        "Questions about Maria Reyes’s health are not new.\n\n"
        "Dr. Ann Cole served in the administration of former Governor Robert Reyes and later ran a clinic. "
        "In 1998, Reyes asked her for advice on a knee injury, Cole said.\n\n"
        "“It was a hard year,” Reyes wrote in a memoir."
    )
    (ref,) = resolve(nlp, text, [Q("“It was a hard year,”", "Reyes", 3)])
    assert ref.kind == "person" and ref.name == "Maria Reyes", ref


def test_a_bare_surname_between_equals_is_the_nearest_named_as_a_subject(nlp: Language) -> None:
    text = (
        "Felicia Sanders, who survived the church shooting, spoke at the memorial on Sunday.\n\n"
        "Later, Senator Bernie Sanders of Vermont addressed the same crowd.\n\n"
        "“The system is rigged against working families,” Mr. Sanders said."
    )
    (ref,) = resolve(nlp, text, [Q("“The system is rigged against working families,”", "Mr. Sanders")])
    assert ref.kind == "person" and ref.name == "Bernie Sanders", ref


def test_a_surname_modifying_a_noun_does_not_call_the_person_yet(nlp: Language) -> None:
    # "the Brennan campaign" and "Brennan aide Ann Cole" name the campaign and the aide: the full
    # name after them is that person's first naming, not a relative arriving late
    text = (
        "Leaked emails from the Brennan campaign were published on Monday. One exchange between Tom Ward "
        "and Brennan aide Ann Cole was about Brennan’s private server. The report on Sarah Brennan’s server "
        "came out in March. Lawyers for former Governor Michael Brennan declined to comment.\n\n"
        "“I never sent classified material,” Brennan said at a news conference."
    )
    (ref,) = resolve(nlp, text, [Q("“I never sent classified material,”", "Brennan", 5)])
    assert ref.kind == "person" and ref.name == "Sarah Brennan", ref


def test_a_surname_that_is_also_a_title_is_a_name(nlp: Language) -> None:
    text = (
        "Rep. Mary King of Ohio told reporters on Tuesday that the committee would meet again next week.\n\n"
        "“We are not done with this inquiry,” King said. “Not even close.”"
    )
    quotes = analyse(text, nlp)
    assert len(quotes) == 3
    assert all(q.speaker is not None and (q.speaker.name, q.speaker.kind) == ("Mary King", "person") for q in quotes)
