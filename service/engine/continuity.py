"""Continuity across paragraphs: utterance ids, the running speaker, multi-paragraph quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.engine.marks import QuotedSpan
from service.engine.types import Quote


@dataclass(slots=True)
class Running:
    """State carried across paragraphs: utterance ids by cue and the last attributed quote."""

    next_utterance: int = 0
    by_cue: dict[int, int] = field(default_factory=dict)
    last: Quote | None = None
    last_paragraph: int = -1
    paragraph: int = 0

    def utterance(self, cue_offset: int | None) -> int:
        """Return the utterance id of a cue (a fresh one for None or a new cue)."""
        if cue_offset is not None and cue_offset in self.by_cue:
            return self.by_cue[cue_offset]
        self.next_utterance += 1
        if cue_offset is not None:
            self.by_cue[cue_offset] = self.next_utterance
        return self.next_utterance


def link_continued(quoted: list[QuotedSpan], pieces: dict[QuotedSpan, Quote], own: float) -> None:
    """Give the pieces of a quotation running over paragraphs one utterance and one speaker."""
    # the attribution may sit in any piece; pieces below ``own`` confidence borrowed theirs
    chains: list[list[Quote]] = []
    for q in quoted:
        piece = pieces.get(q)
        if piece is None:
            continue
        if q.continues and chains:
            chains[-1].append(piece)
        else:
            chains.append([piece])
    for chain in chains:
        if len(chain) < 2:
            continue
        attributed = [p for p in chain if p.confidence >= own]
        source = attributed[0] if attributed else chain[0]
        for piece in chain:
            piece.utterance = source.utterance
            if piece.mention is None:
                piece.cue, piece.mention = source.cue, source.mention
