"""Which person a title or a description stands for: the one the article itself gave that title,
read off the parse (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
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
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_title_cases(nlp: Language, case: str) -> None:
    text, specs, expected = CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind, how) in zip(refs, expected, strict=True):
        assert (ref.kind, ref.how) == (kind, how), ref
        if name:
            assert names.same_person(ref.name, name), ref
