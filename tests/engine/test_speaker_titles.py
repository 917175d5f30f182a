"""Which person a title or a description stands for: the one the article itself gave that title,
read off the parse (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
from service.engine.pipeline import analyse
from tests.engine.speaker_cases import Q, resolve

pytestmark = pytest.mark.model

# (text, quotes, expected per quote: (name, kind, how)); name "" means "any".
CASES = {
    "a-title-the-name-hangs-on-as-apposition": (
        "Governor Ann Pike defended the plan on Monday in an interview with radio hosts Tom Baker and Lisa Gray. "
        "Baker pressed her on the cost. “We have heard from a lot of angry listeners,” the host said.",
        [Q("“We have heard from a lot of angry listeners,”", "the host")],
        [("Tom Baker", "person", "title")],
    ),
    "a-description-running-into-its-verb-is-no-apposition": (
        "Mary Soto spoke in Albany on Monday.\n\n"
        "In an interview with radio host Tom Baker, the Democratic candidate stated that the plan would pass.",
        [Q("that the plan would pass", "the Democratic candidate")],
        [("Mary Soto", "person", "title")],
    ),
    "a-title-read-as-a-speaker-is-a-mention-of-its-holder": (
        "Admiral Ruth Lane, whose mother was a nurse in the Army, took command in May.\n\n"
        "The comments had two aims, the admiral said.\n\n"
        "“They are trying to divide us,” said Tom Reed, who retired from the Army last year.\n\n"
        "First, the articles called her a foreigner. Then they called her weak. “I am not distracted,” she said.",
        [
            Q("The comments had two aims", "the admiral"),
            Q("“They are trying to divide us,”", "Tom Reed"),
            Q("“I am not distracted,”", "she"),
        ],
        [("Ruth Lane", "person", "title"), ("Tom Reed", "person", "named"), ("Ruth Lane", "person", "pronoun")],
    ),
    "a-definite-title-as-subject-is-its-holder": (
        "Admiral Ruth Lane took command of the fleet in May.\n\nSenator Ana Cruz praised the choice on Monday.\n\n"
        "In her first weeks, the admiral visited every ship in the harbor.\n\n“They try to divide us,” she said.",
        [Q("“They try to divide us,”", "she")],
        [("Ruth Lane", "person", "pronoun")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_title_cases(nlp: Language, case: str) -> None:
    text, specs, expected = CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind, how) in zip(refs, expected, strict=True):
        assert (ref.kind, ref.how) == (kind, how), ref
        if name:
            assert names.same_person(ref.name, name), ref


def test_a_kind_of_office_is_the_one_holding_an_office_of_that_kind(nlp: Language) -> None:
    # the subject of the reported clause (Ford) is what the article is about here, not who speaks
    text = (
        "Alan Ford could face a new inquiry if he wins the race, Rep. Tom Walsh said on Monday.\n\n"
        "“This review will go on whatever the voters decide,” the Republican lawmaker told reporters."
    )
    quote = next(q for q in analyse(text, nlp) if q.kind == "direct")
    assert quote.speaker is not None and quote.speaker.name == "Tom Walsh"
