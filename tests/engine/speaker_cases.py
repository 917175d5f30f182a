"""Hand-built quotes for speaker-resolution tests: a quote, the mention it rests on, resolved in an article."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from service.engine.annotate import annotate_many
from service.engine.speakers import resolve_speakers
from service.engine.types import Quote, QuoteKind, Span, SpeakerRef


@dataclass(frozen=True)
class Q:
    """A quote to build by hand: its text, the mention it rests on (None: no attribution)."""

    quote: str
    mention: str | None
    nth_mention: int = 0  # which occurrence of ``mention`` in the article
    utterance: int | None = None
    cue: bool | str = True  # a string: the cue word, found in the article


def _find(text: str, sub: str, nth: int = 0, after: int = 0) -> int:
    pos = text.index(sub, after)
    for _ in range(nth):
        pos = text.index(sub, pos + 1)
    return pos


def build(text: str, specs: list[Q]) -> list[Quote]:
    """Quote objects for ``specs`` with offsets into ``text``, as the extractor would make them."""
    quotes = []
    for spec in specs:
        qs = _find(text, spec.quote)
        mention = None
        if spec.mention is not None:
            ms = _find(text, spec.mention, spec.nth_mention)
            mention = Span(spec.mention, ms, ms + len(spec.mention))
        cue = Span("said", 0, 0) if spec.cue and mention else None
        if isinstance(spec.cue, str):
            cs = _find(text, spec.cue)
            cue = Span(spec.cue, cs, cs + len(spec.cue))
        kind: QuoteKind = "direct" if spec.quote[:1] in '“"' else "indirect"
        quotes.append(
            Quote(
                spec.quote,
                qs,
                qs + len(spec.quote),
                kind,
                0.9,
                cue=cue,
                mention=mention,
                utterance=spec.utterance,
            )
        )
    return quotes


def annotated(nlp: Language, text: str) -> Doc:
    """Return ``text`` annotated as the analysis annotates it (no lemmatiser, entities where candidates are read)."""
    return next(annotate_many([text], nlp))


def resolve(nlp: Language, text: str, specs: list[Q]) -> list[SpeakerRef]:
    quotes = build(text, specs)
    resolve_speakers(annotated(nlp, text), quotes)
    assert all(q.speaker is not None for q in quotes)
    return [q.speaker for q in quotes if q.speaker is not None]
