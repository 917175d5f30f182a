"""Speakers that name no single person: people coordinated by name, group words and unnamed common nouns."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.engine.lexicon import message_nouns, word_set
from service.engine.names.mention_text import clean_mention, normalize_description
from service.engine.names.word_lists import anonymous_heads, titles
from service.engine.speakers.entity import (
    CONFIDENCE,
    DEFINITE,
    INDEFINITE,
    POSSESSED,
    SUBJECT_DEPS,
    Entity,
    unknown,
)
from service.engine.speakers.people import KIN
from service.engine.speakers.registry import ArticleEntities, org_head
from service.engine.types import SpeakerRef

# Words that stand for an unnamed group of people when they are the speaker ("others said").
_GROUP_WORDS = frozenset({"others", "some", "all", "both", "many", "few", "several", "those", "most", "none"})
# Nouns for groups of people: "his family said" is not he, but his family.
COLLECTIVES = frozenset({"family", "team", "camp", "circle", "entourage", "staff", "crowd", "audience", "inner circle"})
# Shares of a body: "a quarter of the committee", "half of the delegates" are some of its members.
_PARTITIVES = frozenset(
    {"quarter", "third", "half", "majority", "minority", "most", "some", "many", "few", "handful", "number"}
)


def mention_root(article: ArticleEntities, start: int, end: int) -> Token | None:
    """The syntactic head of the mention at ``start:end``, when the Doc is parsed."""
    if not article.has_parse:
        return None
    span = article.doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def named_group(article: ArticleEntities, start: int, end: int) -> bool:
    """Whether the mention coordinates a person named with others ("A and B", "A, B and C", "A and the DNC")."""
    people = [e for e in article.ents if e.label_ == "PERSON" and start <= e.start_char and e.end_char <= end]
    if not people or not article.has_parse:
        return False
    root = mention_root(article, start, end)
    # A person heading a coordination with anyone else: "Clinton and the DNC", "Both Cruz and Fiorina".
    heads = root is not None and any(e.start <= root.i < e.end for e in people)
    if heads and root is not None and any(_conjunct(root, c) and start <= c.idx < end for c in root.children):
        return True
    if any(_joined(article, p, start) for p in people):
        return True
    if len(people) < 2:
        return False
    # Coordinated, not merely mentioned: "an adviser to Scott Walker" is no second speaker, and
    # neither is "Sperling, an adviser to Bill Clinton and Barack Obama".
    return any(
        p.root.dep_ == "conj" and _coordinated_with(p.root.head, people[:i]) and _own_coordination(p.root, root)
        for i, p in enumerate(people)
    )


def _own_coordination(conjunct: Token, root: Token | None) -> bool:
    # The coordination is the mention's own unless it sits under a description in apposition:
    # "Sperling, an adviser to Bill Clinton and Barack Obama" names one person.
    tok = conjunct
    while tok.head.i != tok.i and (root is None or tok.i != root.i):
        tok = tok.head
        if tok.dep_ == "appos" and tok.pos_ == "NOUN":
            return False
    return True


# Prepositions that give an example of a plural noun: "voters such as Jane Roe", "Democrats, including X".
_EXAMPLE_PREPOSITIONS = frozenset({"as", "including", "like"})


def plural_antecedent(article: ArticleEntities, start: int, end: int) -> tuple[int, int] | None:
    """The group a relative pronoun in the mention stands for when its verb agrees with a plural
    though the noun it hangs on is singular: "Govs. Ann Lutz and Ray Kolb, who say" is Lutz and Kolb,
    "younger voters such as Roe, who are drawn to him" the younger voters. The group's character
    range, or None."""
    span = article.doc.char_span(start, end, alignment_mode="expand") if article.has_parse else None
    who = next((t for t in span if t.lower_ in ("who", "that") and t.dep_ in SUBJECT_DEPS), None) if span else None
    if who is None or who.head.dep_ != "relcl" or not _plural_agreement(who.head):
        return None
    noun = who.head.head
    if noun.pos_ not in ("PROPN", "NOUN") or noun.tag_ in ("NNS", "NNPS"):
        return None  # a plural noun is read as one already
    return _coordination(article, noun) if noun.dep_ == "conj" else _exemplified(article, noun)


def _coordination(article: ArticleEntities, last: Token) -> tuple[int, int] | None:
    """The names coordinated up to ``last`` ("Ann Lutz and Ray Kolb"), from the first name's entity."""
    first = last
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.pos_ != "PROPN" or last.pos_ != "PROPN":
        return None
    ent = next((e for e in article.ents if e.start <= first.i < e.end), None)
    left = ent.start if ent is not None else min(t.i for t in first.subtree if t.i <= first.i)
    return article.doc[left].idx, last.idx + len(last)


