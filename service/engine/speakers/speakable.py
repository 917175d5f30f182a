"""Whether a noun phrase's head can be the one who speaks: a thing or an abstraction cannot.

"a party platform that calls for ...", "the awkwardness of Mr. Clinton jetting around the world asking
...", "her record as secretary of state": the parse offers such a phrase as the subject of a cue, but
only people, bodies and the documents they issue speak. The test is deliberately one-sided: a word is
a thing only when no word list and no word shape says it may stand for someone.
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from service.engine.lexicon import message_nouns, word_set
from service.engine.names.word_lists import (
    anonymous_heads,
    descriptors,
    document_heads,
    honorifics,
    organization_heads,
    titles,
)
from service.engine.speakers.groups import COLLECTIVES
from service.engine.speakers.people import KIN

# Entity types that name someone who can speak (a country speaks through its government).
_NAMED_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"})
# "18% who say", "two-thirds of voters": counts of people
_COUNTS = frozenset({"PERCENT", "CARDINAL", "QUANTITY"})
# Word endings of nouns for people ("protester", "historian", "nominee", "representative",
# "Democrat"), kept speakers even when no list holds the word; "-ary" is a thing more often
# ("primary", "summary") than a person ("adversary", listed).
_PERSON_ENDINGS = (
    "er",
    "or",
    "ist",
    "an",
    "ant",
    "ent",
    "ee",
    "ive",
    "crat",
    "ate",
    "ic",
    "ess",
    "one",
    "body",
    "ite",
)
# "appointment" ("government" is listed) and "awkwardness": no "-ent" or "-ess" of a person
_THING_ENDINGS = ("ment", "ness")
# Shares of a group: "a majority of Americans", "a handful of delegates" are some of its people.
_SHARES = frozenset(
    {"majority", "minority", "plurality", "half", "third", "quarter", "handful", "number", "share", "portion"}
    | {"fraction", "rest", "dozen", "lot", "couple", "pair", "trio", "percent", "most", "some", "all"}
)
# Pronouns for things: never a speaker reached through the parse's structure.
NEUTER = frozenset({"it", "this", "that", "which", "these", "those", "what"})


@functools.cache
def _speaker_words() -> frozenset[str]:
    return (
        anonymous_heads()
        | frozenset(titles())
        | descriptors()
        | frozenset(honorifics())
        | organization_heads()
        | document_heads()
        | message_nouns()
        | word_set("speaker_person_words.txt")
        | KIN
        | COLLECTIVES
        | _SHARES
        | _sources()
    )


@functools.cache
def _sources() -> frozenset[str]:
    return word_set("source_nouns.txt")


def is_source(tok: Token) -> bool:
    """Return whether ``tok`` is a common noun for a source that shows rather than says ("the poll", "records")."""
    return tok.pos_ == "NOUN" and (tok.lower_ in _sources() or tok.lemma_.lower() in _sources())


def _person_shaped(word: str) -> bool:
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if singular.endswith(_THING_ENDINGS):
        return False
    return singular.endswith(_PERSON_ENDINGS)


def cannot_speak(tok: Token, *, plurals: bool = False) -> bool:
    """Return whether ``tok`` heads a phrase that names a thing or an abstraction, never a speaker.

    A plural noun no list knows ("old hands", "those greens") counts as people unless ``plurals``.
    """
    if tok.dep_ == "csubj":
        return True  # "praising the president was like saying ...": a clause is no one
    if tok.is_title and tok.i > 0 and not tok.is_sent_start:
        return False  # "Hannity said", the name tagged a common noun
    if tok.pos_ != "NOUN" or tok.ent_type_ in _NAMED_TYPES | _COUNTS or (tok.tag_ == "NNS" and not plurals):
        return False
    words = _speaker_words()
    low, lemma = tok.lower_, tok.lemma_.lower()
    return not (low in words or lemma in words or _person_shaped(low) or _person_shaped(lemma))
