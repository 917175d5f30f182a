"""Trailing time, event and audience phrases of a report: the reporter's framing, not the content."""

from __future__ import annotations

import functools

from spacy.tokens import Token

from service.engine.lexicon import read_list

_TIME_DEPS = frozenset({"npadvmod", "tmod"})
_ADDRESSEE = "to"  # after a speech verb, "to X" is who was told ("told to reporters", "wrote to Smith")


@functools.cache
def event_nouns() -> frozenset[str]:
    """Return head nouns of event, medium and audience phrases ("statement", "rally", "reporters")."""
    return frozenset(read_list("event_nouns.txt"))


@functools.cache
def adjunct_nouns() -> frozenset[str]:
    """Return head nouns of time, event and audience phrases ("Monday", "statement", "reporters")."""
    return frozenset(read_list("time_nouns.txt")) | event_nouns()


def is_adjunct(tok: Token, *, addressee: bool = False, timed: bool = True) -> bool:
    """Return whether the phrase headed by ``tok`` places a report at an event, before an audience or in time."""
    nouns = adjunct_nouns() if timed else event_nouns()
    if tok.dep_ in _TIME_DEPS:
        return tok.lower_ in nouns
    if tok.dep_ != "prep":
        return False
    if addressee and tok.lower_ == _ADDRESSEE:
        return True
    objects = [c for c in tok.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].lower_ in nouns
