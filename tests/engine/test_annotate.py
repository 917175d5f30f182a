"""Selective annotation: the joined ``Doc`` keeps every piece's sentences, parsed or not."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.engine.annotate import annotate, join, plan, sentences


def test_an_unparsed_piece_after_a_parsed_one_starts_its_own_sentence() -> None:
    vocab = spacy.blank("en").vocab
    parsed = Doc(
        vocab,
        words=["She", "said", "so", ".", "\n\n"],
        spaces=[True, True, False, False, False],
        heads=[1, 1, 1, 1, 3],
        deps=["nsubj", "ROOT", "advmod", "punct", "dep"],
    )
    plain = sentences(
        Doc(vocab, words=["Rain", "fell", ".", "Roads", "closed", "."], spaces=[True, False, True, True, False, False])
    )
    doc = join([parsed, plain])
    assert [s.text for s in doc.sents] == ["She said so.\n\n", "Rain fell.", "Roads closed."]
    assert doc[1].head.text == "said" and doc[1].dep_ == "ROOT"  # the parse is kept as it was


def test_a_blank_between_sentences_ends_the_first() -> None:
    nlp = spacy.blank("en")
    doc = sentences(nlp.make_doc("The roads closed.\nSchools stayed shut."))
    assert [s.text for s in doc.sents] == ["The roads closed.\n", "Schools stayed shut."]


def test_the_cue_sentence_ends_with_its_paragraph(nlp: Language) -> None:
    text = (
        "The governor said the budget would pass by Friday.\n\n"
        "Snow covered the capital for most of the week. Trains ran late.\n\n"
        "The harvest came late in the north."
    )
    doc = annotate(text, nlp)
    assert [p.parse for p in plan(text)] == [True, False, False]
    cue = next(t for t in doc if t.text == "said")
    assert cue.sent.text.strip() == "The governor said the budget would pass by Friday."
    assert "Trains ran late." in [s.text.strip() for s in doc.sents]
