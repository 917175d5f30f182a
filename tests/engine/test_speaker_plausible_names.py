"""Which cleaned mentions look like a person's name (no model)."""

from __future__ import annotations

import pytest

from service.engine.speakers.entity import plausible_name


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
