"""Cross-article identity keys of speakers, and the coarse block the store looks person candidates up by.

A person's identity key is ``person:<surname skeleton>[:<given>[:<middle initials>]]``; the *block*
(``person:<consonants>``) is the coarse, indexed part the store looks candidates up by before
comparing them with :func:`~service.engine.names.persons.same_person`. Key equality means "same
speaker"; two different keys may still be the same person ("Biden" vs "Joe Biden"), which only
``same_person`` decides.
"""

from __future__ import annotations

import re

from service.engine.names.mention_text import normalize_description, normalize_organization
from service.engine.names.persons import canonical_given, consonants, letters, parse_person_name, skeleton
from service.engine.names.word_lists import document_heads
from service.engine.types import SpeakerKind

_INITIALS = re.compile(r"[A-Za-z]|(?:[A-Za-z]\.){1,3}")  # "W", "W.", "H.W."
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})


def person_block(name: str) -> str:
    """Coarse, indexed lookup key of a person: "person:" + surname consonants."""
    surname = parse_person_name(name).surname
    return f"person:{consonants(surname)}" if surname else ""


def identity_key(name: str, kind: SpeakerKind) -> str:
    """Cross-article identity key of a resolved speaker; '' for unknown speakers (never merged)."""
    if kind == "person":
        return _person_key(name)
    if kind == "anonymous":
        return "anon:" + normalize_description(name).lower()
    if kind == "organization":
        org = normalize_organization(name).lower()
        # "the joint statement" or "his government" differ from article to article: no key.
        if not org or org.split()[0] in _POSSESSIVES or any(org.endswith(h) for h in document_heads()):
            return ""
        return "org:" + org
    return ""


def _person_key(name: str) -> str:
    p = parse_person_name(name)
    if not p.surname:
        return ""
    given = canonical_given(p.given) if len(letters(p.given)) > 1 else ""
    if not given:
        return f"person:{skeleton(p.surname)}"
    # Middle initials tell apart namesakes of one family ("George H.W. Bush", "George W. Bush"),
    # who would otherwise share a key and be told apart by their arrival order ("#2").
    initials = "".join(letters(m) for m in p.middles if _INITIALS.fullmatch(m))
    return f"person:{skeleton(p.surname)}:{skeleton(given)}" + (f":{initials}" if initials else "")


def block_key(name: str, kind: SpeakerKind) -> str:
    """Indexed candidate-lookup key: the person block, or the identity key for other kinds."""
    return person_block(name) if kind == "person" else identity_key(name, kind)
