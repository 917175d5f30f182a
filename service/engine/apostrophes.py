"""The model reads a typographic apostrophe inside a word as it reads a straight one.

Half the outlets set apostrophes as ’ (U+2019): "D’Souza", "O’Rourke", "don’t", "Trump’s". The
model's features of a word (its norm, shape, prefix and suffix) were learned on straight
apostrophes, so "D’Souza" is tagged a common noun and is no entity while "D'Souza" is a person.
The features of every word with a letter and a ’ are computed as if the ’ were straight; the
text, and every offset, stay the article's own. A ’ on its own (a closing single quotation mark)
keeps its features.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spacy.attrs import NORM, PREFIX, SHAPE, SUFFIX

if TYPE_CHECKING:
    from spacy.language import Language

TYPOGRAPHIC = "\u2019"
STRAIGHT = "'"
# the attributes the model's embedding reads from a word (MultiHashEmbed: NORM, PREFIX, SUFFIX, SHAPE)
# and the lexeme property that holds each
FEATURES = {NORM: "norm_", PREFIX: "prefix_", SUFFIX: "suffix_", SHAPE: "shape_"}


def straightened(text: str) -> str:
    """The word with its typographic apostrophes straight, when it holds a letter; else as it is."""
    if TYPOGRAPHIC not in text or not any(ch.isalpha() for ch in text):
        return text
    return text.replace(TYPOGRAPHIC, STRAIGHT)


def _read_straight(getter: Callable[[str], Any], text: str) -> Any:
    return getter(straightened(text))


def _straightens(getter: Callable[[str], Any]) -> bool:
    return isinstance(getter, functools.partial) and getter.func is _read_straight


def straighten_apostrophes(nlp: Language) -> None:
    """Make ``nlp``'s vocabulary compute the model's word features with straight apostrophes."""
    getters: dict[int, Callable[[str], Any]] = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    for attr in FEATURES:
        getter = getters.get(attr)
        if getter is not None and not _straightens(getter):
            # a partial of module-level functions: the vocabulary still pickles
            getters[attr] = functools.partial(_read_straight, getter)
    # words already in the vocabulary were read before: read again
    for lex in nlp.vocab:
        if straightened(lex.orth_) != lex.orth_:
            for attr, name in FEATURES.items():
                if attr in getters:
                    setattr(lex, name, getters[attr](lex.orth_))
