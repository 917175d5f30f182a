"""Trailing time, event and audience phrases of a report: the reporter's framing, not the content."""

from __future__ import annotations

import functools

from spacy.tokens import Token

from service.engine.lexicon import read_list

_TIME_DEPS = frozenset({"npadvmod", "tmod"})
_ADDRESSEE = "to"  # after a speech verb, "to X" is who was told ("told to reporters", "wrote to Smith")


@functools.cache
def adjunct_nouns() -> frozenset[str]:
    """Return head nouns of time, event and audience phrases ("Monday", "statement", "reporters")."""
    return frozenset(read_list("adjunct_nouns.txt"))


def is_adjunct(tok: Token, *, addressee: bool = False) -> bool:
    """Return whether the phrase headed by ``tok`` places a report in time, at an event or before an audience."""
    if tok.dep_ in _TIME_DEPS:
        return tok.lower_ in adjunct_nouns()
    if tok.dep_ != "prep":
        return False
    if addressee and tok.lower_ == _ADDRESSEE:
        return True
    objects = [c for c in tok.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].lower_ in adjunct_nouns()
