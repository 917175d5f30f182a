"""Direct and partial quotations: classifying a quoted span and finding its attribution."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.engine.attribution import Context, is_speech_cue, window_tokens
from service.engine.lexicon import speech_forms
from service.engine.marks import TITLE_SMALL_WORDS, Paragraph, QuotedSpan, is_title
from service.engine.types import QuoteKind, Span

# "— Commissioner Jane Doe" after a closing mark: the dash names the speaker
_NAME_WORD = r"(?:[A-Z][\w’'.-]*|of|the|and|de|van|von)"
_DASH_SPEAKER = re.compile(rf"[ \t]*[—–]+[ \t]*([A-Z][\w’'.-]*(?:[ \t]+{_NAME_WORD}){{0,7}})")
_INTRO_BEFORE = frozenset(":,")
# the words that announce a title: what follows in marks names a work, not what anyone said
_TITLED = re.compile(r"\b(?:titled|entitled|headlined|captioned|subtitled)[ \t,]*$", re.IGNORECASE)
_TITLED_REACH = 16
_AFTER_TITLE = 40  # characters read after a title in marks
_HEADLINE_WORDS = 4  # "Biden Announces A ‘New Phase’" and longer
_HEADLINE_SHARE = 0.85  # a headline may keep a lower-case word the small-word list lacks
# "... surprise pollster Daron Shaw: “...”": the capitalised name right before the colon
_NAME_BEFORE_COLON = re.compile(r"((?:[A-Z][\w.’'-]*)(?:[ \t]+(?:[A-Z][\w.’'-]*|and|of)){0,4})[ \t]*:[ \t\u00a0]*$")


def classify(text: str, q: QuotedSpan, para_start: int) -> QuoteKind:
    """Return "direct" for a quoted utterance, "partial" for a fragment inside the reporter's sentence."""
    a, b = q.inner(text)
    body = text[a:b].strip().strip("….").strip()
    if not body:
        return "partial"
    before = last_visible(text, para_start, q.start)
    if body[0].isupper() and _TITLED.search(text, max(para_start, q.start - _TITLED_REACH), q.start):
        return "scare"  # 'an ad titled “Unifier”', 'a post headlined “We Must Act”': a title
    if is_title(body) and ((before.isalpha() and before.islower()) or _named_in_sentence(text, q.end)):
        return "scare"  # 'read "War and Peace"', 'said on "Face the Nation"', '"Tales From the Crypt," a series
    starts_clause = not before or before in _INTRO_BEFORE or before in '.!?”"’'
    words = len(body.split())
    if body[0].isupper() or body[0].isdigit():
        return "direct" if starts_clause or words >= 4 else "partial"
    finished = text[a:b].rstrip()[-1:] in (".", "!", "?")  # 'saying, “done.”' is a whole utterance
    return "direct" if starts_clause and (words >= 4 or finished) else "partial"


def _named_in_sentence(text: str, end: int) -> bool:
    # the sentence runs on past the title with the reporter's lower-case words and no speech verb:
    # '"A Time for Truth," published in 2015', not '"Thank You, America," he said'
    words = re.findall(r"[^\W\d_][\w’'-]*", text[end : end + _AFTER_TITLE])[:3]
    return bool(words) and words[0].islower() and not any(w.lower() in speech_forms() for w in words)


def last_visible(text: str, lo: int, hi: int) -> str:
    """Return the last non-space character of ``text[lo:hi]``, or ''."""
    # a walk back over the blank run, not a slice of everything before: per quotation this stays cheap
    j = hi - 1
    while j >= lo and text[j].isspace():
        j -= 1
    return text[j] if j >= lo else ""


def is_headline(paragraph: str) -> bool:
    """Return whether a paragraph is a headline: nearly every content word capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", paragraph) if w.lower() not in TITLE_SMALL_WORDS]
    if len(words) < _HEADLINE_WORDS or paragraph.isupper():
        return False
    return bool(sum(w[0].isupper() for w in words) >= _HEADLINE_SHARE * len(words))


def runs_to_end(text: str, q: QuotedSpan, para_end: int) -> bool:
    """Return whether nothing but punctuation follows the quotation in its paragraph."""
    return not any(ch.isalnum() for ch in text[q.end : para_end])


def dash_speaker(text: str, q: QuotedSpan, para_end: int) -> Span | None:
    """Return the speaker named after a dash that follows the quotation, if any."""
    m = _DASH_SPEAKER.match(text, q.end, para_end)
    if not m:
        return None
    start, end = m.span(1)
    while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
        end -= 1
    return Span(text[start:end], start, end)


_SIGNATURE_WORDS = 16
_OPENING_MARKS = frozenset('“"‘«')
_CLOSING_MARK_END = re.compile(r"[.!?]?\s*[”\"’']\s*$")
_SIGNATURE_DASH = re.compile(r"\s*[-—–]+\s*(?=[A-Z])")


def signature_line(text: str, q: QuotedSpan, para_end: int, signed: Paragraph | None) -> Span | None:
    """Return the name that signs a quotation on the line after it: "—Jane Roe, on the vote.", or
    'Jane Roe, historian."' closing a quotation left open at its line's end."""
    if signed is None or not runs_to_end(text, q, para_end):
        return None
    line = text[signed.start : signed.end]
    words = line.split()
    if not words or len(words) > _SIGNATURE_WORDS or any(ch in _OPENING_MARKS for ch in line.rstrip()[:-1]):
        return None
    dash = _SIGNATURE_DASH.match(line)
    if dash is not None:
        start = signed.start + dash.end()
    elif not q.closed and _CLOSING_MARK_END.search(line) and all(w[0].isupper() for w in words[:2]):
        start = signed.start  # 'Jane Roe, historian."': the quotation's marks close after its signature
    else:
        return None
    end = text.find(",", start, signed.end)
    found = Context(text, 0, ()).span(start, end if end > 0 else signed.end)
    return found if found is not None and found.text[:1].isupper() else None