def _exemplified(article: ArticleEntities, noun: Token) -> tuple[int, int] | None:
    """The plural noun ``noun`` is given as an example of ("younger voters such as Roe"), with its modifiers."""
    prep = noun.head
    group = prep.head
    if noun.dep_ != "pobj" or prep.lower_ not in _EXAMPLE_PREPOSITIONS or group.tag_ not in ("NNS", "NNPS"):
        return None
    if group.i > prep.i:
        return None
    left = min((t.i for t in group.lefts), default=group.i)
    return article.doc[left].idx, group.idx + len(group)


def _plural_agreement(verb: Token) -> bool:
    """Whether a verb or its auxiliary agrees with a plural subject ("say", "are drawn", "were", "have said")."""
    words = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any((w.tag_ == "VBP" and w.lower_ != "am") or w.lower_ == "were" for w in words)


def _conjunct(root: Token, child: Token) -> bool:
    # "Trump, the frontrunner nationally and current polling leader": a conjunct after the name's
    # apposition coordinates the apposition (the parse hangs it on the name), not a second person
    return child.dep_ == "conj" and not any(c.dep_ == "appos" and root.i < c.i < child.i for c in root.children)


def _joined(article: ArticleEntities, person: SpacySpan, start: int) -> bool:
    """Whether a name is joined by "and" to a name right before it inside the mention (from ``start``),
    whatever the parse makes of the pair: "Khizr and Ghazala Khan" (a given name read as an
    adjective), "Bill and Hillary Clinton"; "Chris Christie, who" of "Jeb Bush and Chris Christie,
    who" is Christie, the mention the extractor gave."""
    if " and " in person.text and all(w[:1].isupper() for w in person.text.split(" and ")):
        return True  # one entity for the couple
    doc = article.doc
    before = person.start - 2
    return (
        before >= 0
        and doc[before].idx >= start
        and doc[person.start - 1].lower_ in ("and", "&")
        and doc[before].ent_type_ == "PERSON"
    )


def _coordinated_with(head: Token, earlier: list[SpacySpan]) -> bool:
    """Whether a conjunct's head is one of the earlier names, or the place after one ("Johnny Isakson
    of Georgia and John Boozman of Arkansas": the parse joins Boozman to Georgia)."""
    if any(q.start <= head.i < q.end for q in earlier):
        return True
    prep = head.head if head.dep_ == "pobj" else None
    return (
        prep is not None
        and prep.dep_ == "prep"
        and head.ent_type_ in ("GPE", "LOC", "ORG")
        and any(q.start <= prep.head.i < q.end for q in earlier)
    )


def unnamed(
    article: ArticleEntities, text: str, cleaned: str, det: str, root: Token | None, start: int, end: int
) -> tuple[SpeakerRef, Entity | None]:
    """A speaker the extractor found that names no one: a group word ("others", "those around him")
    or an indefinite or plural common noun ("a film producer", "advocates") is an unnamed source of
    this article; a definite singular thing stays unknown."""
    if root is None:
        return unknown(text), None
    quantifier = root.pos_ in ("PRON", "DET", "ADJ", "NUM") and root.lower_ in _GROUP_WORDS
    common = root.pos_ == "NOUN" and root.ent_type_ not in ("PERSON", "ORG", "GPE") and not _known_name(article, root)
    plural = root.tag_ in ("NNS", "NNPS") or quantifier
    if not (quantifier or (common and (det in INDEFINITE or (plural and det not in DEFINITE)))):
        return unknown(text), None
    if not plural and not _person_noun(root.lower_) and root.lower_ not in message_nouns():
        # "a contest that will end the primaries", "a poll": no one; "an email said" carries
        # someone's words
        return unknown(text), None
    # "those around him": a bare group word is described by the whole mention.
    desc = clean_mention(text) if quantifier else normalize_description(cleaned) or cleaned
    if desc[:1].isupper() and not article.proper_at(start):
        desc = desc[:1].lower() + desc[1:]
    anon = article.anonymous(desc, start, end, plural=plural)
    return anon.ref("anonymous", CONFIDENCE["anonymous_bare"]), anon


