"""Value types the language engine produces; plain data, no spaCy or HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

QuoteKind = Literal["direct", "partial", "indirect", "scare"]
QUOTE_KINDS: tuple[QuoteKind, ...] = get_args(QuoteKind)
SpeakerKind = Literal["person", "anonymous", "organization", "unknown"]
ResolutionHow = Literal[
    "named", "pronoun", "title", "continuation", "apposition", "anonymous", "organization", "unresolved"
]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input text: ``text == source[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class SpeakerRef:
    """Who a quote is attributed to, as resolved inside one article.

    ``key`` is the cross-article identity key (see ``service.engine.names``): two refs
    with the same non-empty key in different articles are the same speaker.
    """

    name: str
    kind: SpeakerKind
    how: ResolutionHow
    confidence: float
    key: str = ""
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    gender: str = ""  # "m" or "f" when the article tells (honorific, pronoun, title), else ''


@dataclass(slots=True)
class Quote:
    """One extracted quotation (or one piece of a split quotation)."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    confidence: float
    cue: Span | None = None
    mention: Span | None = None
    utterance: int | None = None  # shared by the pieces of one split quote
    speaker: SpeakerRef | None = None
    context: Span | None = None  # a partial quote's reported clause, its marked fragment inside