def colon_speaker(text: str, q: QuotedSpan, para_start: int) -> Span | None:
    """Return the name that introduces the quotation with a colon and no verb, if any."""
    m = _NAME_BEFORE_COLON.search(text, max(para_start, q.start - 120), q.start)
    if not m:
        return None
    start, end = m.span(1)
    return Span(text[start:end], start, end)


def _closest(tokens: list[Token]) -> Token | None:
    for tok in tokens:
        if is_speech_cue(tok):
            return tok
    return None


def find_cue(para: SpacySpan, q: QuotedSpan, ctx: Context) -> Token | None:
    """Return the speech verb next to the quotation in its sentence, after it first, else before."""
    after, before = window_tokens(para, q.start, q.end, ctx)
    cue = _closest(after)
    if cue is not None and _next_sentence(ctx.text, q, after, cue):
        cue = None
    return cue or _closest(before)


def _next_sentence(text: str, q: QuotedSpan, after: list[Token], cue: Token) -> bool:
    """Whether the cue after a quotation opens the next sentence: '“We are ready.” She added that ...'."""
    # a quotation closed by its own full stop ends the sentence; a capitalised word after it and a cue
    # with content of its own ("added that ...", "noted a rally") report something else
    a, b = q.inner(text)
    body = text[a:b].rstrip()
    words = [t for t in after if t.is_alpha]
    if not body.endswith(".") or not words or not words[0].text[0].isupper():
        return False
    return any(c.i > cue.i and c.dep_ in ("ccomp", "dobj", "xcomp") for c in cue.children)


def colon_clause(para: SpacySpan, q: QuotedSpan, ctx: Context) -> Token | None:
    """Return the verb of the clause that introduces the quotation with a colon, when it has a subject."""
    # "She then turned to the crowd: “...”", "The senator released a statement: “...”": no verb of
    # saying, but the clause before the colon names whose words follow
    if last_visible(ctx.text, ctx.limit[0], q.start) != ":":
        return None
    _, before = window_tokens(para, q.start, q.end, ctx)
    inside = {t.i for t in before}
    for tok in before:  # nearest first
        if tok.pos_ not in ("VERB", "AUX") or (tok.head.i in inside and tok.head.i != tok.i):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(c) for c in tok.children):
            return tok
    return None


def neighbour_cue(para: SpacySpan, q: QuotedSpan, ctx: Context) -> Token | None:
    """Return the speech verb of the sentence just before the quotation in its paragraph, if any."""
    # From the last unquoted token before the quotation back to its sentence's start: the work
    # per quotation is one sentence, not the paragraph.
    last = _last_outside(para, q.start, ctx)
    if last < 0:
        return None
    first = max(0, para[last].sent.start - para.start)
    cues = [para[i] for i in range(last, first - 1, -1) if not ctx.in_quote(para[i]) and is_speech_cue(para[i])]
    # the sentence's own report, not one in its relative or concessive clause: "X told a crowd that the
    # campaign estimated at 3,000", "X said, though officials have not said so": the cue nearest the root,
    # the last one among equals; "according to Y" is the source of the whole sentence
    return min(cues, key=_report_depth) if cues else None


def _report_depth(cue: Token) -> int:
    return 0 if cue.lower_ == "according" else sum(1 for _ in cue.ancestors)


def _last_outside(para: SpacySpan, pos: int, ctx: Context) -> int:
    """Index in ``para`` of the last token ending by ``pos`` outside every quotation, or -1."""
    i = bisect.bisect_right(para, pos, key=ctx.end) - 1  # type: ignore[call-overload]
    while i >= 0 and ctx.in_quote(para[i]):
        # jump over the quotation holding the token (quotations are disjoint in a paragraph)
        opened = ctx.quote_start(ctx.start(para[i]))
        i = min(i - 1, bisect.bisect_left(para, opened, key=ctx.start) - 1)  # type: ignore[call-overload]
    return i


def colon_cue(para: SpacySpan, ctx: Context) -> Token | None:
    """Return the last speech verb of a paragraph that ends with a colon (it introduces the next one)."""
    if last_visible(ctx.text, 0, ctx.end(para[-1])) != ":":
        return None
    cues = [t for t in para if is_speech_cue(t) and not ctx.in_quote(t)]
    return cues[-1] if cues else None


def introduced_by_colon(
    text: str, prev: SpacySpan, prev_ctx: Context, para: tuple[int, int]
) -> tuple[Span, Token] | None:
    """Return the unquoted paragraph a previous "the agency said:" introduces, with that cue."""
    if is_headline(text[para[0] : para[1]]):
        return None
    cue = colon_cue(prev, prev_ctx)
    if cue is None:
        return None
    content = Context(text, 0, ()).span(*para)
    return (content, cue) if content is not None else None
