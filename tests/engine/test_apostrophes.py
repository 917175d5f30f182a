"""Typographic apostrophes: the model reads "D’Souza" as it reads "D'Souza"; the text stays the article's."""

from __future__ import annotations

import pickle

import pytest
from spacy.language import Language

from service.engine.apostrophes import straightened
from service.engine.pipeline import analyse


@pytest.mark.parametrize(
    ("word", "read"),
    [("O’Neill", "O'Neill"), ("don’t", "don't"), ("’s", "'s"), ("’", "’"), ("’’", "’’"), ("Neill", "Neill")],
)
def test_a_word_is_read_with_straight_apostrophes(word: str, read: str) -> None:
    assert straightened(word) == read


@pytest.mark.model
def test_a_name_with_a_typographic_apostrophe_is_a_person(nlp: Language) -> None:
    text = (
        "Filmmaker Rajiv D’Costa made a bold forecast about the race on Tuesday.\n\n"
        "“If I had to bet now, I would bet on the governor,” D’Costa replied."
    )
    quote = next(q for q in analyse(text, nlp) if q.kind == "direct")
    assert quote.speaker is not None and (quote.speaker.name, quote.speaker.kind) == ("Rajiv D’Costa", "person")
    assert text[quote.start : quote.end] == quote.text  # offsets and text are the article's own


@pytest.mark.model
def test_the_model_features_of_a_word_ignore_the_apostrophe_style(nlp: Language) -> None:
    curly, straight = nlp.make_doc("D’Costa said"), nlp.make_doc("D'Costa said")
    assert [t.text for t in curly] == ["D’Costa", "said"]
    assert [(t.norm_, t.shape_, t.prefix_, t.suffix_) for t in curly] == [
        (t.norm_, t.shape_, t.prefix_, t.suffix_) for t in straight
    ]


@pytest.mark.model
def test_the_reading_is_set_once_and_the_vocabulary_still_pickles(nlp: Language) -> None:
    from service.engine.apostrophes import FEATURES, straighten_apostrophes

    before = {attr: nlp.vocab.lex_attr_getters[attr] for attr in FEATURES}  # type: ignore[attr-defined]
    straighten_apostrophes(nlp)  # loading twice wraps nothing twice
    assert {attr: nlp.vocab.lex_attr_getters[attr] for attr in FEATURES} == before  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(nlp.vocab))["D’Costa"].shape_ == "X'Xxxxx"
