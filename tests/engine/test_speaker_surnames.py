"""Who a bare surname is when the article names two people of it (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
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
