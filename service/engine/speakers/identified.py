"""Unnamed people the article goes on to name: "a woman later identified as Jane Roe", and the
lede's "A federal judge ruled ..." who the next paragraphs introduce as "U.S. District Judge Jane Roe"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from service.engine.lexicon import speech_forms
from service.engine.names.titles import office, role_matches, same_office, titles_gender
from service.engine.speakers.entity import Entity
from service.engine.speakers.registry import ArticleEntities

# Participles that give a description its name: "identified as", "named".
_NAMING = frozenset({"identified", "named"})
_ENDING = re.compile(r"(?:ing|ed|es|e|s|d)$")
# Heads of sources an article keeps unnamed on purpose: "a senior official" stays anonymous even
# when a named official appears next.
_SOURCE_HEADS = frozenset(
    {"official", "source", "aide", "insider", "diplomat", "staffer", "employee", "adviser", "advisor", "operative"}
)
_HEAD_GENDER = {"woman": "f", "man": "m", "girl": "f", "boy": "m", "mother": "f", "father": "m"}
_LEDE_PARAGRAPHS = 1  # the headline and the first paragraph: where a story opens on someone unnamed
_NAMED_WITHIN = 2  # paragraphs after the description in which the name must come


def named_later(article: ArticleEntities, anon: Entity) -> tuple[Entity, bool] | None:
    """The person an unnamed one is, and whether the text says so outright ("identified as")."""
    if anon.kind != "anonymous" or anon.plural or not anon.spans or not article.has_parse:
        return None
    start, end = min(anon.spans)
    span = article.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    named = _identified_as(root)
    if named is not None:
        person = article.entity_at(named.idx, named.idx + len(named))
        return (person, True) if person is not None and person.kind == "person" else None
    if article.line_of(start) > _LEDE_PARAGRAPHS or anon.head in _SOURCE_HEADS:
        return None
    person = _introduced_next(article, anon, root, start)
    return (person, False) if person is not None else None


def _identified_as(root: Token) -> Token | None:
    """The PERSON token a description's own participle names: "A woman later identified as Jane
    Roe" (the parse may make the participle the clause's verb, the description its subject)."""
    verbs = [c for c in root.children if c.dep_ == "acl"]
    if root.dep_ in ("nsubj", "nsubjpass"):
        verbs.append(root.head)
    for verb in verbs:
        if verb.lower_ not in _NAMING or verb.tag_ != "VBN":
            continue
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                found = next((t for t in child.children if t.dep_ == "pobj" and t.ent_type_ == "PERSON"), None)
                if found is not None:
                    return found
            if child.dep_ in ("oprd", "dobj", "attr") and child.ent_type_ == "PERSON":
                return child
    return None


def _introduced_next(article: ArticleEntities, anon: Entity, root: Token, start: int) -> Entity | None:
    """The first person named after the lede's description, as a subject in the next paragraphs,
    whom the article gives the description's office or one of its facts."""
    here = article.line_of(start)
    gender = _HEAD_GENDER.get(anon.head, "") or titles_gender(anon.name)
    facts = _content_words(root.subtree, skip=root)
    for person in sorted(article.persons, key=lambda p: min(p.spans)):
        first, first_end = min(person.spans)
        if first <= start or person.relative or article.in_quote(first):
            continue
        if article.line_of(first) - here > _NAMED_WITHIN:
            return None
        if not article.subject_at(first, first_end) or (gender and person.gender and person.gender != gender):
            continue
        if _holds_office(anon.name, person) or facts & _content_words(_sentence_of(article, first), skip=None):
            return person
    return None


def _holds_office(desc: str, person: Entity) -> bool:
    """Whether the description names an office the person is introduced with ("a judge", "Judge Roe")."""
    return bool(office(desc)) and any(role_matches(desc, r) or same_office(desc, r) for r in person.roles)


def _sentence_of(article: ArticleEntities, pos: int) -> list[Token]:
    span = article.doc.char_span(pos, pos + 1, alignment_mode="expand")
    return list(article.sents[article.sentence_index(span.start)]) if span is not None and len(span) else []


def _content_words(tokens: Iterable[Token], skip: Token | None) -> set[str]:
    """The common nouns, verbs and adjectives among ``tokens`` without their endings ("raped" and
    "rape" alike; the pipeline runs no lemmatizer), speech verbs left out: what the description
    tells of the person, to find again where the name is given."""
    return {
        _ENDING.sub("", t.lower_)
        for t in tokens
        if t is not skip
        and t.pos_ in ("NOUN", "VERB", "ADJ")
        and not t.is_stop
        and t.lower_ not in speech_forms()
        and len(t.text) > 3
    }
