"""Indirect (reported) speech: a speech verb with its clausal complement, and "according to X"."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.engine.attribution import Context, is_belief_cue, is_speech_cue

_CLAUSE_DEPS = frozenset({"ccomp"})
_MIN_CHARS = 8


@dataclass(frozen=True, slots=True)
class Reported:
    """A reported clause: its trimmed text range, the cue token and a confidence."""

    start: int
    end: int
    cue: Token
    confidence: float


def _range(tokens: list[Token], ctx: Context) -> tuple[int, int] | None:
    if not tokens:
        return None
    span = ctx.span(ctx.start(tokens[0]), ctx.end(tokens[-1]))
    if span is None or len(span.text) < _MIN_CHARS:
        return None
    return span.start, span.end


def _subtree_range(tok: Token, ctx: Context) -> tuple[int, int] | None:
    doc = tok.doc
    return _range(list(doc[tok.left_edge.i : tok.right_edge.i + 1]), ctx)


def _according(cue: Token, ctx: Context) -> tuple[int, int] | None:
    head = cue.head
    if head is cue:
        # "According to X, ..." parsed as its own root: the rest of the sentence is the content
        sent = cue.sent
        return _range(list(cue.doc[cue.right_edge.i + 1 : sent.end]), ctx)
    doc = cue.doc
    left = list(doc[head.left_edge.i : cue.left_edge.i])
    right = list(doc[cue.right_edge.i + 1 : head.right_edge.i + 1])
    return _range(right if len(right) >= len(left) else left, ctx)


def _parenthetical(cue: Token, ctx: Context) -> tuple[int, int] | None:
    # "The plan works, he said." - the cue hangs off the reported clause's verb
    head = cue.head
    if head is cue or head.i > cue.i or cue.dep_ not in ("parataxis", "advcl", "conj", "ccomp"):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    doc = cue.doc
    return _range(list(doc[head.left_edge.i : cue.left_edge.i]), ctx)


def reported_clauses(para: SpacySpan, ctx: Context) -> list[Reported]:
    """Return the reported clauses of speech and belief verbs in a paragraph."""
    out: list[Reported] = []
    for tok in para:
        if ctx.in_quote(tok):
            continue
        speech = is_speech_cue(tok)
        if not speech and not is_belief_cue(tok):
            continue
        confidence = 0.75 if speech else 0.45
        ranges: list[tuple[int, int] | None] = []
        if tok.lower_ == "according":
            ranges.append(_according(tok, ctx))
        else:
            ranges.extend(_subtree_range(c, ctx) for c in tok.children if c.dep_ in _CLAUSE_DEPS)
            if speech:
                ranges.append(_parenthetical(tok, ctx))
        out.extend(Reported(r[0], r[1], tok, confidence) for r in ranges if r is not None)
    return out
