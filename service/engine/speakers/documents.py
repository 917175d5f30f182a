"""Who issued a document standing for a speaker ("the statement", "a report by the committee"), off the parse."""

from __future__ import annotations

from spacy.tokens import Token

# A possessive determiner stands for the pronoun that names the issuer: "his statement" → "he".
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
_ISSUER_PREPOSITIONS = frozenset({"from", "by"})
# "a poll for NBC News" was commissioned by NBC; "a poll of voters" is of whom it asked
_AUTHOR_PREPOSITIONS = frozenset({"from", "by", "for"})
_DATES = frozenset({"DATE", "TIME"})
# "a statement attributed to X", by form: the analysis runs no lemmatiser
_ATTRIBUTED = frozenset({"attributed", "attribute", "attributes", "attributing"})
# Verbs whose subject issued the document they govern: "X released a statement", "X said in a report".
_CARRIERS = frozenset({"in", "through"})


def issuer_of(head: Token) -> Token | None:
    """The token heading the issuer of the document headed by ``head``: its possessor ("the
    campaign's statement"), the object of "from"/"by" ("a statement from the campaign", "a
    statement released by Senator Y", "attributed to Y"), or the subject of the verb that released
    it or spoke in it ("X issued a report", "X said in a statement"); None when the parse names none."""
    possessor = next((c for c in head.children if c.dep_ == "poss"), None)
    return possessor or _issuer_after(head) or _issuer_of_verb(head)


def author_of(head: Token) -> Token | None:
    """The token heading who conducted the poll or study headed by ``head``: its possessor ("Gallup's
    survey"), a name before it ("a CNN/ORC poll", "the latest Reuters/Ipsos poll"), or the object of
    "by"/"from"/"for" ("a survey by Pew", "a poll for NBC News"); None when its phrase names none.
    Never the subject of the verb citing it: "Trump touted a poll" is no poll of Trump's."""
    # the possessor first: "the Federal Reserve's Beige Book survey" is the Fed's ("Wednesday's
    # poll" is of no one)
    possessor = next((c for c in head.children if c.dep_ == "poss" and c.ent_type_ not in _DATES), None)
    if possessor is not None:
        return possessor
    names = _author_names(head)
    if names:
        return names[-1]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _AUTHOR_PREPOSITIONS:
            return _object(child)
        if child.dep_ == "acl":
            agent = next((g for g in child.children if g.dep_ == "agent" or g.lower_ == "by"), None)
            if agent is not None:
                return _object(agent)
    return None


def _author_names(head: Token) -> list[Token]:
    return [c for c in head.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]


def author_phrase(issuer: Token) -> tuple[int, int]:
    """The character range of an author's name: all the names before the poll when the parse hangs
    each on it ("a CNN/ORC International Poll"), else the phrase ``issuer`` heads."""
    start, end = phrase_of(issuer)
    if issuer.dep_ in ("compound", "nmod") and issuer in _author_names(issuer.head):
        first = _author_names(issuer.head)[0]
        start = issuer.doc[first.left_edge.i].idx
    # a name running on through "of"/"for": "the Council of the Great City Schools", "the
    # Institute for Statecraft"
    tok = issuer
    while tok.pos_ == "PROPN" and (prep := _name_preposition(tok)) is not None:
        tok = next(c for c in prep.children if c.dep_ == "pobj")
        end = max(end, phrase_of(tok)[1])
    return start, end


def _name_preposition(tok: Token) -> Token | None:
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "for"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            return child if obj is not None and obj.pos_ == "PROPN" else None
    return None


def _issuer_after(head: Token) -> Token | None:
    """ "a statement from X", "a report released by X", "a statement attributed to X"."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _ISSUER_PREPOSITIONS:
            return _object(child)
        if child.dep_ != "acl":
            continue
        for grand in child.children:
            by_agent = grand.dep_ == "agent" or (grand.dep_ == "prep" and grand.lower_ == "by")
            if by_agent or (grand.dep_ == "prep" and grand.lower_ == "to" and child.lower_ in _ATTRIBUTED):
                return _object(grand)
    return None


def _issuer_of_verb(head: Token) -> Token | None:
    """ "X issued a statement", "X said in a statement": the subject of the verb carrying the document."""
    verb = None
    if head.dep_ == "dobj":
        verb = head.head
    elif head.dep_ == "pobj" and head.head.lower_ in _CARRIERS and head.head.dep_ == "prep":
        verb = head.head.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _object(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def phrase_of(tok: Token) -> tuple[int, int]:
    """The character range of the noun phrase ``tok`` heads, without clauses or appositions after it."""
    left = min([tok.i, *(t.i for t in tok.subtree if t.i < tok.i)])
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "prep"):
            break
        right = max(right, *(t.i for t in child.subtree))
    doc = tok.doc
    return doc[left].idx, doc[right].idx + len(doc[right])
