"""Quotation-mark scanning and pairing: pure Python, no model, never raises.

The scanner walks each paragraph as a small state machine. Double marks are paired first
(they carry almost all quotations in news); single marks are paired only outside double
quotations, so nested quotes and apostrophes inside a quote never disturb the outer pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = frozenset("“„«‟")
DOUBLE_CLOSE = frozenset("”»")
DOUBLE_AMBIGUOUS = frozenset('"')
SINGLE_OPEN = frozenset("‘‚‹")
SINGLE_CLOSE = frozenset("’›")
SINGLE_AMBIGUOUS = frozenset("'`")
_SINGLES = SINGLE_OPEN | SINGLE_CLOSE | SINGLE_AMBIGUOUS
ALL_MARKS = DOUBLE_OPEN | DOUBLE_CLOSE | DOUBLE_AMBIGUOUS | SINGLE_OPEN | SINGLE_CLOSE | SINGLE_AMBIGUOUS

_TITLE_WORDS = 8
TITLE_SMALL_WORDS = frozenset({"a", "an", "and", "the", "of", "for", "with", "in", "on", "to", "de", "or", "at"})
_SENTENCE_END = frozenset('.!?:;”"’)…')
_BEFORE_OPEN = frozenset("([{—–-/")
_AFTER_CLOSE = frozenset(",.;:!?)]}—–-…")
# markup left in the text (an embedded post's '<tweet id="…" author="…">'): its attribute marks quote nothing
_TAG = re.compile(r"<[A-Za-z/!][^<>\n]{0,400}>")
# A paragraph break: one or more blank lines (lines of spaces and tabs count as blank).
BLANK_LINES = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's character range in the text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A paired (or unclosed) quotation: ``start`` is at the opening mark, ``end`` after the closing one."""

    start: int
    end: int
    paragraph: int
    double: bool
    closed: bool
    continues: bool = False  # reopens a quotation left unclosed in the previous paragraph

    def inner(self, text: str) -> tuple[int, int]:
        """Return the range of the words between the marks."""
        start = self.start + _mark_length(text, self.start)
        end = self.end
        if self.closed:
            end -= _mark_length_before(text, self.end)
        return start, max(start, end)


def _mark_length(text: str, pos: int) -> int:
    return 2 if text[pos : pos + 2] in ("``", "''") else 1


def _mark_length_before(text: str, end: int) -> int:
    return 2 if end >= 2 and text[end - 2 : end] == "''" else 1


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs: blank lines, or a line break after a finished sentence."""
    bounds: list[Paragraph] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if text[i] == "\n":
            blank = BLANK_LINES.match(text, i)
            # the line's last visible character, walked back to, not the paragraph so far sliced
            prev = _prev_visible(text, i, start)
            nxt = text[i + 1 : i + 2]
            if (
                blank
                or not prev
                or prev in _SENTENCE_END
                or nxt[:1].isupper()
                or nxt[:1] in DOUBLE_OPEN
                or nxt[:1] in DOUBLE_AMBIGUOUS
            ):
                if prev:
                    bounds.append(Paragraph(start, i))
                start = i + 1
        i += 1
    if text[start:].strip():
        bounds.append(Paragraph(start, n))
    return [_strip(text, p) for p in bounds]


def _strip(text: str, p: Paragraph) -> Paragraph:
    start, end = p.start, p.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Paragraph(start, end)


def _prev_char(text: str, pos: int, lo: int) -> str:
    return text[pos - 1] if pos > lo else " "


def _next_char(text: str, pos: int, hi: int) -> str:
    return text[pos] if pos < hi else " "


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Return (position, length, role) for each double mark, role in open/close/ambiguous."""
    out: list[tuple[int, int, str]] = []
    i = lo
    while i < hi:
        ch = text[i]
        tag = _TAG.match(text, i, hi) if ch == "<" else None
        if tag is not None:
            i = tag.end()
            continue
        two = text[i : i + 2] if i + 1 < hi else ""
        if two == "``":
            out.append((i, 2, "open"))
            i += 2
            continue
        if two == "''":
            out.append((i, 2, "ambiguous"))
            i += 2
            continue
        if ch in DOUBLE_OPEN:
            out.append((i, 1, "open"))
        elif ch in DOUBLE_CLOSE:
            out.append((i, 1, "close"))
        elif ch in DOUBLE_AMBIGUOUS:
            out.append((i, 1, "ambiguous"))
        i += 1
    return out


