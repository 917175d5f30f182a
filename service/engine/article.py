"""An article as the extraction rules read it: text, paragraphs, their parses and every quotation's range."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from service.engine.attribution import Context
from service.engine.direct import is_headline
from service.engine.marks import Paragraph


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Return how many characters two ranges share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass(frozen=True, slots=True)
class Article:
    """The text, its paragraphs, their parses (span and offset base) and every quotation's range."""

    text: str
    paras: list[Paragraph]
    parsed: dict[int, tuple[SpacySpan, int]]
    quoted: tuple[tuple[int, int], ...]
    reach: tuple[int, ...]
    headlines: dict[int, bool] = field(default_factory=dict)

    def headline(self, index: int) -> bool:
        """Return whether paragraph ``index`` is a headline (read once, not once per quotation)."""
        if index not in self.headlines:
            para = self.paras[index]
            self.headlines[index] = is_headline(self.text[para.start : para.end])
        return self.headlines[index]

    def span(self, index: int) -> SpacySpan | None:
        """Return the parse of paragraph ``index``, None when it was not parsed."""
        found = self.parsed.get(index)
        return found[0] if found else None

    def context(self, index: int) -> Context:
        """Return the rule context of paragraph ``index``."""
        para = self.paras[index]
        base = self.parsed[index][1] if index in self.parsed else para.start
        return Context(self.text, base, self.quoted, (para.start, para.end), self.reach)
