"""The reporter's words at the end of reported content: asides after a comma or dash, and framing adjuncts."""

from __future__ import annotations

from spacy.tokens import Token

from service.engine.adjuncts import is_adjunct, is_audience
from service.engine.attribution import is_belief_cue, is_speech_cue, second_report_of

_ASIDE_DEPS = frozenset({"relcl"})
_PARTICIPLE_DEPS = frozenset({"advcl", "acl", "xcomp", "conj"})
_SEPARATORS = frozenset({",", "—", "–", "--"})
# prepositions that place the report ("on Monday", "in a statement", "at the rally", "during the debate");
# "to" and "with" are left out: after the reported verb they are its goal or company ("go to the rally")
_FRAMING_PREPS = frozenset({"on", "in", "at", "during"})
_COPULA = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "'re"})


def _aside(clause: Token) -> bool:
    # ", which ...", "– a claim her rivals dispute", ", saying ...": the reporter's aside
    if clause.dep_ in _ASIDE_DEPS:
        return True
    if clause.dep_ == "prep" and clause.lower_ == "without" and any(c.tag_ == "VBG" for c in clause.children):
        return True  # ", without offering any evidence": the reporter's remark on the claim
    if clause.pos_ == "NOUN" and any(_describes(c) for c in clause.children):
        return True  # "– a claim her rivals dispute", "– a move that survived court challenges"
    if clause.dep_ not in _PARTICIPLE_DEPS or not (is_speech_cue(clause) or is_belief_cue(clause)):
        return False
    # ", saying ...", ", believing ...": a second report; ", leaving him ..." is mostly the speaker's;
    # ", while another says ...", ", though she noted ...": a second report with a speaker of its own
    return clause.tag_ == "VBG" or any(c.dep_ == "nsubj" for c in clause.children)


def _describes(child: Token) -> bool:
    # a relative clause, or a participle with its agent (", a goal desired by small nations"): the reporter's gloss
    if child.dep_ == "relcl":
        return True
    return child.dep_ == "acl" and child.tag_ == "VBN" and any(c.dep_ == "agent" for c in child.children)


def _second_report(cc: Token, cue: Token, last: int) -> bool:
    verb = next((t for t in cc.head.rights if t.dep_ == "conj" and t.i > cc.i), None)
    return verb is not None and verb.right_edge.i >= last and second_report_of(verb) == cue


def without_conjunct(tokens: list[Token], cue: Token) -> list[Token]:
    """Return a clause the cue introduces without a trailing second report of the same speaker."""
    if len(tokens) < 3:
        return tokens
    last = tokens[-1].i
    for k, tok in enumerate(tokens[1:-1], start=1):
        if tok.dep_ == "cc" and _second_report(tok, cue, last):
            return tokens[: k - 1] if tokens[k - 1].text in _SEPARATORS else tokens[:k]
    return tokens


def without_aside(tokens: list[Token]) -> list[Token]:
    """Return ``tokens`` up to a comma- or dash-led aside that runs to their end."""
    if len(tokens) < 2:
        return tokens
    first, last = tokens[0].i, tokens[-1].i
    for k, tok in enumerate(tokens[1:-1], start=1):
        if tok.text not in _SEPARATORS:
            continue
        nxt = tokens[k + 1]
        for clause in (nxt, *nxt.ancestors):
            if clause.i < first or clause.left_edge.i != nxt.i:
                break
            if _aside(clause) and clause.right_edge.i >= last:
                return tokens[:k]
    return tokens


def _framing(tok: Token, first: int) -> bool:
    head = tok.head
    if head.i < first or head.lower_ in _COPULA:
        return False  # "the vote will be on Monday": the time is what was said
    if is_audience(tok):
        return not is_speech_cue(head)  # "likes Cruz to the radio host"; but "would speak to reporters"
    if tok.dep_ == "prep" and tok.lower_ not in _FRAMING_PREPS:
        return False
    if any(t.pos_ in ("VERB", "AUX") and not (t.dep_ == "acl" and t.tag_ == "VBN") for t in tok.subtree):
        # "during the debate that she had invited them": a clause, more than a setting; "in a video
        # posted online" is still the setting
        return False
    return is_adjunct(tok, timed=False)  # a time trailing a clause is mostly when the said thing happens


def without_adjuncts(tokens: list[Token], quoted: frozenset[int]) -> list[Token]:
    """Return ``tokens`` without trailing time, event and audience phrases outside quotation marks."""
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return tokens
    first, last = tokens[0].i, tokens[-1].i
    phrase = next((t for t in tokens[1:] if t.right_edge.i == last and _framing(t, first)), None)
    if phrase is None or phrase.i in quoted:
        return tokens
    kept = tokens[: phrase.left_edge.i - first]
    if not any(t.pos_ in ("VERB", "AUX", "NOUN", "PROPN") for t in kept):
        return tokens  # "on Monday" was all there was: not a framing of anything
    return without_adjuncts(kept, quoted)
