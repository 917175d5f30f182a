"""The word lists speaker names are read against: titles, honorifics, speaker heads, given names, verbs."""

from __future__ import annotations

import functools

from service.engine.lexicon import inflect, read_list, speech_forms


def _gendered(name: str) -> dict[str, str]:
    """Phrase → gender ('' when none) from a list with optional ``| m`` / ``| f`` tags."""
    out: dict[str, str] = {}
    for line in read_list(name, lower=False):
        phrase, _, gender = line.partition("|")
        out[phrase.strip().lower()] = gender.strip()
    return out


@functools.cache
def titles() -> dict[str, str]:
    """Title lexicon (lower case), offices and descriptors → gender implied by the title ('' for none)."""
    return {**_descriptor_genders(), **_gendered("titles.txt")}


@functools.cache
def descriptors() -> frozenset[str]:
    """Titles that describe a person rather than name an office ("businessman", "nominee")."""
    return frozenset(_descriptor_genders())


def _descriptor_genders() -> dict[str, str]:
    """Descriptors proper and the general nouns for a person by trade or conviction, with genders."""
    return {**_gendered("speaker_person_nouns.txt"), **_gendered("speaker_descriptors.txt")}


@functools.cache
def honorifics() -> dict[str, str]:
    """Honorifics ("Mr", "Ms", "Dr") → gender ('' for none)."""
    return _gendered("speaker_honorifics.txt")


@functools.cache
def anonymous_heads() -> frozenset[str]:
    """Nouns that head anonymous-source descriptions ("official", "source")."""
    return frozenset(read_list("speaker_anonymous.txt", lower=False))


@functools.cache
def organization_heads() -> frozenset[str]:
    """Nouns and phrases that head organisation or document speakers ("statement")."""
    return frozenset(_gendered("speaker_organizations.txt"))


@functools.cache
def document_heads() -> frozenset[str]:
    """Organisation heads that name a one-off document ("statement", "poll"), never a lasting speaker."""
    return frozenset(k for k, tag in _gendered("speaker_organizations.txt").items() if tag in ("doc", "study"))


@functools.cache
def study_heads() -> frozenset[str]:
    """Document heads of polls, surveys and studies, issued by whoever their own phrase names."""
    return frozenset(k for k, tag in _gendered("speaker_organizations.txt").items() if tag == "study")


@functools.cache
def first_name_genders() -> dict[str, str]:
    """Given name (lower case) → usual gender, a weak cue only."""
    return dict(tuple(ln.lower().split()[:2]) for ln in read_list("speaker_first_names.txt", lower=False))  # type: ignore[misc]


@functools.cache
def nicknames() -> dict[str, str]:
    """Nickname or variant → canonical given name."""
    out: dict[str, str] = {}
    for line in read_list("speaker_nicknames.txt", lower=False):
        words = line.lower().split()
        for w in words:
            out[w] = words[0]
    return out


@functools.cache
def verb_forms() -> frozenset[str]:
    """Inflected forms of reporting/headline verbs ("vowed", "emphasized", "says")."""
    return speech_forms() | inflect(read_list("speaker_verbs.txt"))


@functools.cache
def inflected_verb_forms() -> frozenset[str]:
    """The forms of ``verb_forms`` that are not also a base form ("vowed", not "post" or "report")."""
    bases = {*read_list("speech_verbs.txt"), *read_list("speaker_verbs.txt"), *read_list("quoting_verbs.txt")}
    return verb_forms() - bases