def _known_name(article: ArticleEntities, root: Token) -> bool:
    """Whether a capitalised noun is the name of a person the article knows: "Sanders’ only path"
    parsed as a plural noun is about Sanders, no group of people."""
    return root.text[:1].isupper() and not root.text.isupper() and article.find_person(root.text) is not None


# Endings of agent and member nouns: "organizer", "donor", "loyalist", "immigrant", "nominee".
_AGENT_ENDING = re.compile(r"(?:er|or|ist|ian|ant|ent|ee|ive|ic|crat|man|woman|person)$")


def _person_noun(word: str) -> bool:
    """Whether a singular common noun can denote a person: a title, a source head, kin, a plain
    person word, or a noun ending like an agent ("producer", "loyalist")."""
    return (
        word in titles()
        or word in anonymous_heads()
        or word in KIN
        or word in word_set("speaker_person_words.txt")
        or bool(_AGENT_ENDING.search(word))
    )


def names_people(noun: Token) -> bool:
    """Whether a token is a plural noun for people: "allies", "farmers", "senators", "Hispanics"."""
    if noun.tag_ not in ("NNS", "NNPS"):
        return False
    word = noun.lower_
    # the lemma when the pipeline gives one, else the plural undone by hand ("allies", "farmers")
    forms = {noun.lemma_.lower(), word, word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")}
    if any(f in message_nouns() or org_head(f) for f in forms if f):
        return False  # "comments", "departments": an agent-like ending, no people
    return noun.ent_type_ == "NORP" or any(_person_noun(f) for f in forms if f)


def share_of_message(root: Token | None) -> Token | None:
    """The message a share is of ("more than half of Clinton's address"): its speaker's words, no group."""
    if root is None or root.lower_ not in _PARTITIVES:
        return None
    preps = (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of")
    return next((o for p in preps for o in p.children if o.dep_ == "pobj" and o.lower_ in message_nouns()), None)


def members(
    article: ArticleEntities, cleaned: str, det: str, root: Token | None, start: int, end: int
) -> tuple[SpeakerRef, Entity | None] | None:
    """A group of unnamed people the mention describes through something else: a possessed collective
    ("Trump's inner circle"), a demonstrative plural ("those greens"), a share of a body ("a quarter
    of the rules committee") or a body coordinated with people ("the department and senior officials")."""
    if root is None or not article.has_parse:
        return None
    word = root.lower_
    possessed = root.pos_ == "NOUN" and word in COLLECTIVES and POSSESSED.match(cleaned) is not None
    demonstrative = (
        det in ("those", "these")
        and root.pos_ == "NOUN"
        and root.tag_ == "NNS"
        and word not in message_nouns()
        and not root.ent_type_
    )
    share = word in _PARTITIVES and any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children)
    with_people = any(
        c.dep_ == "conj" and start <= c.idx < end and c.tag_ == "NNS" and c.lower_ in anonymous_heads()
        for c in root.children
    )
    if not (possessed or demonstrative or share or with_people):
        return None
    desc = clean_mention(cleaned)
    if desc[:1].isupper() and not article.proper_at(start):
        desc = desc[:1].lower() + desc[1:]
    anon = article.anonymous(desc, start, end, plural=True)
    return anon.ref("anonymous", CONFIDENCE["anonymous_bare"]), anon
