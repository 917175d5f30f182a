"""NER on the windows around capitalised words and numbers finds what it finds on the whole paragraph."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.engine.entities import set_entities, windowed_ner, windows


def _doc(text: str) -> Doc:
    return spacy.blank("en").make_doc(text)


def test_windows_surround_capitalised_words_and_numbers_and_merge_where_they_meet() -> None:
    doc = _doc("the plan was backed by Senator Ann Lee of Ohio and by nobody else among the 40 members")
    spans = [doc[a:b].text for a, b in windows(doc)]
    assert spans == ["backed by Senator Ann Lee of Ohio and by", "among the 40 members"]


def test_a_lower_case_stretch_has_no_window() -> None:
    assert windows(_doc("it rained all week and the roads stayed shut")) == []


def test_found_entities_land_at_the_documents_own_offsets() -> None:
    doc = _doc("rain fell on the city before Maria Ortiz spoke")

    def pipe(pieces: list[Doc], batch_size: int) -> list[Doc]:
        # stands in for the NER model: labels the capitalised run of each piece
        for piece in pieces:
            caps = [t.i for t in piece if t.text[:1].isupper()]
            piece.set_ents([spacy.tokens.Span(piece, caps[0], caps[-1] + 1, label="PERSON")])
        return pieces

    set_entities([doc], pipe)
    assert [(e.text, e.label_) for e in doc.ents] == [("Maria Ortiz", "PERSON")]
    assert doc[0].ent_iob_ == "O"  # every token is annotated: the Doc has entities, outside ones included


def test_windowed_entities_match_the_whole_paragraph(nlp: Language) -> None:
    text = (
        "Secretary of State John Kerry met Chinese officials in Beijing on Monday, and the talks, which "
        "started a decade ago, ran for two days. The Pentagon said 3,000 troops would stay, according to "
        "Reuters. It was raining, and nobody in the hall seemed to notice the delay at all."
    )
    # "a decade ago" holds neither: the rules read a date only where it runs into a name
    whole = [(e.text, e.label_) for e in nlp(text).ents if any(t.text[:1].isupper() or t.like_num for t in e)]
    entities = windowed_ner(nlp)
    assert entities is not None
    doc = entities([nlp.make_doc(text)])[0]
    assert [(e.text, e.label_) for e in doc.ents] == whole


def test_a_pipeline_without_ner_gets_no_windows() -> None:
    assert windowed_ner(spacy.blank("en")) is None