def _looks_opening(text: str, pos: int, length: int, lo: int, hi: int) -> bool | None:
    before = _prev_char(text, pos, lo)
    after = _next_char(text, pos + length, hi)
    opening = before.isspace() or before in _BEFORE_OPEN or pos == lo
    closing = after.isspace() or after in _AFTER_CLOSE or pos + length >= hi
    if opening and not closing:
        return True
    if closing and not opening:
        return False
    return None


def _first_word_lower(text: str, pos: int, hi: int) -> bool:
    j = pos
    while j < hi and (text[j].isspace() or text[j] in "…."):
        j += 1
    return j < hi and text[j].islower()


def _prev_visible(text: str, pos: int, lo: int) -> str:
    j = pos - 1
    while j >= lo and text[j].isspace():
        j -= 1
    return text[j] if j >= lo else ""


def _pair_doubles(text: str, para: Paragraph, index: int) -> list[QuotedSpan]:
    lo, hi = para.start, para.end
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_char = ""
    for pos, length, role in _double_marks(text, lo, hi):
        if open_at is None:
            looks = _looks_opening(text, pos, length, lo, hi)
            # a closing mark right after a space and before a word is a mistyped opening one
            if role == "open" or (role == "ambiguous" and looks is not False) or looks is True:
                open_at, open_char = pos, text[pos]
            continue
        closes = role in ("close", "ambiguous")
        if role == "open":
            if open_char == "„" and text[pos] == "“":
                closes = True  # German-style „…“
            elif _first_word_lower(text, pos + length, hi) and _prev_visible(text, pos, lo) in ",.!?—–-":
                closes = True  # an opening mark typed where the closing one belongs
            # otherwise a stray opening mark inside the quotation: keep the outer one
        if closes:
            end = pos + length
            spans.append(QuotedSpan(open_at, end, index, double=True, closed=True))
            open_at = None
    if open_at is not None:
        spans.append(QuotedSpan(open_at, hi, index, double=True, closed=False))
    return spans


def _is_apostrophe(text: str, pos: int, lo: int, hi: int) -> bool:
    before = _prev_char(text, pos, lo)
    after = _next_char(text, pos + 1, hi)
    if before.isalnum() and after.isalnum():
        return True  # we’re, Iraq’s, rock'n'roll
    return after.isdigit()  # ’90s


def _pair_singles(text: str, para: Paragraph, index: int, taken: list[QuotedSpan]) -> list[QuotedSpan]:
    lo, hi = para.start, para.end
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    i = lo
    for span in [*taken, QuotedSpan(hi, hi, index, double=True, closed=True)]:
        while i < span.start:
            ch = text[i]
            tag = _TAG.match(text, i, span.start) if ch == "<" else None
            if tag is not None:
                i = tag.end()
                continue
            if ch in _SINGLES and not _is_apostrophe(text, i, lo, hi):
                role = _looks_opening(text, i, 1, lo, hi)
                if open_at is None and (ch in SINGLE_OPEN or (role is True and ch != "’")):
                    open_at = i
                elif open_at is not None and role is False and ch not in SINGLE_OPEN:
                    if i > open_at + 1:
                        spans.append(QuotedSpan(open_at, i + 1, index, double=False, closed=True))
                    open_at = None
            i += 1
        # a single quotation never spans a double one, and unclosed singles are dropped:
        # too many of them are apostrophes
        open_at = None
        i = max(i, span.end)
    return spans


def scan(text: str) -> list[QuotedSpan]:
    """Return the quotations in ``text``, sorted by start; an odd number of marks never raises."""
    out: list[QuotedSpan] = []
    previous_unclosed = False
    for index, para in enumerate(paragraphs(text)):
        doubles = _pair_doubles(text, para, index)
        if doubles and previous_unclosed and doubles[0].start == para.start:
            first = doubles[0]
            doubles[0] = QuotedSpan(first.start, first.end, index, True, first.closed, continues=True)
        previous_unclosed = bool(doubles) and not doubles[-1].closed
        singles = _pair_singles(text, para, index, doubles)
        out.extend(sorted([*doubles, *singles], key=lambda s: s.start))
    return out


def is_title(body: str) -> bool:
    """Return whether ``body`` reads as a title: "War and Peace", every content word capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", body) if w.lower() not in TITLE_SMALL_WORDS]
    return 2 <= len(words) <= _TITLE_WORDS and all(w[0].isupper() for w in words) and not body.isupper()
