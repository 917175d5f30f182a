"""Word lists for quote extraction, loaded once from ``service/engine/data/*.txt``."""

from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def read_list(name: str, *, lower: bool = True) -> list[str]:
    """Return the non-comment lines of ``data/<name>``, stripped (and lower-cased unless told not to)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    kept = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return [ln.lower() for ln in kept] if lower else kept


@functools.cache
def word_set(name: str) -> frozenset[str]:
    """Return the (lower-cased) words of ``data/<name>`` as a set, read once."""
    return frozenset(read_list(name))


def _regular_forms(lemma: str) -> set[str]:
    # English regular inflection is enough here: irregular verbs come from a data file.
    forms = {lemma}
    if lemma.endswith("ee"):
        forms |= {lemma + "s", lemma + "d", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in set("aeiou"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        short_cvc = 2 < len(lemma) <= 4 and lemma[-1] in "tpgnm" and lemma[-2] in "aeiou"
        if short_cvc and lemma[-3] not in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@functools.cache
def _irregular() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for line in read_list("irregular_verbs.txt"):
        lemma, *forms = line.split()
        table[lemma] = {lemma, *forms}
    return table


def inflect(lemmas: list[str]) -> frozenset[str]:
    """Return every inflected form of the given verb lemmas."""
    irregular = _irregular()
    out: set[str] = set()
    for lemma in lemmas:
        out |= irregular.get(lemma) or _regular_forms(lemma)
    return frozenset(out)


@functools.cache
def speech_forms() -> frozenset[str]:
    """Return the word forms of speech and writing verbs (those reporting by object included)."""
    return inflect(read_list("speech_verbs.txt") + list(_object_lemmas())) | quoting_forms()


@functools.cache
def quoting_forms() -> frozenset[str]:
    """Return the word forms of verbs that report only quoted words ("chanted")."""
    return inflect(read_list("quoting_verbs.txt"))


@functools.cache
def phrasal_speech_forms() -> dict[str, frozenset[str]]:
    """Return, by word form, the particles that make a verb report speech ("shot" → {"back"})."""
    table: dict[str, set[str]] = {}
    for line in read_list("phrasal_speech_verbs.txt"):
        lemma, particle = line.split()
        for form in inflect([lemma]):
            table.setdefault(form, set()).add(particle)
    return {form: frozenset(particles) for form, particles in table.items()}


@functools.cache
def belief_forms() -> frozenset[str]:
    """Return the word forms of belief and intention verbs that are not speech verbs."""
    return inflect(read_list("belief_verbs.txt")) - speech_forms()


def attribution_words() -> frozenset[str]:
    """Return non-verbal words that signal an attribution ("according", "statement")."""
    return word_set("attribution_words.txt")


@functools.cache
def cue_words() -> frozenset[str]:
    """Return every word whose presence makes a paragraph worth parsing."""
    return speech_forms() | belief_forms() | attribution_words() | frozenset(phrasal_speech_forms())


@functools.cache
def _object_lemmas() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for line in read_list("object_verbs.txt"):
        lemma, *slots = line.split()
        table[lemma] = frozenset(slots or ("np",))
    return table


@functools.cache
def object_slots() -> dict[str, frozenset[str]]:
    """Return, by word form, where the content of a verb reporting by object lies ("np", "for", ...)."""
    return {form: slots for lemma, slots in _object_lemmas().items() for form in inflect([lemma])}


def object_forms() -> frozenset[str]:
    """Return the forms of speech verbs whose object is the content ("praised the plan")."""
    return frozenset(object_slots())


def message_nouns() -> frozenset[str]:
    """Return nouns for messages ("statement", "tweet") whose issuer is the speaker."""
    return word_set("message_nouns.txt")


def not_speaker_labels() -> frozenset[str]:
    """Return paragraph labels ("Correction", "BYLINE") that name no speaker."""
    return word_set("not_speaker_labels.txt")


def naming_forms() -> frozenset[str]:
    """Return participles that name rather than report when passive ("is called X")."""
    return word_set("naming_verbs.txt")


@functools.cache
def result_nouns() -> frozenset[str]:
    """Return head nouns of results that are posted, not published ("a loss", "a win")."""
    return word_set("result_nouns.txt")


@functools.cache
def naming_verb_forms() -> frozenset[str]:
    """Return every form of the speech verbs that also give names ("called the group the Sea Org")."""
    return inflect(["call", "dub", "label", "brand"]) | naming_forms()


@functools.cache
def refusal_forms() -> frozenset[str]:
    """Return forms of verbs that refuse the act of their infinitive ("declined to say")."""
    return inflect(read_list("refusal_verbs.txt"))


@functools.cache
def permission_forms() -> frozenset[str]:
    """Return forms of verbs whose negation cancels their infinitive ("not authorized to discuss")."""
    return inflect(read_list("permission_verbs.txt"))


@functools.cache
def intention_forms() -> frozenset[str]:
    """Return forms of verbs whose infinitive is an act still to come ("plans to demand", "expected to endorse")."""
    return inflect(read_list("intention_verbs.txt"))


@functools.cache
def question_forms() -> frozenset[str]:
    """Return forms of verbs whose "if"/"whether" clause is the question asked ("asked him if ...")."""
    return inflect(read_list("question_verbs.txt"))
