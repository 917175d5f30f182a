"""Content carried by a speech verb's object or phrase: "praised the plan", "called for a ban"."""

from __future__ import annotations

from spacy.tokens import Token

from service.engine.adjuncts import is_adjunct
from service.engine.lexicon import naming_verb_forms, object_slots, result_nouns
from service.engine.names.word_lists import anonymous_heads, descriptors

_OBJECT_DEPS = frozenset({"dobj", "dative"})
_PREDICATE_DEPS = frozenset({"oprd", "ccomp"})
_STATEMENT_FOLLOWS = frozenset({"acl", "relcl", "ccomp", "appos"})
# people questioned by the police or a court, beyond the speaker word lists
_ACCUSED = frozenset({"suspect", "defendant", "detainee", "prisoner", "driver", "passenger"})
_TAIL_DEPS = frozenset({"prep", "advcl", "xcomp", "oprd", "ccomp", "dobj", "dative"})


def _slot(child: Token) -> str | None:
    if child.dep_ == "prep":
        return child.lower_
    if child.dep_ in _OBJECT_DEPS:
        return "np"
    if child.dep_ == "xcomp":
        return "xcomp"
    if child.dep_ == "ccomp" and child.head.lower_ in naming_verb_forms():
        return None  # "a PAC called Our Future is ramping up": the name's own sentence, misparsed
    if child.dep_ in _PREDICATE_DEPS:
        return "oprd"
    return None


def _states(noun: Token) -> bool:
    # "the allegation that he lied", "reports he had quit": the statement's own words follow
    return any(c.dep_ in _STATEMENT_FOLLOWS and c.i > noun.i and c.pos_ in ("VERB", "AUX") for c in noun.children)


def object_content(cue: Token) -> tuple[Token, Token] | None:
    """Return the first and last token of what the verb's object reports, or None when it reports nothing."""
    slots = object_slots().get(cue.lower_)
    if slots is None or _telephoned(cue):
        return None
    kept: list[Token] = []
    carried = 0  # the content ends at the last phrase that carries it: "announced a tour on Monday"
    for child in (c for c in cue.rights if c.dep_ in _TAIL_DEPS):
        slot = _slot(child)
        if slot == "np":
            slot = _object_slot(child, slots)
        if slot is None:
            break
        if is_adjunct(child, addressee="to" not in slots):
            if kept:
                kept.append(child)  # "promised on Tuesday to ...": inside only if content follows
        elif slot in slots or (slot == "xcomp" and not kept) or (slot == "np" and _carries(child, slots)):
            kept.append(child)
            carried = len(kept)
        elif slot == "np" and not kept and slots - {"np", "claim"}:
            kept.append(child)  # the listener or target before the content ("urged voters to ...")
        elif carried:
            kept.append(child)  # more of the content ("praised the plan in its entirety")
            carried = len(kept)
        elif kept and slot != "np":
            # "called her vote in favor of the war a mistake"; but after a bare listener an
            # infinitive the verb does not take is a purpose ("called Sanders to congratulate him")
            kept.append(child)
        else:
            break
    if not carried:
        return None
    return _opening(kept[0]), kept[carried - 1].right_edge


def _telephoned(cue: Token) -> bool:
    # "called her rival to congratulate him": an infinitive of purpose after "call" (or another
    # naming verb) without "on" is a telephone call; "called on voters to ..." asks
    if cue.lower_ not in naming_verb_forms():
        return False
    children = list(cue.rights)
    if any(c.lower_ == "on" for c in children):
        return False
    purpose = next((c for c in children if c.dep_ == "xcomp"), None)
    return purpose is not None and any(c.dep_ in ("dobj", "oprd") and c.i < purpose.i for c in children)


def _opening(first: Token) -> Token:
    # "called for her ouster", "asked about the inquiry": the preposition is the verb's, the content its object
    if first.dep_ == "prep":
        objects = [c for c in first.rights if c.dep_ in ("pobj", "pcomp")]
        if objects:
            return objects[0].left_edge
    return first.left_edge


def _object_slot(noun: Token, slots: frozenset[str]) -> str | None:
    # which kind of object this is, for the verbs whose object counts only as some kinds
    if _handle(noun):
        return None  # "tweets @pmorici1": where he writes, not what
    if "matter" in slots and not _person(noun):
        return "matter"
    if "published" in slots and noun.lower_ not in result_nouns():
        return "published"
    return "np"


def _handle(noun: Token) -> bool:
    # an account name or an address as the object: "tweets @pmorici1", "posted at example.com"
    return noun.text.startswith("@") or noun.like_url or noun.like_email


def _person(noun: Token) -> bool:
    # "questioned him", "questioned three suspects", "questioned the officials": who, not what
    if noun.tag_ == "PRP" or noun.ent_type_ in ("PERSON", "NORP"):
        return True
    word = noun.lower_
    singular = word[:-1] if word.endswith("s") else word
    people = anonymous_heads() | descriptors()
    return word in people or singular in people or singular in _ACCUSED


def _carries(noun: Token, slots: frozenset[str]) -> bool:
    # "accused the media of bias": the parser may hang the content phrase off the object
    if "claim" in slots and _states(noun):
        return True
    return any(c.dep_ == "prep" and c.lower_ in slots for c in noun.children)
