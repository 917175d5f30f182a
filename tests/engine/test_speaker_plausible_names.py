"""Which cleaned mentions look like a person's name, and how a name is written (no model)."""

from __future__ import annotations

import pytest

from service.engine.speakers.entity import plausible_name
from service.engine.speakers.registry import uncapitalised


@pytest.mark.parametrize(
    ("text", "plausible"),
    [
        ("Pete King", True),  # a surname that is also a title, after a given name
        ("Patty Judge", True),
        ("Jane Roe", True),
        ("King", False),  # alone, a title
        ("Press Secretary", False),
        ("Majority Leader", False),
        ("Donald J. Trump Foundation", False),  # an organisation's head word is never a surname
        ("Cruz’s Iowa", False),
    ],
)
def test_plausible_name(text: str, plausible: bool) -> None:
    assert plausible_name(text) is plausible


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("WALLACE", "Wallace"),  # a transcript's speaker label
        ("KATE BOULDUAN", "Kate Boulduan"),
        ("J.D. VANCE", "J.D. Vance"),
        ("JFK", "JFK"),  # initials stay
        ("NCLB", "NCLB"),
        ("Jane Roe", "Jane Roe"),
    ],
)
def test_a_name_set_in_capitals_is_written_as_a_name(name: str, written: str) -> None:
    assert uncapitalised(name) == written
