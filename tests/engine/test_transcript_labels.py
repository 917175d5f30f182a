"""Colon labels: a speaker's words, or a roster of names under a heading."""

from __future__ import annotations

from service.engine.marks import paragraphs
from service.engine.transcript import labelled


def _label(text: str) -> str | None:
    found = labelled(text, paragraphs(text)[0])
    return found.mention.text if found else None


def test_a_speaker_label_attributes_the_line() -> None:
    assert _label("GRAHAM: We are going to win this fight in the fall.") == "GRAHAM"


def test_a_roster_under_a_heading_is_nobody_s_words() -> None:
    assert _label("Iowa: Ann Albrecht, Brad Anders, Rob Barron, Jeff Boeyink and Bonnie Camp.") is None
    assert _label("Nevada: Adam Khan, Andres Ramos, Andrew Diss, Barbara Buck.") is None


def test_a_short_entry_under_a_name_is_a_list_item_a_capitalised_label_a_line() -> None:
    # "what each candidate needs": "Cruz: Just hang on." is the reporter's entry, not Cruz's words
    assert _label("Cruz: Just hang on.") is None
    assert _label("Kasich: Win in a walk.") is None
    assert _label("TRUMP: Just hang on.") == "TRUMP"
    assert _label("Graham: Trump Is Destroying the Party") == "Graham"


def test_a_short_headline_quoting_someone_keeps_its_label() -> None:
    assert _label("Khans: Trump stirs ‘ugliness’") == "Khans"
    assert _label("Cruz: Don’t quit now.") is None  # an apostrophe quotes no one
