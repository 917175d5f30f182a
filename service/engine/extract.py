"""Quote extraction: direct, partial and indirect quotations with cues and speaker mentions."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Iterable

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from service.engine.annotate import needs_parse
from service.engine.article import Article, overlap
from service.engine.attribution import Context, cue_span, mention_of, trim
from service.engine.budget import check_deadline
from service.engine.continuity import Running, link_continued
from service.engine.direct import classify, introduced_by_colon, is_headline
from service.engine.indirect import Reported, reported_clauses
from service.engine.lexicon import quoting_forms, speech_forms
from service.engine.marks import Paragraph, QuotedSpan, paragraphs, scan
from service.engine.quoted import CONFIDENCE_NEAR_CUE, direct_quote
from service.engine.transcript import Labelled, labelled
from service.engine.types import Quote, QuoteKind, Span

_COVERED = 0.6  # a reported clause mostly inside quotation marks is the direct quote itself
CONFIDENCE_LABEL = 0.6  # "SPEAKER: words" paragraphs
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


def _assemble(text: str, paras: list[Paragraph], parsed: dict[int, tuple[SpacySpan, int]]) -> list[Quote]:
    quoted = scan(text)
    ranges = tuple(sorted((q.start, q.end) for q in quoted))
    article = Article(text, paras, parsed, ranges, tuple(itertools.accumulate((e for _, e in ranges), max)))
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
            quote = direct_quote(article, index, q, state)
            if quote is not None:
                quote = _mixed(text, quote, para.end)
                out.append(quote)
                pieces[q] = quote
    link_continued(quoted, pieces, own=CONFIDENCE_NEAR_CUE)
    out = [q for q in out if _without_markup(text, q)]
    out.sort(key=lambda q: (q.start, q.end))
    return out


# Embedded markup left in a text ('<tweet author="@x">...</tweet>'): a tag is nobody's words,
# and a quote that opens inside a tag's attributes had the tag name ("tweet") read as its verb.
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>?|^[^<>]*>")
_INSIDE_TAG = re.compile(r"^[^<>]*=\"[^<>]*>")


def _without_markup(text: str, quote: Quote) -> bool:
    """Keep ``quote`` to its first stretch of words between tags; return False when it has none."""
    tags = list(_TAG.finditer(quote.text))
    if not tags:
        return True
    if _INSIDE_TAG.match(quote.text):
        return False
    bounds = [0, *(x for m in tags for x in (m.start(), m.end())), len(quote.text)]
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        start, end = trim(text, quote.start + a, quote.start + b)
        if len(text[start:end].split()) >= 2:
            quote.text, quote.start, quote.end = text[start:end], start, end
            return True
    return False


def _labelled_quote(label: Labelled, marks: list[QuotedSpan], consumed: set[QuotedSpan], state: Running) -> Quote:
    content = label.content
    inside = [q for q in marks if overlap((q.start, q.end), (content.start, content.end)) > 0]
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
        # a headline reports in its own shorthand: its marks are titles and scare quotes, and only a
        # clause a speech verb governs ("Mayor Says Bridge Will Reopen") is what someone said
        for r in reported_clauses(span, ctx):
            if _clausal(r, ctx) and not _Marks(marks).overlapping(min(r.start, ctx.end(r.cue)), r.end):
                yield _quote(text, r.start, r.end, "indirect", r, ctx, state)
        return
    fragments: dict[QuotedSpan, tuple[Reported, tuple[int, int]]] = {}
    near = _Marks(marks)
    for r in reported_clauses(span, ctx):
        start, end = r.start, r.end
        end, embedded, whole = _sorted_marks(text, near.overlapping(start, end), r, ctx, para_start)
        if sum(overlap((start, end), (q.start, q.end)) for q in whole) > _COVERED * (end - start):
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
            # it is one quote, in the innermost clause of the surest cue ("says he feels he did
            # “great”" is what he says, not only what he feels)
            if held is None or (-r.confidence, end - start) < (-held[0].confidence, held[1][1] - held[1][0]):
                fragments[q] = (r, (start, end))
    for q, (r, (start, end)) in sorted(fragments.items(), key=lambda item: item[0].start):
        end = _run_on(text, end, ctx.limit[1])
        yield _quote(text, q.start, q.end, "partial", r, ctx, state, Span(text[start:end], start, end))


# A reported clause the parser ended at a closing mark goes on when a lower-case word follows it
# ('called the law “much, much better” than the old one'): up to the clause's next stop.
_CLOSING = frozenset('”"')
_LOWER_NEXT = re.compile(r"[ \t]+(?=[a-z])")
_CLAUSE_STOP = re.compile(r"[,;:()\[\]“”\"]|\s[—–-]{1,2}\s|[.!?](?=\s|$)")
_INNER_STOPS = frozenset(",.;:!?")
_TAG_SUBJECTS = frozenset({"he", "she", "they", "we", "i", "it", "according"})


def _mixed(text: str, quote: Quote, limit: int) -> Quote:
    """Return a quotation the reporter's sentence runs on from ('“…” for second place') as a partial quote."""
    if quote.kind != "direct":
        return quote
    end = _run_on(text, quote.end, limit)
    if end == quote.end:
        return quote
    return dataclasses.replace(quote, kind="partial", context=Span(text[quote.start : end], quote.start, end))


