"""Finding the cue (speech verb) and the speaker mention of an attribution in a parse."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.engine.adjuncts import is_time_phrase
from service.engine.lexicon import (
    belief_forms,
    message_nouns,
    naming_forms,
    naming_verb_forms,
    phrasal_speech_forms,
    speech_forms,
)
from service.engine.speakers.speakable import NEUTER, cannot_speak, is_source
from service.engine.types import Span

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "relcl", "pcomp", "prep", "acomp"})
_INVERTED_DEPS = frozenset({"dobj", "attr", "npadvmod", "dative", "oprd"})
_CLOSING = frozenset({"”", '"', "''", "’", "'", ","})
_DASHES = frozenset({"-", "--", "—", "–"})  # "Pollsters agree - Carl Bialik: “...”"
_RELATIVE = frozenset({"who", "which", "that"})
_SHARE_WORDS = frozenset({"much", "most", "some", "all", "part", "half", "rest", "portion", "bulk", "many"})
_SENTENCE_END = frozenset({".", "!", "?"})
_DANGLING = frozenset({"cc", "prep", "mark", "det", "aux", "advmod"})
_NOUN_OPENERS = frozenset({"DT", "CD", "POS", "PRP$"})  # words that open a noun phrase, never a verb's subject
_BETWEEN_TOKENS = 16  # tokens between a quotation and its cue that can still name the speaker
_EDGE_JUNK = frozenset(",;:.!?-—–\"'“”‘’«»()[] \n\r\t")


@dataclass(frozen=True, slots=True)
class Context:
    """What attribution rules need besides the parse: the text, the offset base and quotations."""

    text: str
    base: int  # added to token.idx to get an offset into ``text``
    quoted: tuple[tuple[int, int], ...]  # every quotation's range, in text offsets
    limit: tuple[int, int] = (0, 1 << 62)  # the paragraph: a parse may run across paragraphs
    # furthest end among ``quoted[: i + 1]`` (``quoted`` sorted by start): bisect, not a scan per token
    reach: tuple[int, ...] = ()

    def start(self, tok: Token) -> int:
        """Return the text offset where ``tok`` begins."""
        return self.base + tok.idx

    def end(self, tok: Token) -> int:
        """Return the text offset where ``tok`` ends."""
        return self.base + tok.idx + len(tok.text)

    def in_quote(self, tok: Token) -> bool:
        """Return whether ``tok`` lies inside a quotation."""
        s, e = self.start(tok), self.end(tok)
        if not self.reach:
            return any(a <= s and e <= b for a, b in self.quoted)
        i = bisect.bisect_right(self.quoted, (s, 1 << 62)) - 1
        return i >= 0 and self.reach[i] >= e

    def quote_start(self, pos: int) -> int:
        """Return the start of the last quotation starting at or before ``pos`` (``pos`` when none)."""
        i = bisect.bisect_right(self.quoted, (pos, 1 << 62)) - 1
        return self.quoted[i][0] if i >= 0 else pos

    def span(self, start: int, end: int) -> Span | None:
        """Return the trimmed ``Span`` of ``text[start:end]`` inside the paragraph, or None if empty."""
        start, end = trim(self.text, max(start, self.limit[0]), min(end, self.limit[1]))
        return Span(self.text[start:end], start, end) if end > start else None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` moved inward past punctuation, marks and whitespace."""
    while start < end and (text[start] in _EDGE_JUNK or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _EDGE_JUNK or text[end - 1].isspace()):
        end -= 1
    return start, end


def is_speech_cue(tok: Token) -> bool:
    """Return whether ``tok`` is a speech verb (or "according") used as a verb."""
    low = tok.lower_
    if low == "according" or _put_it(tok) or is_phrasal_cue(tok):
        return True
    if low not in speech_forms() or _hyphenated(tok):
        return False
    return (tok.tag_.startswith("VB") and not _modifier(tok)) or _verb_tagged_noun(tok)


def _verb_tagged_noun(tok: Token) -> bool:
    # "Trump predicts that ...", tagged a plural noun: a clause of its own makes it the verb
    if not tok.tag_.startswith("NN") or any(c.dep_ in ("det", "poss") for c in tok.children):
        return False
    return any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children)


