"""Attributing each quotation: its cue in the sentence, a named speaker, a neighbouring cue or the running one."""

from __future__ import annotations

import re

from spacy.tokens import Token

from service.engine.article import Article
from service.engine.attribution import Context, cue_span, mention_of
from service.engine.continuity import Running
from service.engine.direct import (
    classify,
    colon_clause,
    colon_cue,
    colon_speaker,
    dash_speaker,
    find_cue,
    neighbour_cue,
    runs_to_end,
    signature_line,
)
from service.engine.marks import Paragraph, QuotedSpan, is_title
from service.engine.types import Quote, QuoteKind, Span

_CONTINUATION_PARAGRAPHS = 2
_BLANK = re.compile(r"\s*")
_MAX_BETWEEN = 80  # characters: longer stretches are more than a speaker's name
# confidence of a direct quotation by where its attribution was found
CONFIDENCE_CUE = 0.9  # a speech verb in the quotation's own sentence
CONFIDENCE_NAMED = 0.8  # a name after a dash or before a colon
CONFIDENCE_NEAR_CUE = 0.7  # the previous sentence's verb, or an unclosed quotation
CONFIDENCE_CONTINUED = 0.6  # borrowed from the previous attributed quotation
CONFIDENCE_NONE = 0.4


def direct_quote(article: Article, index: int, q: QuotedSpan, state: Running) -> Quote | None:
    """Return the quotation ``q`` of paragraph ``index`` with its attribution, None when it is nobody's."""
    text, para = article.text, article.paras[index]
    span, ctx = article.span(index), article.context(index)
    kind = classify(text, q, para.start)
    if article.headline(index):
        # "Ryan: ‘No place in a campaign.’" is the headline's one attributed form
        return _named(text, q, para, kind, state) if runs_to_end(text, q, para.end) else scare(text, q, state)
    if kind == "scare":
        return scare(text, q, state)
    cue: Token | None = find_cue(span, q, ctx) if span is not None else None
    following = article.paras[index + 1] if index + 1 < len(article.paras) else None
    named = _named(text, q, para, kind, state, following) if cue is None else None
    if named is not None:
        # its own attribution ("— Commissioner X", "And from Chairwoman Y:") beats any nearby cue
        state.last, state.last_paragraph = named, index
        return named
    neighbour = False
    if cue is None and span is not None and kind == "direct":
        cue = colon_clause(span, q, ctx) or neighbour_cue(span, q, ctx)
        neighbour = cue is not None
    cue_ctx = ctx
    prev_span = article.span(index - 1) if index > 0 else None
    if cue is None and prev_span is not None and _BLANK.fullmatch(text, para.start, q.start):
        # the quotation opens its paragraph: "Biden said:" may close the previous one
        cue_ctx = article.context(index - 1)
        cue = colon_cue(prev_span, cue_ctx)
    if kind == "partial" and cue is not None and not _governs(cue, q, cue_ctx):
        return scare(text, q, state)  # a fragment the cue does not govern: scare quotes near some other report
    if cue is not None:
        mention = mention_of(cue, cue_ctx) or _between(text, q, cue, cue_ctx)
        quote = Quote(
            text=text[q.start : q.end],
            start=q.start,
            end=q.end,
            kind=kind,
            confidence=CONFIDENCE_NEAR_CUE if neighbour or not q.closed else CONFIDENCE_CUE,
            cue=cue_span(cue, cue_ctx),
            mention=mention,
            utterance=state.utterance(cue_ctx.start(cue)),
        )
    else:
        found = _unattributed(text, q, para, kind, index, state)
        if found is None:
            return None
        quote = found
    if quote.mention is not None:
        state.last, state.last_paragraph = quote, index
    return quote


def scare(text: str, q: QuotedSpan, state: Running) -> Quote:
    """Return ``q`` as scare quotes: a title, a name or a headline's words, with no speaker."""
    # a title, a name or a headline's words in marks: nobody's words, and no speaker
    return Quote(text[q.start : q.end], q.start, q.end, "scare", CONFIDENCE_NONE, None, None, state.utterance(None))


def _governs(cue: Token, q: QuotedSpan, ctx: Context) -> bool:
    inside = [t for t in cue.sent if q.start <= ctx.start(t) and ctx.end(t) <= q.end]
    # a cue hanging off the quotation's verb ('"We will win," he said') governs it; a relative
    # clause on a quoted noun ('"tax reform," which he described as ...') describes the words
    return any(cue in t.ancestors or (t == cue.head and cue.dep_ != "relcl") for t in inside)


def _between(text: str, q: QuotedSpan, cue: Token, ctx: Context) -> Span | None:
    # the parse lost the subject: the words between the quotation and its cue name the speaker
    start, end = q.end, ctx.start(cue)
    if not 0 < end - start <= _MAX_BETWEEN:
        return None
    return ctx.span(start, end)


def _named(
    text: str, q: QuotedSpan, para: Paragraph, kind: QuoteKind, state: Running, signed: Paragraph | None = None
) -> Quote | None:
    named = (
        dash_speaker(text, q, para.end)
        or colon_speaker(text, q, para.start)
        or (signature_line(text, q, para.end, signed) if kind == "direct" else None)
    )
    if named is None:
        return None
    return Quote(text[q.start : q.end], q.start, q.end, kind, CONFIDENCE_NAMED, None, named, state.utterance(None))


def _unattributed(
    text: str, q: QuotedSpan, para: Paragraph, kind: QuoteKind, index: int, state: Running
) -> Quote | None:
    if kind != "direct" or is_title(text[slice(*q.inner(text))]):
        return scare(text, q, state)  # a fragment or a title ("Tales From the Crypt") nobody is said to have said
    last = state.last
    if last is not None and index - state.last_paragraph <= _CONTINUATION_PARAGRAPHS:
        utterance = last.utterance if q.continues else state.utterance(None)
        return Quote(
            text[q.start : q.end], q.start, q.end, kind, CONFIDENCE_CONTINUED, last.cue, last.mention, utterance
        )
    return Quote(text[q.start : q.end], q.start, q.end, kind, CONFIDENCE_NONE, None, None, state.utterance(None))
