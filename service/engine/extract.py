"""Quote extraction: direct, partial and indirect quotations with cues and speaker mentions."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.engine.annotate import needs_parse
from service.engine.attribution import Context, cue_span, mention_of
from service.engine.budget import check_deadline
from service.engine.continuity import Running, link_continued
from service.engine.direct import (
    classify,
    colon_cue,
    colon_speaker,
    dash_speaker,
    find_cue,
    introduced_by_colon,
    is_headline,
    neighbour_cue,
    runs_to_end,
)
from service.engine.indirect import Reported, reported_clauses
from service.engine.marks import Paragraph, QuotedSpan, paragraphs, scan
from service.engine.transcript import Labelled, labelled
from service.engine.types import Quote, QuoteKind, Span

_COVERED = 0.6  # a reported clause mostly inside quotation marks is the direct quote itself
_CONTINUATION_PARAGRAPHS = 2
_BLANK = re.compile(r"\s*")
_MAX_BETWEEN = 80  # characters: longer stretches are more than a speaker's name
# confidence of a direct quotation by where its attribution was found
CONFIDENCE_CUE = 0.9  # a speech verb in the quotation's own sentence
CONFIDENCE_NAMED = 0.8  # a name after a dash or before a colon
CONFIDENCE_NEAR_CUE = 0.7  # the previous sentence's verb, or an unclosed quotation
CONFIDENCE_CONTINUED = 0.6  # borrowed from the previous attributed quotation
CONFIDENCE_LABEL = 0.6  # "SPEAKER: words" paragraphs
CONFIDENCE_NONE = 0.4
_SPEECH_CONFIDENCE = 0.7  # reported clauses at least this sure set the running speaker


def extract_doc(doc: Doc) -> list[Quote]:
    """Return the quotations of an annotated ``Doc``; paragraphs without a cue word are read without a parse."""
    text = doc.text
    paras = paragraphs(text)
    parsed: dict[int, tuple[SpacySpan, int]] = {}
    # without a parse the rules still pair quotation marks and read dashes and labels
    usable = doc.has_annotation("DEP") and doc.has_annotation("TAG")
    for i, p in enumerate(paras):
        if usable and needs_parse(text[p.start : p.end]):
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is not None and len(span):
                parsed[i] = (span, 0)
    return _assemble(text, paras, parsed)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass(frozen=True, slots=True)
class _Article:
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


def _assemble(text: str, paras: list[Paragraph], parsed: dict[int, tuple[SpacySpan, int]]) -> list[Quote]:
    quoted = scan(text)
    ranges = tuple(sorted((q.start, q.end) for q in quoted))
    article = _Article(text, paras, parsed, ranges, tuple(itertools.accumulate((e for _, e in ranges), max)))
    by_para: dict[int, list[QuotedSpan]] = {}
    for q in quoted:
        by_para.setdefault(q.paragraph, []).append(q)
    state = Running()
    out: list[Quote] = []
    pieces: dict[QuotedSpan, Quote] = {}
    for index, para in enumerate(paras):
        check_deadline()
        span, ctx = article.span(index), article.context(index)
        state.paragraph = index
        marks = by_para.get(index, [])
        consumed: set[QuotedSpan] = set()
        label = labelled(text, para)
        if label is not None and not (marks and marks[0].start == label.content.start):
            out.append(_labelled_quote(label, marks, consumed, state))
        if span is not None:
            out.extend(_reported(text, span, ctx, para.start, marks, consumed, state))
        if not marks and label is None:
            out.extend(_after_colon(article, index, state))
        for q in marks:
            if q in consumed:
                continue
            quote = _direct(article, index, q, state)
            if quote is not None:
                out.append(quote)
                pieces[q] = quote
    link_continued(quoted, pieces, own=CONFIDENCE_NEAR_CUE)
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _labelled_quote(label: Labelled, marks: list[QuotedSpan], consumed: set[QuotedSpan], state: Running) -> Quote:
    content = label.content
    inside = [q for q in marks if _overlap((q.start, q.end), (content.start, content.end)) > 0]
    consumed.update(inside)
    kind: QuoteKind = "partial" if inside else "indirect"
    utterance = state.utterance(None)
    return Quote(content.text, content.start, content.end, kind, CONFIDENCE_LABEL, label.cue, label.mention, utterance)


def _reported(
    text: str,
    span: SpacySpan,
    ctx: Context,
    para_start: int,
    marks: list[QuotedSpan],
    consumed: set[QuotedSpan],
    state: Running,
) -> Iterable[Quote]:
    seen: set[tuple[int, int]] = set()
    if is_headline(text[para_start : ctx.limit[1]]):
        return  # a headline reports in its own shorthand: its marks are titles and scare quotes
    fragments: dict[QuotedSpan, tuple[Reported, tuple[int, int]]] = {}
    near = _Marks(marks)
    for r in reported_clauses(span, ctx):
        start, end = r.start, r.end
        inside = near.overlapping(start, end)
        embedded: list[QuotedSpan] = []
        whole: list[QuotedSpan] = []
        for q in inside:  # one pass: a membership test per quotation would be quadratic in them
            (embedded if _embedded(text, q, start, para_start) else whole).append(q)
        if sum(_overlap((start, end), (q.start, q.end)) for q in whole) > _COVERED * (end - start):
            continue  # the clause is a direct quotation the parser hung off the verb
        for q in embedded:
            consumed.add(q)
            start, end = min(start, q.start), max(end, q.end)
        if (start, end) in seen:
            continue
        seen.add((start, end))
        if not embedded:
            yield _quote(text, start, end, "indirect", r, ctx, state)
            continue
        # the speaker's own words are the marked fragments; the reporter's clause is their context
        for q in embedded:
            held = fragments.get(q)
            # Nested clauses ("said that ..., adding that ... “quickly”") hold the same fragment:
            # it is one quote, in the innermost clause.
            if held is None or end - start < held[1][1] - held[1][0]:
                fragments[q] = (r, (start, end))
    for q, (r, (start, end)) in sorted(fragments.items(), key=lambda item: item[0].start):
        yield _quote(text, q.start, q.end, "partial", r, ctx, state, Span(text[start:end], start, end))


class _Marks:
    """The quotations of one paragraph (sorted by start), found by the range they overlap."""

    def __init__(self, marks: list[QuotedSpan]) -> None:
        self.marks = marks
        self.starts = [q.start for q in marks]
        self.reach = list(itertools.accumulate((q.end for q in marks), max))  # furthest end so far

    def overlapping(self, start: int, end: int) -> list[QuotedSpan]:
        """The quotations sharing at least one character with ``[start, end)``."""
        lo, hi = bisect.bisect_right(self.reach, start), bisect.bisect_left(self.starts, end)
        return [q for q in self.marks[lo:hi] if _overlap((start, end), (q.start, q.end)) > 0]


def _embedded(text: str, q: QuotedSpan, clause_start: int, para_start: int) -> bool:
    # reporter's words before the quotation inside the clause ("said that it was “fine”")
    if any(ch.isalnum() for ch in text[clause_start : q.start]):
        return True
    return classify(text, q, para_start) == "partial"


def _quote(
    text: str,
    start: int,
    end: int,
    kind: QuoteKind,
    r: Reported,
    ctx: Context,
    state: Running,
    context: Span | None = None,
) -> Quote:
    quote = Quote(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,
        confidence=r.confidence,
        cue=cue_span(r.cue, ctx),
        mention=mention_of(r.cue, ctx),
        utterance=state.utterance(ctx.start(r.cue)),
        context=context,
    )
    if quote.mention is not None and r.confidence >= _SPEECH_CONFIDENCE:
        state.last, state.last_paragraph = quote, state.paragraph
    return quote


def _direct(article: _Article, index: int, q: QuotedSpan, state: Running) -> Quote | None:
    text, para = article.text, article.paras[index]
    span, ctx = article.span(index), article.context(index)
    kind = classify(text, q, para.start)
    if article.headline(index):
        # "Ryan: ‘No place in a campaign.’" is the headline's one attributed form
        return _named(text, q, para, kind, state) if runs_to_end(text, q, para.end) else _scare(text, q, state)
    if kind == "scare":
        return _scare(text, q, state)
    cue: Token | None = find_cue(span, q, ctx) if span is not None else None
    named = _named(text, q, para, kind, state) if cue is None else None
    if named is not None:
        # its own attribution ("— Commissioner X", "And from Chairwoman Y:") beats any nearby cue
        state.last, state.last_paragraph = named, index
        return named
    neighbour = False
    if cue is None and span is not None and kind == "direct":
        cue = neighbour_cue(span, q, ctx)
        neighbour = cue is not None
    cue_ctx = ctx
    prev_span = article.span(index - 1) if index > 0 else None
    if cue is None and prev_span is not None and _BLANK.fullmatch(text, para.start, q.start):
        # the quotation opens its paragraph: "Biden said:" may close the previous one
        cue_ctx = article.context(index - 1)
        cue = colon_cue(prev_span, cue_ctx)
    if kind == "partial" and cue is not None and not _governs(cue, q, cue_ctx):
        return _scare(text, q, state)  # a fragment the cue does not govern: scare quotes near some other report
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


def _after_colon(article: _Article, index: int, state: Running) -> list[Quote]:
    prev = article.span(index - 1) if index > 0 else None
    if prev is None:
        return []
    para = article.paras[index]
    found = introduced_by_colon(article.text, prev, article.context(index - 1), (para.start, para.end))
    if found is None:
        return []
    (content, cue), ctx = found, article.context(index - 1)
    said = (cue_span(cue, ctx), mention_of(cue, ctx), state.utterance(ctx.start(cue)))
    return [Quote(content.text, content.start, content.end, "indirect", CONFIDENCE_NEAR_CUE, *said)]


def _scare(text: str, q: QuotedSpan, state: Running) -> Quote:
    # a title, a name or a headline's words in marks: nobody's words, and no speaker
    return Quote(text[q.start : q.end], q.start, q.end, "scare", CONFIDENCE_NONE, None, None, state.utterance(None))


def _governs(cue: Token, q: QuotedSpan, ctx: Context) -> bool:
    inside = [t for t in cue.sent if q.start <= ctx.start(t) and ctx.end(t) <= q.end]
    return any(cue in t.ancestors or t is cue.head for t in inside)


def _between(text: str, q: QuotedSpan, cue: Token, ctx: Context) -> Span | None:
    # the parse lost the subject: the words between the quotation and its cue name the speaker
    start, end = q.end, ctx.start(cue)
    if not 0 < end - start <= _MAX_BETWEEN:
        return None
    return ctx.span(start, end)


def _named(text: str, q: QuotedSpan, para: Paragraph, kind: QuoteKind, state: Running) -> Quote | None:
    named = dash_speaker(text, q, para.end) or colon_speaker(text, q, para.start)
    if named is None:
        return None
    return Quote(text[q.start : q.end], q.start, q.end, kind, CONFIDENCE_NAMED, None, named, state.utterance(None))


def _unattributed(
    text: str, q: QuotedSpan, para: Paragraph, kind: QuoteKind, index: int, state: Running
) -> Quote | None:
    if kind != "direct":
        return _scare(text, q, state)  # a fragment nobody is said to have said
    last = state.last
    if last is not None and index - state.last_paragraph <= _CONTINUATION_PARAGRAPHS:
        utterance = last.utterance if q.continues else state.utterance(None)
        return Quote(
            text[q.start : q.end], q.start, q.end, kind, CONFIDENCE_CONTINUED, last.cue, last.mention, utterance
        )
    return Quote(text[q.start : q.end], q.start, q.end, kind, CONFIDENCE_NONE, None, None, state.utterance(None))