def is_phrasal_cue(tok: Token) -> bool:
    """Return whether ``tok`` reports speech only with the particle after it ("shot back", "chimed in")."""
    particles = phrasal_speech_forms().get(tok.lower_)
    if not particles or not tok.tag_.startswith("VB") or tok.i + 1 >= len(tok.doc):
        return False
    nxt = tok.nbor(1)
    return nxt.lower_ in particles and nxt.head == tok and nxt.dep_ in ("prt", "advmod", "prep")


def _put_it(tok: Token) -> bool:
    # "as one strategist put it, ...": the idiom reports the words that follow or precede it
    return tok.lower_ in ("put", "puts") and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)


def _modifier(tok: Token) -> bool:
    # "a firm called Cambridge Analytica", "pledged delegates", "was called X": naming or
    # describing, not reporting
    if tok.dep_ == "amod" or (tok.tag_ == "VBN" and tok.dep_ == "acl"):
        return True
    if tok.dep_ == "acl" and tok.lower_ in naming_forms() and _names(tok):
        return True  # "a movement called the Revolutionary Party": the tagger often reads the participle as past
    if tok.tag_ in ("VBN", "VBD") and 0 < tok.i < len(tok.doc) - 1 and _between_noun_words(tok):
        return True  # "271 pledged delegates", "the party's pledged delegates": an adjective the tagger missed
    if tok.tag_ in ("VBN", "VBD") and 0 < tok.i < len(tok.doc) - 1 and _before_bare_plural(tok):
        return True  # "include pledged delegates", "enough proposed changes": no one pledges or proposes
    predicates = [c for c in tok.children if c.dep_ == "oprd"]
    if tok.lower_ in naming_verb_forms() and predicates and _proper_name(predicates[-1]):
        return True  # "members called the group the Sea Org", "a PAC called Our Principles is ...": a name
    return tok.lower_ in naming_forms() and any(c.dep_ == "auxpass" for c in tok.children)


def _proper_name(predicate: Token) -> bool:
    # "the Sea Org", "Our Principles"; not "a Judas", and not a quoted epithet ('the "Devil"')
    if predicate.pos_ != "PROPN" or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in predicate.children):
        return False
    doc = predicate.doc
    first, last = predicate.left_edge.i, predicate.right_edge.i
    marks = [doc[i] for i in range(max(0, first - 1), min(len(doc), last + 2))]
    return not any(t.is_quote for t in marks)


def _names(tok: Token) -> bool:
    # the participle takes a name and no subject: "a group of rabbis called for a boycott" reports
    children = [c.dep_ for c in tok.children]
    return "nsubj" not in children and any(d in ("oprd", "dobj", "attr") for d in children)


def _before_bare_plural(tok: Token) -> bool:
    # a verb with no subject or auxiliary of its own, right before the bare plural it takes as object
    nxt = tok.nbor(1)
    if nxt.tag_ != "NNS" or nxt.head != tok or nxt.dep_ != "dobj" or tok.dep_ in ("ROOT", "conj"):
        return False
    if tok.nbor(-1).is_punct or tok.nbor(-1).dep_ == "cc":
        return False  # "she stood up, pledged support": a verb of its sentence's subject
    return not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children)


def _between_noun_words(tok: Token) -> bool:
    return tok.nbor(-1).tag_ in _NOUN_OPENERS and tok.nbor(1).tag_ in ("NN", "NNS")


def _hyphenated(tok: Token) -> bool:
    # "so-called", "self-described": part of a compound modifier, not a verb of saying
    return tok.i > 0 and tok.nbor(-1).text == "-" and tok.nbor(-1).whitespace_ == ""


def is_belief_cue(tok: Token) -> bool:
    """Return whether ``tok`` is a belief or intention verb used as a verb."""
    return tok.lower_ in belief_forms() and tok.tag_.startswith("VB") and not _hyphenated(tok)


