"""The engine as spaCy components: ``quote_extractor`` then ``quote_speakers``, writing ``doc._.quotes``.

A site can add them to its own pipeline (``nlp.add_pipe("quote_extractor")``,
``nlp.add_pipe("quote_speakers")``) and read ``doc._.quotes``; the service runs the same
components on the selectively annotated ``Doc`` of ``service.engine.pipeline.analyse``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from service.engine.budget import DEFAULT_BUDGET_SECONDS, budget
from service.engine.extract import extract_doc
from service.engine.speakers import resolve_speakers
from service.engine.types import Quote

EXTRACTOR = "quote_extractor"
SPEAKERS = "quote_speakers"

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


def quotes_of(doc: Doc) -> list[Quote]:
    """Return the quotes the components wrote on ``doc`` (empty before they ran)."""
    found: list[Quote] | None = doc._.quotes
    return found if found is not None else []


class QuoteExtractor:
    """Finds the direct, partial and indirect quotations of a Doc, with cues and speaker mentions."""

    def __init__(self, *, budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self.budget_seconds = budget_seconds

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.quotes`` to the quotations of ``doc``, sorted by offset."""
        with budget(self.budget_seconds):
            doc._.quotes = extract_doc(doc)
        return doc


class SpeakerResolver:
    """Resolves the speaker of every quote in ``doc._.quotes`` within the article."""

    def __init__(self, *, budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self.budget_seconds = budget_seconds

    def __call__(self, doc: Doc) -> Doc:
        """Set ``speaker`` on each quote of ``doc._.quotes`` from the Doc's parse and entities."""
        with budget(self.budget_seconds):
            resolve_speakers(doc, quotes_of(doc))
        return doc


@Language.factory(
    EXTRACTOR,
    requires=["token.dep", "token.head", "token.tag", "doc.sents"],
    assigns=["doc._.quotes"],
    default_config={"budget_seconds": DEFAULT_BUDGET_SECONDS},
)
def make_extractor(nlp: Language, name: str, budget_seconds: float) -> QuoteExtractor:
    """Build the ``quote_extractor`` component."""
    return QuoteExtractor(budget_seconds=budget_seconds)


@Language.factory(
    SPEAKERS,
    requires=["doc._.quotes", "doc.ents", "token.ent_type", "token.dep", "token.pos"],
    assigns=["doc._.quotes"],
    default_config={"budget_seconds": DEFAULT_BUDGET_SECONDS},
)
def make_speakers(nlp: Language, name: str, budget_seconds: float) -> SpeakerResolver:
    """Build the ``quote_speakers`` component."""
    return SpeakerResolver(budget_seconds=budget_seconds)
