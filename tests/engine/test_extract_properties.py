"""Property tests: arbitrary text never breaks extraction, and every offset holds."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from service.engine.pipeline import analyse

_PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "‘",
        "’",
        "'",
        "«",
        "»",
        "„",
        "``",
        "''",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        ",",
        ".",
        ":",
        " — ",
        "he said",
        "She told reporters that",
        "according to officials",
        "We will win",
        "the plan",
        "Iraq’s",
        "👍🏽",
        "e\u0301",
        "\t",
        "SAID",
        "said:",
    ]
)
_TEXT = st.one_of(st.lists(_PIECES, max_size=25).map("".join), st.text(max_size=60))


@pytest.mark.model
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_extract_never_raises_and_offsets_hold(nlp: Language, text: str) -> None:
    quotes = analyse(text, nlp)
    assert quotes == sorted(quotes, key=lambda q: (q.start, q.end))
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert 0.0 <= q.confidence <= 1.0
        for span in (q.cue, q.mention):
            if span is not None:
                assert text[span.start : span.end] == span.text