def cue_span(tok: Token, ctx: Context) -> Span:
    """Return the cue phrase of ``tok``: the verb itself, or "according to"."""
    end = ctx.end(tok)
    if tok.lower_ == "according":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            end = ctx.end(nxt)
    start = ctx.start(tok)
    return Span(ctx.text[start:end], start, end)


def _issuer(noun: Token) -> Token | None:
    # "McConnell released a statement saying ...": the subject of the verb governing the noun
    verb = noun.head
    if noun.dep_ not in ("dobj", "pobj") or verb.i == noun.i:
        return None
    if noun.dep_ == "pobj":
        verb = verb.head
        if verb.lower_ in _SHARE_WORDS and verb.dep_ in ("dobj", "pobj") and verb.head.i != verb.i:
            # "who spent much of his speech defending ...": the share's verb spoke
            verb = verb.head.head if verb.dep_ == "pobj" else verb.head
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    for _ in range(3):
        if subjects or verb.dep_ != "xcomp":
            break
        # "who helped launch the movement with a speech denouncing ...": the controlling verb's subject
        verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    return subjects[0] if subjects else None


def _passive_agent(verb: Token) -> Token | None:
    # "was criticized by his rivals": the agent spoke; the passive subject is who was spoken of
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _named(noun: Token) -> bool:
    # a person or body can be the one acting: "the first senator to endorse him"
    return noun.pos_ in ("PROPN", "PRON") or noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _holder(noun: Token) -> Token | None:
    # the possessor of the noun, else the verb that governs it (whose subject holds it)
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if poss:
        return poss[0]
    head = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("dobj", "attr", "pobj") and head != noun and head.pos_ in ("VERB", "AUX"):
        return head
    return None


_INTO_REPORT = frozenset({"ccomp", "xcomp", "relcl", "acl", "dobj", "pobj", "prep", "advcl"})
_CLAUSE_EDGES = frozenset({"ccomp", "xcomp", "relcl", "acl"})


def second_report_of(verb: Token) -> Token | None:
    """Return the speech verb whose reported clause ``verb`` is conjoined to as the speaker's next act, if any."""
    # "said the budget was balanced and criticized the council", "says he'd sit down with him and tell
    # him so and tells the crowd ...": a subjectless speech verb in the reporting verb's own form,
    # conjoined to a verb inside what was reported, shares the reporter's subject
    if verb.dep_ != "conj" or not is_speech_cue(verb) or any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    child = verb.head
    while child.dep_ == "conj" and child.head.i != child.i:
        child = child.head
    inside = False
    for _ in range(6):
        if child.dep_ not in _INTO_REPORT or child.head.i == child.i:
            return None
        inside = inside or child.dep_ in _CLAUSE_EDGES
        cue = child.head
        reports = (is_speech_cue(cue) or is_belief_cue(cue)) and cue.lower_ != "according"
        if inside and reports and (cue.tag_ == verb.tag_ or _finite(cue) == _finite(verb)):
            return cue
        child = cue
    return None


def _finite(verb: Token) -> str:
    # the tag of the word carrying the tense: "did say" and "said" are both past, "have been calling" present
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"), None)
    return aux.tag_ if aux is not None else verb.tag_


def _subject(verb: Token) -> Token | None:
    for _ in range(5):
        cue = second_report_of(verb)
        if cue is not None:
            verb = cue
            continue
        agent = _passive_agent(verb)
        if agent is not None:
            return agent
        subjects = _subjects(verb)
        if subjects and not (verb.dep_ == "relcl" and subjects[0].lower_ in _RELATIVE):
            return subjects[0]
        handled, owner = _noun_owner(verb)
        if handled:
            if owner is not None and owner.pos_ in ("VERB", "AUX"):
                verb = owner
                continue
            return owner
        if verb.dep_ in _CLIMB_DEPS and verb.head != verb:
            # "by proposing", "after hinting": through the preposition to the main verb; ", explaining ..."
            # after reported content hangs off the content's verb but the reporting verb's subject speaks
            reporter = _reporting_ancestor(verb) if verb.tag_ == "VBG" and verb.dep_ == "advcl" else None
            verb = reporter or verb.head
            continue
        return None
    return None


