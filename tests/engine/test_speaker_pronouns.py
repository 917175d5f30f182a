"""Who a pronoun stands for, read by the parse: the running speaker and the subjects the reporter wrote,
never sentences inside quotations (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
from tests.engine.speaker_cases import Q, resolve

pytestmark = pytest.mark.model

# (text, quotes, expected per quote: (name, kind, how)); name "" means "any".
CASES = {
    "the-window-skips-sentences-inside-the-quotation": (
        "Ellen Marsh has run the shelter on Pine Street for a decade. "
        "“She never turns anyone away,” said Mayor Tom Reed. "
        "On Monday, she described the night of the fire, which Governor Ann Pike has called the worst in years. "
        "“The smoke came in through the vents. We woke everyone up. "
        "Then we carried the children out one by one,” she said.",
        [
            Q("“She never turns anyone away,”", "Mayor Tom Reed"),
            Q("“The smoke came in through the vents. We woke everyone up. Then we carried", "she", 2),
        ],
        [("Tom Reed", "person", "named"), ("Ellen Marsh", "person", "pronoun")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_pronoun_cases(nlp: Language, case: str) -> None:
    text, specs, expected = CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind, how) in zip(refs, expected, strict=True):
        assert (ref.kind, ref.how) == (kind, how), ref
        if name:
            assert names.same_person(ref.name, name), ref
