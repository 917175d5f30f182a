"""The whole engine over one article: extraction, then speaker resolution."""

from __future__ import annotations

from spacy.language import Language

from service.engine.extract import extract_doc
from service.engine.speakers import resolve_speakers
from service.engine.types import Quote


def analyse(text: str, nlp: Language) -> list[Quote]:
    """Return the article's quotes with their speakers resolved within the article."""
    # Nothing downstream reads lemmas; the parse and entities feed extraction and speakers.
    doc = nlp(text, disable=[name for name in ("lemmatizer",) if name in nlp.pipe_names])
    quotes = extract_doc(doc)
    resolve_speakers(doc, quotes)
    return quotes
