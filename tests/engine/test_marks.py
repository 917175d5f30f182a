"""Quotation-mark scanning and pairing: rule level, no model."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.marks import ALL_MARKS, paragraphs, scan


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("He said “we will win” today.", ["“we will win”"], id="curly-double"),
        pytest.param('He said "we will win" today.', ['"we will win"'], id="straight-double"),
        pytest.param("He said ‘we will win’ today.", ["‘we will win’"], id="curly-single"),
        pytest.param("He said 'we will win' today.", ["'we will win'"], id="straight-single"),
        pytest.param("Il a dit «nous gagnerons» hier.", ["«nous gagnerons»"], id="guillemets"),
        pytest.param("Sie sagte „wir schaffen das“ gestern.", ["„wir schaffen das“"], id="german-low-high"),
        pytest.param("He said ``we will win'' today.", ["``we will win''"], id="latex-backticks"),
        pytest.param(
            '<post id="12" author="@mayor" date=\'2020-01-02\'>The bridge is “safe” now.</post>',
            ["“safe”"],
            id="marks-inside-markup-tags",
        ),
        pytest.param('If a < b and b > "c" then', ['"c"'], id="angle-brackets-that-are-no-tag"),
        pytest.param("He said ''we will win'' today.", ["''we will win''"], id="two-apostrophes"),
        pytest.param(
            "“We will be on a combat mission, “the President said later.",
            ["“We will be on a combat mission, “"],
            id="closing-typed-as-opening",
        ),
        pytest.param(
            "“America is assisting. “We will crush them together,” he declared.",
            ["“America is assisting. “We will crush them together,”"],
            id="stray-opening-inside-quote",
        ),
        pytest.param(
            "“No one will declare ‘mission accomplished,'” an official said.",
            ["“No one will declare ‘mission accomplished,'”"],
            id="nested-single-closed-by-apostrophe",
        ),
        pytest.param("“A,” he said, “B.”", ["“A,”", "“B.”"], id="split-quote"),
        pytest.param("Iraq’s army and we’re back in the ’90s, O'Brien's view.", [], id="apostrophes"),
        pytest.param("The officials’ plan was ‘bold’ in the end.", ["‘bold’"], id="plural-possessive"),
        pytest.param("“Never closed at the end", ["“Never closed at the end"], id="unclosed-at-end"),
        pytest.param(
            "“Unclosed paragraph\n\nNext paragraph, no quote.",
            ["“Unclosed paragraph"],
            id="unclosed-at-paragraph-end",
        ),
        pytest.param("Odd ” marks “ here", ["“ here"], id="odd-marks"),
        pytest.param("”Typed backwards,” he said.", ["”Typed backwards,”"], id="closing-mark-as-opening"),
    ],
)
def test_pairing(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_multi_paragraph_quote_reopens_without_closing() -> None:
    text = "“First paragraph goes on.\n\n“Second one closes,” she said."
    spans = scan(text)
    assert [text[q.start : q.end] for q in spans] == ["“First paragraph goes on.", "“Second one closes,”"]
    assert (spans[0].closed, spans[1].continues) == (False, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One.\n\nTwo.", ["One.", "Two."], id="blank-line"),
        pytest.param("One.\nTwo.", ["One.", "Two."], id="line-after-sentence"),
        pytest.param("a senior administration\nofficial said", ["a senior administration\nofficial said"], id="soft"),
        pytest.param("One.\r\n\r\nTwo.", ["One.", "Two."], id="crlf"),
        pytest.param("  \n\n ", [], id="blank"),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert [text[p.start : p.end] for p in paragraphs(text)] == expected


def test_inner_range_excludes_the_marks() -> None:
    text = "He said ``we will win'' today."
    (span,) = scan(text)
    start, end = span.inner(text)
    assert text[start:end] == "we will win"


_TEXT = st.text(
    alphabet=st.sampled_from([*sorted(ALL_MARKS), "a", "B", " ", "\n", "\r", ".", ",", "é", "👍", "\u0301", "—"]),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_scan_never_raises_and_offsets_hold(text: str) -> None:
    spans = scan(text)
    assert spans == sorted(spans, key=lambda q: q.start)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start] in ALL_MARKS
        a, b = q.inner(text)
        assert q.start <= a <= b <= q.end
    doubles = [q for q in spans if q.double]
    for first, second in itertools.pairwise(doubles):
        assert first.end <= second.start