def _subjects(verb: Token) -> list[Token]:
    # two subjects is a bad parse: "Speaking in Salem, New Hampshire, Trump went" hangs the place
    # on the verb too, and the comma before the second one closes the phrase the first belongs to;
    # "Obama the realist knows" is one noun phrase split in two, the first is the head
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if len(subjects) > 1 and all(s.i < verb.i for s in subjects[-2:]):
        first, last = subjects[-2], subjects[-1]
        # but "DeLong of the University of California, Berkeley suggest": the second is the end of a
        # name the first one's phrase holds
        inside = last.ent_iob_ == "I" and last.left_edge.i == last.i
        if any(t.text == "," for t in verb.doc[first.i : last.left_edge.i]) and not inside:
            return [last, *subjects[:-1]]
    return subjects


def _noun_owner(verb: Token) -> tuple[bool, Token | None]:
    """For a verb that hangs on a noun, whether the noun decides who acts, and who: a person, or a verb
    whose subject acts."""
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        noun = verb.head
        if _infinitive(verb) and not _named(noun):
            # "no plans to endorse", "a campaign to repeal": the plan's holder acts, not the plan
            return True, _holder(noun)
        issuer = _issuer(noun) if noun.lower_ in message_nouns() else None
        return True, issuer or noun  # "signs calling him a loser", "critics who said ..."
    owner = _gerund_owner(verb)
    return owner is not None, owner


def _gerund_owner(verb: Token) -> Token | None:
    """The one doing a gerund that a preposition hangs on a noun: "in addition to stating", "took the step
    of criticizing", "makes no apologies for accusing": the noun's possessor, else the verb governing the noun."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.head.pos_ != "NOUN":
        return None
    if any(t.pos_ != "ADV" for t in verb.doc[prep.i + 1 : verb.i]):
        return None  # "with about three in 10 saying ...": the gerund has a subject of its own
    noun = prep.head
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    head = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("dobj", "pobj") and head != noun and head.pos_ in ("VERB", "AUX"):
        return head
    return None


def _reporting_ancestor(verb: Token) -> Token | None:
    # the speech verb whose reported clause holds ``verb``'s head: "said the bridge would reopen, saying ..."
    head = verb.head
    own = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVE]
    if head.dep_ == "conj" and own:
        return None  # "Critics say ..., and the union sued the city, saying ...": the union's own act, not a report
    for tok in head.ancestors:
        if is_speech_cue(tok) and tok.lower_ != "according":
            return tok
        if tok.dep_ not in ("ccomp", "acl", "relcl", "dobj", "pobj", "prep", "conj"):
            return None
    return None


def _agent(verb: Token) -> Token | None:
    if verb.lower_ == "according":
        for child in verb.children:
            if child.lower_ == "to":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
        return None
    subject = _subject(verb)
    if subject is not None:
        return subject
    if _after_quote(verb):
        # inverted attribution: '"...," added another Republican' parses the speaker as an object
        objects = [c for c in verb.rights if c.dep_ in _INVERTED_DEPS and c.pos_ in ("NOUN", "PROPN", "PRON")]
        return objects[0] if objects else _right_neighbour(verb)
    return _left_neighbour(verb)


def _after_quote(verb: Token) -> bool:
    # '"...," said X' and '"...", said X'; "Texas, leading 13 states, asked a judge" has no quotation
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in _CLOSING:
        return False
    return doc[verb.i - 1].text != "," or (verb.i > 1 and doc[verb.i - 2].text in _CLOSING)


def _right_neighbour(verb: Token) -> Token | None:
    # '"...," said David Brock, ...' misparsed: the name right after an inverted cue
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return None
    i = verb.i + 1
    while i + 1 < len(doc) and doc[i].dep_ in ("compound", "det", "amod") and doc[i + 1].sent == verb.sent:
        i += 1
    tok = doc[i]
    # '"...," said Skelly': a surname the tagger read as an adverb is still capitalised mid-sentence
    return tok if tok.pos_ in ("PROPN", "PRON", "NOUN") or (tok.is_title and tok.is_alpha) else None


def _left_neighbour(verb: Token) -> Token | None:
    # the parser missed the subject ("Jolly said" with "Jolly" as an adverb): the word just
    # before the verb, past auxiliaries and adverbs, when it looks like a name or a pronoun
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].pos_ in ("AUX", "PART", "ADV") and doc[i].is_lower:
        i -= 1
    if i > 0 and doc[i].text == ")":
        # "Sen. Jane Roe (D-Ore.) said": the party and state in brackets follow the name
        j = i - 1
        while j > 0 and doc[j].text != "(" and i - j < 8:
            j -= 1
        i = j - 1 if doc[j].text == "(" else i
    i = _before_aside(doc, i, verb)
    if i < 0 or doc[i].sent != verb.sent:
        return None
    tok = doc[i]
    # "About 4 in 10 say": a share of those polled
    return tok if tok.pos_ in ("PROPN", "PRON", "NOUN", "NUM") or tok.is_title else None


_ASIDE_TOKENS = 12


def _before_aside(doc: Doc, i: int, verb: Token) -> int:
    """The position before a comma-delimited aside that ends at ``i``: "Clinton, without naming him, also
    accused", "Texas, leading 13 states, asked": the name before the aside; ``i`` when there is none."""
    if i < 1 or doc[i].text != ",":
        return i
    j = i - 1
    while j > verb.sent.start and i - j <= _ASIDE_TOKENS and doc[j].text not in (",", ".", ";", ":"):
        j -= 1
    if doc[j].text != "," or j - 1 < verb.sent.start or doc[j - 1].pos_ not in ("PROPN", "NOUN"):
        return i
    aside = doc[j + 1 : i]
    if len(aside) < 2 or any(t.dep_ == "cc" for t in aside):
        return i  # "Burlington, Iowa, and, citing ...": a coordination or a place's state, no aside
    return j - 1


