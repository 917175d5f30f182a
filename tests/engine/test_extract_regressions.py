"""Regressions found by running the whole service over the seed articles."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine.pipeline import analyse

pytestmark = pytest.mark.model


def test_complement_with_leading_phrase_is_one_report(nlp: Language) -> None:
    text = (
        "Maria Lopez, the city's spokeswoman, explained to reporters shortly before the council meeting "
        "that the new budget is a change of course."
    )
    quotes = [q for q in analyse(text, nlp) if q.cue and q.cue.text == "explained"]
    assert [q.text for q in quotes] == ["that the new budget is a change of course"]


@pytest.mark.parametrize("label", ["Read Also", "See also", "Related", "Watch"])
def test_web_page_labels_are_not_speakers(nlp: Language, label: str) -> None:
    text = f"The mayor left early.\n{label}: Council votes to close two libraries"
    assert all((q.mention is None) or label not in q.mention.text for q in analyse(text, nlp))
