"""The one analysis path: selective annotation, then the engine's components; ingestion, the API,
``quotes evaluate``, ``bench/`` and the tests all run it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from service.engine.annotate import annotate_many
from service.engine.budget import LIMITS, budget, check_deadline, check_length
from service.engine.components import EXTRACTOR, SPEAKERS, QuoteExtractor, SpeakerResolver, quotes_of
from service.engine.types import Quote

_DEFAULTS = (QuoteExtractor(budget_seconds=0), SpeakerResolver(budget_seconds=0))


def _components(nlp: Language) -> list[Callable[[Doc], Doc]]:
    """The site's own instances when its pipeline holds them (their settings apply), else defaults."""
    found: list[Callable[[Doc], Doc]] = []
    for name, default in zip((EXTRACTOR, SPEAKERS), _DEFAULTS, strict=True):
        pipe = nlp.get_pipe(name) if name in nlp.pipe_names else default
        found.append(pipe if isinstance(pipe, QuoteExtractor | SpeakerResolver) else default)  # type: ignore[arg-type]
    return found


def analyse_docs(texts: Iterable[str], nlp: Language, *, budget_seconds: float | None = None) -> Iterator[Doc]:
    """Yield the analysed ``Doc`` of each text, with ``doc._.quotes`` set; components batched by ``nlp.pipe``."""
    components = _components(nlp)
    budget_seconds = LIMITS.budget_seconds if budget_seconds is None else budget_seconds

    def checked(texts: Iterable[str]) -> Iterator[str]:
        for text in texts:
            check_length(text)
            yield text

    for doc in annotate_many(checked(texts), nlp):
        with budget(budget_seconds):
            for component in components:
                check_deadline()
                component(doc)
        yield doc


def analyse(text: str, nlp: Language, *, budget_seconds: float | None = None) -> list[Quote]:
    """Return the article's quotes with their speakers resolved within the article."""
    check_length(text)
    budget_seconds = LIMITS.budget_seconds if budget_seconds is None else budget_seconds
    with budget(budget_seconds):
        doc = next(analyse_docs([text], nlp, budget_seconds=budget_seconds))
    return quotes_of(doc)


def analyse_many(texts: Iterable[str], nlp: Language, *, budget_seconds: float | None = None) -> Iterator[list[Quote]]:
    """Yield the quotes of each text, as ``analyse`` would, batching the model over the texts."""
    for doc in analyse_docs(texts, nlp, budget_seconds=budget_seconds):
        yield quotes_of(doc)