def _run_on(text: str, end: int, limit: int) -> int:
    """Return where a clause ending at a closing mark really ends ('“…” than the old one')."""
    if end < 2 or text[end - 1] not in _CLOSING:
        return end
    inner = text[:end].rstrip("”’'\"")
    if not inner or inner[-1] in _INNER_STOPS:
        return end  # '“peanuts,” compared to': a stop inside the marks ends the clause (US style)
    gap = _LOWER_NEXT.match(text, end, limit)
    if gap is None:
        return end
    stop = _CLAUSE_STOP.search(text, gap.end(), limit)
    until = stop.start() if stop else limit
    words = [w.strip(".,;:!?") for w in text[gap.end() : until].split()]
    if not words or words[0] in _TAG_SUBJECTS or any(w in speech_forms() for w in words):
        return end  # '“…” he said', '“…” a senior official said', '“…” and added': an attribution
    return len(text[:until].rstrip())


def _outside(mention: Span | None, start: int, end: int) -> Span | None:
    # a "speaker" inside what was said is the parser taking the content's words for the subject
    return None if mention is None or (mention.start < end and start < mention.end) else mention


def _clausal(r: Reported, ctx: Context) -> bool:
    # a speech verb's clausal complement makes up the report: not an object, not a belief
    inside = [c for c in r.cue.children if c.dep_ == "ccomp" and r.start <= ctx.end(c) <= r.end]
    return r.confidence >= _SPEECH_CONFIDENCE and bool(inside)


class _Marks:
    """The quotations of one paragraph (sorted by start), found by the range they overlap."""

    def __init__(self, marks: list[QuotedSpan]) -> None:
        self.marks = marks
        self.starts = [q.start for q in marks]
        self.reach = list(itertools.accumulate((q.end for q in marks), max))  # furthest end so far

    def overlapping(self, start: int, end: int) -> list[QuotedSpan]:
        """The quotations sharing at least one character with ``[start, end)``."""
        lo, hi = bisect.bisect_right(self.reach, start), bisect.bisect_left(self.starts, end)
        return [q for q in self.marks[lo:hi] if overlap((start, end), (q.start, q.end)) > 0]


def _embedded(text: str, q: QuotedSpan, clause_start: int, para_start: int) -> bool:
    # reporter's words before the quotation inside the clause ("said that it was “fine”")
    if any(ch.isalnum() for ch in text[clause_start : q.start]):
        return True
    return classify(text, q, para_start) == "partial"


def _sorted_marks(
    text: str, inside: list[QuotedSpan], r: Reported, ctx: Context, para_start: int
) -> tuple[int, list[QuotedSpan], list[QuotedSpan]]:
    """Return the clause's end and its quotations split into fragments of it and whole quotations."""
    end = r.end
    embedded: list[QuotedSpan] = []
    whole: list[QuotedSpan] = []
    for q in inside:  # one pass: a membership test per quotation would be quadratic in them
        chant = _chant_start(q, r, ctx)
        cut = ctx.span(r.start, chant) if chant is not None and r.start < chant < end else None
        if cut is not None:
            end = cut.end
        (embedded if chant is None and _embedded(text, q, r.start, para_start) else whole).append(q)
    return end, embedded, whole


def _chant_start(q: QuotedSpan, r: Reported, ctx: Context) -> int | None:
    """Return where the chant holding ``q`` begins, if a quoting verb under the cue reports it."""
    # "said that the plan was dead as the crowd chanted “No”": the chant is the crowd's own
    # quotation, and the clause the outer verb reports ends before it
    span = r.cue.doc.char_span(q.start - ctx.base, q.end - ctx.base, alignment_mode="contract")
    if span is None or not len(span):
        return None
    for tok in span.root.ancestors:
        if tok.i == r.cue.i:
            return None
        if tok.lower_ in quoting_forms():
            return ctx.start(tok.left_edge)
    return None


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
        mention=_outside(mention_of(r.cue, ctx), start, end),
        utterance=state.utterance(ctx.start(r.cue)),
        context=context,
    )
    if quote.mention is not None and r.confidence >= _SPEECH_CONFIDENCE:
        state.last, state.last_paragraph = quote, state.paragraph
    return quote


def _after_colon(article: Article, index: int, state: Running) -> list[Quote]:
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
