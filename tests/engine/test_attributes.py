"""The attribute ruler as table lookup sets what the model's ``attribute_ruler`` sets, token for token."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from service.engine.attributes import TableRuler

pytestmark = pytest.mark.model

_EXCEPTIONS = (
    # a rule over two tokens, one keyed on the dependency label, one testing a tag's absence, spaces
    "Y'all gonna see it, but I told you so.  It's what they're doing: there is no \"gotta\".\n\nDo it!"
)


def _parsed(nlp: Language, text: str) -> Doc:
    return nlp(text, disable=["attribute_ruler", "lemmatizer", "ner"])


def _columns(doc: Doc) -> tuple[list[list[int]], list[str]]:
    return doc.to_array([POS, MORPH, LEMMA, TAG, DEP]).tolist(), [str(t.morph) for t in doc]


def test_table_ruler_sets_what_the_ruler_sets(nlp: Language, seed_texts: dict[str, str]) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    table = TableRuler(ruler)  # type: ignore[arg-type]
    assert len(table.matcher) < len(ruler.patterns) // 4  # most rules are looked up, not matched
    for text in [_EXCEPTIONS, *seed_texts.values()]:
        expected, got = _parsed(nlp, text), _parsed(nlp, text)
        ruler(expected)
        table(got)
        assert _columns(got) == _columns(expected)
        assert any(t.pos_ for t in got)
