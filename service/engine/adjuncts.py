"""Trailing time, event and audience phrases of a report: the reporter's framing, not the content."""

from __future__ import annotations

import functools

from spacy.tokens import Token

from service.engine.lexicon import read_list

_TIME_DEPS = frozenset({"npadvmod", "tmod"})
# "of March 2015", "to 35 years old" belong to the noun they follow
_TIME_PREPOSITIONS = frozenset({"on", "in", "at", "during", "since", "until", "through", "over"})
_ADDRESSEE = "to"  # after a speech verb, "to X" is who was told ("told to reporters", "wrote to Smith")


@functools.cache
def event_nouns() -> frozenset[str]:
    """Return head nouns of event, medium and audience phrases ("statement", "rally", "reporters")."""
    return frozenset(read_list("event_nouns.txt")) | audience_nouns()


@functools.cache
def audience_nouns() -> frozenset[str]:
    """Return head nouns of the audience of a report ("reporters", "crowd", "host")."""
    return frozenset(read_list("audience_nouns.txt"))


def is_audience(tok: Token) -> bool:
    """Return whether ``tok`` is "to" before an audience ("to reporters", "to the radio host")."""
    objects = [c for c in tok.children if c.dep_ == "pobj"]
    return tok.dep_ == "prep" and tok.lower_ == _ADDRESSEE and bool(objects) and objects[0].lower_ in audience_nouns()


@functools.cache
def adjunct_nouns() -> frozenset[str]:
    """Return head nouns of time, event and audience phrases ("Monday", "statement", "reporters")."""
    return time_nouns() | event_nouns()


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
    return bool(objects) and objects[0].lower_ in nouns and _placed(objects[0])


def _placed(noun: Token) -> bool:
    # "in a speech", "in his statement", "to reporters", "on Twitter", "on Monday": an occasion;
    # "in political speech" is a topic
    if noun.lower_ in time_nouns() or noun.tag_ in ("NNS", "NNPS", "NNP"):
        return True
    return any(c.dep_ in ("det", "poss") for c in noun.children)


def is_time_phrase(tok: Token) -> bool:
    """Return whether ``tok`` heads a bare time phrase ("Tuesday", "on Thursday evening", "in June")."""
    times = time_nouns()
    if tok.dep_ in _TIME_DEPS:
        return tok.lower_ in times and _bare(tok)
    if tok.dep_ != "prep" or tok.lower_ not in _TIME_PREPOSITIONS:
        return False
    objects = [c for c in tok.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].lower_ in times and _bare(objects[0])


@functools.cache
def time_nouns() -> frozenset[str]:
    """Return head nouns of time phrases ("Monday", "morning", "June")."""
    return frozenset(read_list("time_nouns.txt"))


def _bare(noun: Token) -> bool:
    # "the March of Dimes", "the closing days of the campaign": a time word opening a longer name or phrase
    return not any(
        c.dep_ in ("prep", "poss") or (c.dep_ == "det" and c.lower_ in ("the", "a", "an")) for c in noun.children
    )
