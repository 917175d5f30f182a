"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


@functools.cache
def load_model(name: str) -> Language:
    """Return the spaCy pipeline installed under ``name``, loaded once per process."""
    # imported here, not at module level: an app built without the model never imports spaCy
    import spacy

    from service.engine.apostrophes import straighten_apostrophes

    nlp = spacy.load(name)
    straighten_apostrophes(nlp)
    return nlp
