"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language


@functools.cache
def load_model(name: str) -> Language:
    """Return the spaCy pipeline installed under ``name``, loaded once per process."""
    return spacy.load(name)