def _can_speak(tok: Token) -> bool:
    # "Trump" tagged a verb as the subject still names someone: a capitalised word counts
    named = tok.pos_ in ("NOUN", "PROPN", "PRON") or (tok.is_title and tok.dep_.startswith("nsubj"))
    return named and tok.lower_ not in NEUTER and not cannot_speak(tok)


def _speaking_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` when it can speak: its agent, its subject, a relative's antecedent."""
    agent = _passive_agent(verb)
    subjects = [agent] if agent is not None else [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects:
        # "Trump summed up X as '...,' denounced her record": the parse hung the first conjunct,
        # with the subject both verbs share, under the second (as a clause of its own, even)
        subjects = [
            s
            for c in verb.children
            if c.dep_ in ("advcl", "conj", "ccomp") and c.i < verb.i and not any(m.dep_ == "mark" for m in c.children)
            for s in c.children
            if s.dep_ in ("nsubj", "nsubjpass")
        ]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        # "the admiral, who has to recommend ...": the antecedent
        subject = verb.head
    return subject if _can_speak(subject) else None


def _gerund_subject(thing: Token) -> Token | None:
    # "the awkwardness of Mr. Clinton jetting around the world": the gerund's subject is the "of" phrase
    # right before it, which the parse hangs on the noun
    for gerund in thing.rights:
        if gerund.dep_ != "acl" or gerund.tag_ != "VBG":
            continue
        for prep in thing.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [c for c in prep.children if c.dep_ == "pobj" and c.right_edge.i + 1 == gerund.i]
                if objects and objects[0].pos_ in ("PROPN", "PRON") and _can_speak(objects[0]):
                    return objects[0]
    return None


def _close_to_thing(thing: Token, cue: Token) -> Token | None:
    # the one the phrase around the thing names: a gerund's subject, a relative pronoun, a passive subject
    gerund = _gerund_subject(thing)
    if gerund is not None:
        return gerund
    for verb in (cue, *cue.ancestors):
        if verb.i == thing.i:
            break
        who = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ == "who"]
        if verb.dep_ == "relcl" and verb.head.i == thing.i and who:
            return who[0]  # "says to Santilli on camera, who responds": a "who" the parse hung on a thing
    if thing.dep_ == "pobj" and thing.head.dep_ == "agent":
        # "officials were angered by the deal and predicted ...": the one acted on, not the thing acting
        passive = [c for c in thing.head.head.children if c.dep_ == "nsubjpass" and _can_speak(c)]
        return passive[0] if passive else None
    whose = [c for c in thing.children if c.dep_ == "poss" and c.lower_ == "whose"]
    if whose:
        # "Admiral Harris, whose task is to recommend ...": the one the relative clause is about,
        # mentioned by the relative pronoun as "who" is
        clause = next((a for a in thing.ancestors if a.dep_ == "relcl"), None)
        return whose[0] if clause is not None and _can_speak(clause.head) else None
    return None


def speaker_of_thing(thing: Token, cue: Token) -> Token | None:
    """The one who speaks when the parse offers a thing or an abstraction as ``cue``'s subject, or None."""
    close = _close_to_thing(thing, cue)
    if close is not None:
        return close
    verbs = [a for a in (thing, *thing.ancestors) if a.pos_ in ("VERB", "AUX")]
    # "He said ... that he wants a platform that calls for '...'": the quotation lies inside what
    # the enclosing speech act reports, so its speaker speaks; else the nearest verb's subject that
    # can speak ("Clinton hopes to make a statement in a contest that will ... encourage ...")
    for verb in verbs:
        if verb.i != cue.i and verb.lower_ != "according" and is_speech_cue(verb):
            found = _speaking_subject(verb)
            if found is not None:
                return found
    return next((s for s in map(_speaking_subject, verbs) if s is not None), None)


def _controller(cue: Token, agent: Token) -> Token | None:
    # "the results will force Sanders to acknowledge ...", "another method would require delegates to
    # challenge ...": when a thing does the forcing, the object of the verb above speaks ("Sanders is
    # pushing Democrats to reject ..." stays Sanders's)
    # "the collapse left many nations feeling ...": a gerund too, but not one after a comma ("the
    # platform recognizes them, outlining ..." is the platform's)
    if not (cannot_speak(agent, plurals=True) or is_source(agent)):
        return None
    to = next((c for c in cue.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    before = cue.doc[to.i - 1] if to is not None and to.i > 0 else None
    if before is not None and before.dep_ == "pobj" and before.head.lower_ in ("on", "upon", "for"):
        # "the decision will increase the pressure on her to say ...", "a call for him to explain ...":
        # the one named right before the infinitive is its subject
        return before if _can_speak(before) else None
    if cue.dep_ != "xcomp" or not (to is not None or cue.tag_ == "VBG"):
        return None
    objects = [c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i and _can_speak(c)]
    return objects[0] if objects else None


def inverted_speaker(cue: Token) -> Token | None:
    """Return the speaker named after a cue set off by a comma: "The talks collapsed, reported the AP"."""
    # The parser reads such a cue as a subjectless conjunct of the reported clause, with the
    # source as its object; a conjunct of the subject's own takes "and" ("cut jobs and announced").
    doc = cue.doc
    if cue.dep_ != "conj" or cue.i < 2 or doc[cue.i - 1].text != "," or cue.head.i > cue.i:
        return None
    if any(c.dep_ in _SUBJECT_DEPS or c.dep_ in ("cc", "ccomp", "xcomp") for c in cue.children):
        return None
    source = next((c for c in cue.rights if c.dep_ in ("dobj", "attr", "nsubj")), None)
    if source is None or source.pos_ not in ("PROPN", "NOUN") or cannot_speak(source, plurals=True):
        return None
    # the source ends the sentence, but for a time or place ("announced the chief executive on Monday")
    rest = [t for t in doc[source.right_edge.i + 1 : cue.sent.end] if not (t.is_punct or t.is_space)]
    return source if all(t.head.i == cue.i or t.head.i in {r.i for r in rest} for t in rest) else None


def _speaker(cue: Token, ctx: Context) -> Token | None:
    # a subject inside the quotation is the parser taking the quote's words for the speaker
    inverted = inverted_speaker(cue)
    if inverted is not None:
        return inverted
    agent = _agent(cue)
    # "The ruling says ...": the cue's own subject, whatever it is, stays; a thing the parse reached
    # by climbing, relating or inverting is replaced by whoever speaks above it
    # "according to" names its source, whatever it is
    own = agent is not None and (cue.lower_ == "according" or (agent.head.i == cue.i and agent.dep_ in _SUBJECT_DEPS))
    controller = _controller(cue, agent) if agent is not None and not own else None
    if controller is not None and not ctx.in_quote(controller):
        return controller
    if agent is not None and not own and not ctx.in_quote(agent) and cannot_speak(agent, plurals=True):
        found = speaker_of_thing(agent, cue)
        if found is not None and not ctx.in_quote(found):
            return found
        # else the thing stays the mention: read as no one (unknown), not a running speaker's quote
    candidates = (
        agent,
        _right_neighbour(cue) if _after_quote(cue) else None,
        _left_neighbour(cue),
        _apposition_outside(agent, ctx) if agent is not None and ctx.in_quote(agent) else None,
        _clause_subject(cue, ctx) if agent is None or ctx.in_quote(agent) else None,
        _between_quote(cue, ctx) if agent is None or ctx.in_quote(agent) else None,
    )
    return next((t for t in candidates if t is not None and not ctx.in_quote(t)), None)


def mention_of(cue: Token, ctx: Context) -> Span | None:
    """Return the noun phrase the attribution of ``cue`` rests on, or None."""
    head = _speaker(cue, ctx)
    if head is None:
        return None
    head = _polling(cue, head) or head
    tokens = [t for t in head.subtree if not ctx.in_quote(t) and t.i != cue.i]
    # keep the contiguous run around the head: the subtree can wrap the cue in a bad parse
    lo = hi = head.i
    positions = {t.i for t in tokens}
    while lo - 1 in positions and lo - 1 != cue.i:
        lo -= 1
    while hi + 1 in positions and hi + 1 != cue.i:
        hi += 1
    doc = head.doc
    hi = _before_time_phrase(head, hi)
    hi = _before_quoting_modifier(head, lo, hi, ctx)
    return ctx.span(ctx.start(doc[lo]), ctx.end(doc[hi]))


_MODIFIERS = frozenset({"relcl", "acl", "appos"})


def _before_quoting_modifier(head: Token, lo: int, hi: int, ctx: Context) -> int:
    # "Smith, who calls the governor a “coward,” said": a quotation cuts the clause describing the
    # speaker in two; the mention ends before that clause, not inside it
    doc = head.doc
    quoted = next((t.i for t in doc[head.i + 1 : head.right_edge.i + 1] if ctx.in_quote(t)), None)
    if quoted is None or quoted != hi + 1:
        return hi
    clause = next((c for c in head.rights if c.dep_ in _MODIFIERS and c.left_edge.i <= quoted <= c.right_edge.i), None)
    if clause is None:
        return hi
    end = clause.left_edge.i - 1
    while end > lo and doc[end].is_punct:
        end -= 1
    return max(lo, min(hi, end))


_POLLS = frozenset({"poll", "polls", "survey", "surveys"})
_SHARES = frozenset({"percent", "%", "half", "majority", "most", "third", "thirds", "quarter", "quarters"})


def _polling(cue: Token, subject: Token) -> Token | None:
    """The poll that reports what a share of respondents said: "In a Gallup poll, 60 percent said ..."."""
    if subject.i > cue.i or not any(t.like_num or t.lower_ in _SHARES for t in subject.subtree):
        return None
    for verb in (cue, *cue.ancestors):
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i < subject.i:
                poll = next((c for c in prep.children if c.dep_ == "pobj" and c.lower_ in _POLLS), None)
                if poll is not None:
                    return poll
    return None


def _apposition_outside(subject: Token, ctx: Context) -> Token | None:
    # '"Good reporter, this guy," Trump, the front-runner, said': the parser took the quotation's words
    # for the subject and the name after it for their apposition
    return next((c for c in subject.children if c.dep_ == "appos" and not ctx.in_quote(c)), None)


def _clause_subject(cue: Token, ctx: Context) -> Token | None:
    """The subject of the clause before a subjectless cue that continues it: "Kasich paused, then says ...",
    "Lee shared the news, writing ...": the nearest verb to the left, in the sentence, with a subject."""
    doc = cue.doc
    if cue.dep_ in ("relcl", "acl") or cue.i == 0:
        return None
    prev = doc[cue.i - 1]
    if not (prev.text == "," or (prev.pos_ == "ADV" and prev.is_lower) or prev.dep_ == "cc"):
        return None  # "X works, says" needs a break before the cue: a comma, "then", "and"
    content = any(c.i > cue.i and c.dep_ in ("ccomp", "dobj", "xcomp", "dative") for c in cue.children)
    if not content and not any(ctx.in_quote(t) for t in doc[cue.i + 1 : cue.i + 3]):
        return None  # "The plan works, says the mayor": the cue's content must follow it
    for tok in reversed(doc[cue.sent.start : cue.i]):
        if ctx.in_quote(tok) or tok.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [
            c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVE and c.i < tok.i
        ]
        if subjects and not ctx.in_quote(subjects[0]):
            return subjects[0]
    return None


def _between_quote(cue: Token, ctx: Context) -> Token | None:
    """The name between a quotation and its cue when the parser hung it inside the quotation's clause:
    '"It is not the plan," Jane Roe, an adviser to the mayor, said'."""
    doc = cue.doc
    i = cue.i - 1
    while i >= cue.sent.start and cue.i - i <= _BETWEEN_TOKENS and not ctx.in_quote(doc[i]):
        i -= 1
    if i < cue.sent.start or not ctx.in_quote(doc[i]):
        return None
    words = [t for t in doc[i + 1 : cue.i] if t.pos_ in ("PROPN", "PRON", "NOUN")]
    # the phrase's own head ("Sperling" of "Gene Sperling, an adviser"), else its first noun
    roots = [t for t in words if not i < t.head.i < cue.i]
    found = roots or words
    return found[0] if found else None


def _before_time_phrase(head: Token, hi: int) -> int:
    """The mention's last position once the time phrases that end it are cut off."""
    # 'said the mayor, Jane Roe, on Tuesday': the parser hangs the report's date on the speaker's
    # noun; "a report Tuesday from WKOW" keeps its inner date, the source follows it
    phrases = [
        (tok.left_edge.i, tok.right_edge.i)
        for tok in head.subtree
        if tok.i > head.i and tok.head.pos_ in ("NOUN", "PROPN") and is_time_phrase(tok)
    ]
    doc = head.doc
    for first, last in sorted(phrases, reverse=True):
        while hi > head.i and doc[hi].is_punct:
            hi -= 1
        if last == hi:
            hi = first - 1
            # what the cut leaves dangling ("critics who", "the mayor and") opened more clause, no name
            while hi > head.i and (doc[hi].is_punct or doc[hi].dep_ in _DANGLING or doc[hi].lower_ in _RELATIVE):
                hi -= 1
    return max(hi, head.i)


def _is_dash(tok: Token) -> bool:
    # a spaced hyphen or a real dash separates clauses; "71-year-old" and "Holtz-Eakin" do not
    if tok.text not in _DASHES:
        return False
    return tok.text != "-" or (tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_))


def window_tokens(para: SpacySpan, start: int, end: int, ctx: Context) -> tuple[list[Token], list[Token]]:
    """Return the tokens after and before a quotation up to a sentence end or another quotation."""
    after: list[Token] = []
    before: list[Token] = []
    # start at the quotation's edges (bisect over token offsets): the walk is the sentence, not the paragraph
    for i in range(bisect.bisect_left(para, end, key=ctx.start), len(para)):  # type: ignore[call-overload]
        tok = para[i]
        # a dash right after the quotation opens an aside: '"..." - at which point the crowd chanted'
        if ctx.in_quote(tok) or tok.text in _SENTENCE_END or _is_dash(tok):
            break
        after.append(tok)
    for i in range(bisect.bisect_right(para, start, key=ctx.end) - 1, -1, -1):  # type: ignore[call-overload]
        tok = para[i]
        if ctx.in_quote(tok) or tok.text in _SENTENCE_END or _is_dash(tok):
            break
        before.append(tok)
    return after, before
