"""Indirect (reported) speech: a speech verb with its clausal complement, and "according to X"."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.engine.adjuncts import is_adjunct
from service.engine.attribution import Context, inverted_speaker, is_belief_cue, is_phrasal_cue, is_speech_cue
from service.engine.lexicon import (
    inflect,
    intention_forms,
    naming_verb_forms,
    object_forms,
    permission_forms,
    question_forms,
    quoting_forms,
    refusal_forms,
)
from service.engine.objects import object_content
from service.engine.speakers.speakable import cannot_speak
from service.engine.tails import without_adjuncts, without_aside, without_conjunct

_CLAUSE_DEPS = frozenset({"ccomp"})
_MIN_CHARS = 8
_RELATIVES = frozenset({"which", "who", "that", "whom", "whose", "where"})
_OWN_CONTENT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "dative", "oprd"})
_FUTURE = frozenset({"will", "'ll", "shall"})
_MODALS = frozenset({"would", "could", "can", "ca", "wo", "will", "should", "might", "may", "must"})
_COMPLEMENTISERS = frozenset({"that", "whether"})
_RESTATING = frozenset({"this", "that", "which"})
_FINDING = inflect(["find"])
_OBJECT_PRONOUNS = frozenset(
    {"him", "her", "them", "me", "us", "it", "you", "himself", "herself", "themselves", "itself", "myself", "ourselves"}
)
# what the parser makes of a complementiser it misattaches: a marker, or a relative clause's object
_COMPLEMENT_READINGS = frozenset({"mark", "dobj", "advmod"})
_UNFINISHED = frozenset({"cc", "mark", "prep", "det", "aux"})
# what follows a cue inside its own phrase: "told reporters", "said on Friday", "told me in an interview"
_CUE_PHRASE_DEPS = frozenset({"dobj", "dative", "prep", "npadvmod", "advmod", "agent"})
# verbs whose object is the person addressed ("told reporters"), not what was said; by their forms,
# as the analysis runs no lemmatiser
_ADDRESSING = inflect(["tell", "ask", "inform", "remind", "assure", "warn", "advise"])
_CONCESSIVE = frozenset({"although", "though", "while", "whereas"})
_CLOSING_MARKS = frozenset({"”", '"', "''", "’", "'"})
_OPENING_MARKS = frozenset({"“", '"', "``", "‘", "'"})
_PARENTHESIS_OPENERS = frozenset({",", "”", '"', "’", "'", "—", "–", "-", "--"})


@dataclass(frozen=True, slots=True)
class Reported:
    """A reported clause: its trimmed text range, the cue token and a confidence."""

    start: int
    end: int
    cue: Token
    confidence: float


def _range(tokens: list[Token], ctx: Context, shortest: int = _MIN_CHARS) -> tuple[int, int] | None:
    if len(tokens) > 2 and tokens[-1].dep_ == "cc":
        tokens = tokens[:-2] if tokens[-2].is_punct else tokens[:-1]  # "..., and" before a conjunct left out
    tokens = without_aside(tokens)
    tokens = without_adjuncts(tokens, frozenset(t.i for t in tokens if ctx.in_quote(t)))
    if not tokens:
        return None
    span = ctx.span(ctx.start(tokens[0]), ctx.end(tokens[-1]))
    if span is None or len(span.text) < shortest:
        return None
    return span.start, span.end


def _subtree_range(tok: Token, ctx: Context) -> tuple[int, int] | None:
    doc = tok.doc
    return _range(list(doc[tok.left_edge.i : tok.right_edge.i + 1]), ctx)


def _rest_of_sentence(cue: Token, ctx: Context) -> tuple[int, int] | None:
    # "According to X, ..." / "As X reported, ...": the sentence around the cue's own phrase, or
    # the relative clause it sits in ("the fund, which according to records holds $40 million")
    start, end = _scope(cue)
    doc = cue.doc
    # the clause the phrase hangs on: "A leads B by 271 delegates, according to a count, but ..."
    # is its own side of the phrase, not the longer one
    head = _clause_verb(cue)
    if head is not cue and start <= head.i < end:
        if head.i < cue.left_edge.i:
            start = max(start, head.left_edge.i)
        elif head.i > cue.right_edge.i:
            end = min(end, head.right_edge.i + 1)
    left = [t for t in doc[start : cue.left_edge.i] if not (t.i == start and t.lower_ in _RELATIVES)]
    # a parse may run on into the next, unparsed paragraph: the sentence ends with its own paragraph
    right = [t for t in doc[cue.right_edge.i + 1 : end] if ctx.start(t) < ctx.limit[1]]
    if head is not cue and (left or right):
        side = left if head.i < cue.left_edge.i and left else right if right else left
    else:
        side = right if len(right) >= len(left) else left
    if side is left and any(is_speech_cue(t) and t.dep_ in ("ROOT", "parataxis") for t in side):
        return None  # '"...?" Clinton asked, according to a transcript': the source of another report
    return _range(side, ctx)


_CLAUSE_HEADS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis", "xcomp"})


def _clause_verb(cue: Token) -> Token:
    # the verb of the clause with its own subject that a phrase modifies (past participles used as
    # adjectives and subjectless conjuncts climbed over); the cue itself when there is none
    for tok in cue.ancestors:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in _CLAUSE_HEADS and _has_subject(tok):
            while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
                tok = tok.head  # "A raised $5 million, and he had $5 million left": the coordination is one report
            return tok
    return cue


def _has_subject(verb: Token) -> bool:
    # a clause of its own: "and he will be part of it"; "..., wiping out $1 billion" shares its subject
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)


def _scope(cue: Token) -> tuple[int, int]:
    for tok in cue.ancestors:
        if tok.dep_ == "relcl":
            return tok.left_edge.i, tok.right_edge.i + 1
    return cue.sent.start, cue.sent.end


def _as_reported(cue: Token) -> bool:
    # "as X reported" has no content of its own; "as several states rejected bills" is an event
    if any(c.dep_ in _OWN_CONTENT_DEPS for c in cue.children) or object_content(cue) is not None:
        return False  # "as Trump called for a ban": the cue's own object is what was said
    return cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)


def _parenthetical(cue: Token, ctx: Context) -> list[tuple[int, int] | None]:
    # "The plan works, he said." / "The risk, he said, is a clash.": the cue hangs off the
    # reported clause's verb; the words on either side of it are the report
    head = cue.head
    if head == cue or cue.dep_ not in ("parataxis", "advcl", "conj", "ccomp"):
        return []
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return []
    if any(_own_content(cue, c) or (c.dep_ == "mark" and c.lower_ != "as") for c in cue.children):
        return []  # "years after X agreed to share", "while Y said nothing": not an inserted "he said"
    doc = cue.doc
    opening = _opening_adverbs(cue)
    words = [t.i for t in cue.subtree if not t.is_punct and t.i not in opening]
    lo, hi = min(words), max(words)
    if lo == 0 or doc[lo - 1].text not in _PARENTHESIS_OPENERS:
        return []  # "X will continue" is not "X, he continued"
    if any(t.text in _CLOSING_MARKS for t in doc[max(0, lo - 2) : lo]):
        return []  # '"...," wrote X': the quotation is the report
    before = list(doc[head.left_edge.i : lo])
    after = list(doc[hi + 1 : head.right_edge.i + 1]) if head.right_edge.i > hi else []
    words_before = [t for t in before if not t.is_punct]
    if words_before and words_before[-1].dep_ in _UNFINISHED:
        before = []  # "X, who works there and, he said, ...": a phrase the inserted cue interrupts
    # "Of course, she said, the vote ...": the words before an inserted cue are the report's first
    # piece, however short, when more of it follows; before "as X told the AP" a lone "However" is
    # the reporter's own transition
    rest = _range(after, ctx)
    as_reported = any(c.dep_ == "mark" for c in cue.children)
    return [_range(before, ctx, 1 if rest is not None and not as_reported else _MIN_CHARS), rest]


def _own_content(cue: Token, child: Token) -> bool:
    # "told CNN": an addressing verb's object is the person addressed, not what was said
    return child.dep_ in _OWN_CONTENT_DEPS and not (child.dep_ == "dobj" and cue.lower_ in _ADDRESSING)


def _opening_adverbs(cue: Token) -> set[int]:
    # "Instead, Trump told CNN, his policy ...": an adverb the parser hung on the inserted cue,
    # set off before its subject by a comma, opens the report
    subject = next((c for c in cue.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return set()
    doc = cue.doc
    lead = subject.left_edge.i
    if lead == 0 or doc[lead - 1].text != ",":
        return set()
    adverbs = [c for c in cue.lefts if c.i < lead and c.dep_ == "advmod"]
    covered = {t.i for a in adverbs for t in a.subtree} | {lead - 1}
    if not adverbs or any(t.i not in covered for t in doc[adverbs[0].left_edge.i : lead]):
        return set()
    return covered


def _inserted(cue: Token, ctx: Context) -> list[tuple[int, int] | None]:
    # "Instead, the senator told reporters, the bill would ..." / "If talks fail, the union warned,
    # nurses will strike": a cue set off by commas inside the report, which the parser made the
    # sentence's root or hung the report's opening phrase on; the words on both sides are the report
    found = _inserted_at(cue, ctx)
    if found is None:
        return []
    front, rest = found
    if ctx.in_quote(rest[0]) or any(c.dep_ in _CLAUSE_DEPS and c.i > cue.i for c in cue.children):
        # the quotation after the cue is the direct quote's, a complement is found as a reported clause
        return [_range(front, ctx, 1)]
    after = _range([t for t in rest if not ctx.in_quote(t)], ctx)
    if after is None or not any(t.pos_ in ("VERB", "AUX") for t in rest):
        return []
    return [_range(front, ctx, 1), after]


def _inserted_at(cue: Token, ctx: Context) -> tuple[list[Token], list[Token]] | None:
    # the words before the cue's subject and after its own phrase, when commas set the cue off
    subject = next((c for c in cue.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in _RELATIVES or cue.dep_ in ("relcl", "acl"):
        return None  # "the NRA, which endorsed him, used ...": a relative clause, not an inserted cue
    if any(c.dep_ == "mark" or (c.dep_ == "dobj" and cue.lower_ not in _ADDRESSING) for c in cue.children):
        return None  # "Trump attacked Romney, calling him ...": the object is the verb's own content
    doc, sent = cue.doc, cue.sent
    comma = subject.left_edge.i - 1
    tail = max([cue.i, *(c.right_edge.i for c in cue.rights if c.dep_ in _CUE_PHRASE_DEPS)])
    if comma <= sent.start or doc[comma].text != "," or tail + 2 >= sent.end or doc[tail + 1].text != ",":
        return None
    front = [t for t in doc[sent.start : comma] if not t.is_space]
    if sum(not t.is_punct for t in front) < 2 or any(ctx.in_quote(t) for t in front) or _framing_front(front):
        return None  # "Meanwhile, she said, ...": one word before the cue is the reporter's transition
    return front, list(doc[tail + 2 : sent.end])


def _framing_front(front: list[Token]) -> bool:
    """Whether the words before an inserted cue place the report ("On Tuesday,", "In an interview,")."""
    first = front[0]
    if first.lower_ == "according" or (first.tag_ in ("VBN", "VBG") and not first.i < first.head.i <= front[-1].i):
        return True  # "Asked about the delay,", "Speaking to reporters,": the occasion of the report
    roots = [t for t in front if not t.is_punct and (t.head.i == t.i or not front[0].i <= t.head.i <= front[-1].i)]
    if len(roots) == 1 and any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE for c in roots[0].children):
        return True  # "Although the state has not ..., she said, ...": the reporter's contrast
    return bool(roots) and all(_places(root) for root in roots)  # "At a rally ... yesterday,"


def _places(root: Token) -> bool:
    # a phrase of time, event or audience: "On Tuesday", "In an interview", "yesterday", "In 2008"
    dated = all(t.ent_type_ in ("DATE", "TIME") for t in root.subtree if t != root and not t.is_punct)
    return is_adjunct(root) or (root.dep_ in ("prep", "npadvmod") and dated)


def _object_content(cue: Token, ctx: Context) -> tuple[int, int] | None:
    # "praised the governor for his response": the object and the phrases that carry content
    found = object_content(cue)
    if found is None:
        return None
    return _range(list(cue.doc[found[0].i : found[1].i + 1]), ctx)


def _reports(cue: Token, clause: Token) -> bool:
    # '"...," said Brock, who heads X': after a closing mark the cue belongs to the quotation,
    # and a clause to its right is a misparse unless a complementiser introduces it
    doc = cue.doc
    if cue.lower_ in naming_verb_forms() and not any(c.dep_ == "mark" for c in clause.children):
        return False  # "a PAC called Our Future is ramping up": the verb takes a name, never a bare clause
    if clause.i < cue.i and any(_relative_subject(c) for c in clause.children):
        return False  # "Sanders, who has no endorsements, said ...": a relative clause, misparsed
    after_quote = cue.i > 0 and doc[cue.i - 1].text in _CLOSING_MARKS and not _quoted_in_subject(cue)
    if not after_quote or clause.i < cue.i:
        return True
    return any(c.dep_ == "mark" and c.lower_ in _COMPLEMENTISERS for c in clause.children)


def _small_clause(clause: Token) -> bool:
    # "found him guilty", "found it offensive": an object and its predicate, no verb -- after
    # "find" a verdict or a judgement, not a finding reported ("declared him the nominee",
    # "consider him a phony" are reports and beliefs the corpus marks)
    if clause.pos_ in ("VERB", "AUX"):
        return False
    return any(c.dep_ == "nsubj" and c.lower_ in _OBJECT_PRONOUNS for c in clause.children)


def _after_quotation(cue: Token) -> bool:
    # '"... anymore," tweeted a user from Hanover': right after the quotation the verb's object is
    # its speaker, inverted, not what was said; '“terrible,” denounced her record' and
    # '“a disgrace,” blaming Bloomberg' go on with the reporter's sentence
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text not in _CLOSING_MARKS or cue.tag_ == "VBG" or _quoted_in_subject(cue):
        return False
    source = next((c for c in cue.rights if c.dep_ in ("dobj", "nsubj", "attr")), None)
    return source is not None and source.pos_ in ("PROPN", "NOUN") and not cannot_speak(source, plurals=True)


def _quoted_in_subject(cue: Token) -> bool:
    # 'Smith, who calls the governor a “coward,” said he ...': the quotation closing before the
    # cue opened inside its subject's own phrase, so the cue is not the quotation's
    doc = cue.doc
    opener = next((t for t in reversed(doc[cue.sent.start : cue.i - 1]) if t.text in _OPENING_MARKS), None)
    if opener is None:
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i < opener.i and c.left_edge.i <= opener.i <= c.right_edge.i
        for c in cue.lefts
    )


def _relative_subject(tok: Token) -> bool:
    # "Sanders, who has no endorsements, said": a relative pronoun; "That could help him, she said": a demonstrative
    return tok.dep_ == "nsubj" and tok.lower_ in _RELATIVES and (tok.lower_ != "that" or tok.tag_ == "WDT")


def _clause_groups(cue: Token, clauses: list[Token]) -> list[list[Token]]:
    # "said A, B and C": complements side by side, or a clause conjoined to the verb right
    # after its complement, are one report
    doc = cue.doc
    members = sorted(
        [*clauses, *(c for c in cue.children if c.dep_ == "conj" and _is_clause(c) and clauses)],
        key=lambda t: t.left_edge.i,
    )
    groups: list[list[Token]] = []
    end = -2
    for clause in members:
        if clause.left_edge.i <= end:
            continue
        gap = doc[end + 1 : clause.left_edge.i] if end >= 0 else None
        joined = gap is not None and all(t.dep_ in ("punct", "cc") for t in gap)
        # "the losses that executives said could hurt earnings": the relative word before the cue is not said
        begin = max(clause.left_edge.i, cue.i + 1) if clause.i > cue.i else clause.left_edge.i
        begin = _lost_subject(cue, clause, begin)
        tokens = list(doc[begin : clause.right_edge.i + 1])
        if joined and groups and _own_report(clause):
            end = clause.right_edge.i  # "said X, and more than 4 in 10 said Y": Y is theirs, not the first speaker's
            continue
        if joined and groups and gap is not None:
            groups[-1].extend([*gap, *tokens])
        elif clause.dep_ != "conj":
            groups.append(tokens)
        else:
            continue  # a conjoined clause away from any complement is the reporter's own
        end = clause.right_edge.i
    return groups


def _lost_subject(cue: Token, clause: Token, begin: int) -> int:
    # "admitted the server most likely did not meet ...": the parser took the reported clause's
    # subject for the verb's object; the object right before a subjectless complement is its subject
    if clause.i < cue.i or clause.dep_ != "ccomp" or clause.pos_ not in ("VERB", "AUX") or _has_subject(clause):
        return begin
    if cue.lower_ in _ADDRESSING:
        return begin
    if any(c.dep_ == "mark" for c in clause.children):
        return begin  # "convinced donors that ...": the object is the one addressed
    before = next((c for c in cue.rights if c.dep_ == "dobj" and c.right_edge.i + 1 == begin), None)
    return before.left_edge.i if before is not None else begin


def _own_report(tok: Token) -> bool:
    return is_speech_cue(tok) and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _is_clause(tok: Token) -> bool:
    # a clause conjoined to the cue goes on with the report only as a plain statement: ", but that
    # wasn't the case" is the reporter's verdict, ", but X thinks ..." a report of its own
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    return (
        tok.pos_ in ("VERB", "AUX")
        and not is_speech_cue(tok)
        and not is_belief_cue(tok)
        and bool(subjects)
        and subjects[0].lower_ not in ("that", "this")
    )


def _detached_that_clause(cue: Token, ctx: Context) -> tuple[int, int] | None:
    # "explained to the media before the meeting that ...": the parser may hang the clause off the
    # nearest noun; a complementiser in the verb's own phrase still marks its content
    for tok in cue.subtree:
        if tok.i > cue.i and tok.dep_ == "mark" and tok.lower_ in _COMPLEMENTISERS:
            clause = tok.head
            if clause.dep_ in ("acl", "advcl") and clause.i > tok.i:
                return _range(list(tok.doc[tok.i : clause.right_edge.i + 1]), ctx)
    return _misattached_that_clause(cue, ctx)


def _misattached_that_clause(cue: Token, ctx: Context) -> tuple[int, int] | None:
    # "said at the debate that Republicans will ...": the parser may even read the clause as a
    # relative one of the last noun; a complementiser right after the verb's own phrases, before a
    # subject, still opens its content
    if any(c.dep_ in _OWN_CONTENT_DEPS or c.dep_ == "auxpass" for c in cue.children):
        return None  # the verb has its content already, or is passive ("could be charged for ...")
    doc = cue.doc
    end = cue.right_edge.i
    for tok in doc[cue.i + 1 : end]:
        if ctx.in_quote(tok) or (tok.dep_ == "punct" and tok.text != ","):
            return None
        if tok.lower_ in _COMPLEMENTISERS and tok.i > cue.i + 1 and _opens_clause(tok):
            return _range(list(doc[tok.i : end + 1]), ctx)
        if tok.pos_ in ("VERB", "AUX") and tok.tag_ != "VBG":
            return None  # a clause of the reporter's own comes first
    return None


def _opens_clause(word: Token) -> bool:
    # "that" + a subject: the start of a clause, not a demonstrative or a relative pronoun's verb
    if word.i + 1 >= len(word.doc):
        return False
    nxt, before = word.nbor(1), word.nbor(-1)
    if word.dep_ not in _COMPLEMENT_READINGS or before.dep_ == "cc":
        return False  # "a panel that all agreed ...": the relative pronoun is the verb's subject
    if word.dep_ == "dobj" and not any(c.dep_ in _OWN_CONTENT_DEPS and c != word for c in word.head.children):
        return False  # "wrote about the town that her family left": the relative pronoun fills the object
    return nxt.pos_ in ("PRON", "PROPN", "NOUN", "DET", "NUM", "ADJ") and nxt.tag_ != "WDT"


def _asked(cue: Token, clause: Token) -> bool:
    # "asked workers if they planned to attend": the parser reads the question as a condition
    if clause.dep_ != "advcl" or clause.i < cue.i or cue.lower_ not in question_forms():
        return False
    return any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children)


def _finite_xcomp(cue: Token, clause: Token) -> bool:
    # "standards, which he argued help ease ...": a tensed verb the parser took for the cue's open
    # complement is the reported clause, its subject the relative pronoun
    return clause.dep_ == "xcomp" and clause.tag_ in ("VBZ", "VBP", "VBD") and clause.i > cue.i


def _gerund_subject(cue: Token, clause: Token) -> bool:
    # "said cutting the output must be a priority": the parser reads the clause's gerund subject
    # as the verb's complement and hangs the clause's verb on it
    if clause.dep_ != "xcomp" or clause.tag_ != "VBG" or clause.i < cue.i:
        return False
    return any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") for c in clause.children)


def _hedge(cue: Token, *, negated: bool) -> bool:
    # "it's fair to say", "it is too soon to say", "not to mention": the reporter's own hedge, nobody's report
    if negated and any(c.dep_ == "neg" for c in cue.children):
        return True
    head = cue.head
    if head.pos_ in ("ADJ", "ADV") and head.dep_ in ("acomp", "advmod"):
        head = head.head  # "it is too soon to say": the adverb's clause holds the subject
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "expl")]
    if cue.dep_ != "xcomp":
        return False
    if head.lower_ == "suffice" or (subjects and subjects[0].lower_ == "it"):
        return True
    # "All this is to say ...", "which is not to say ...": the reporter restating the argument
    return head.pos_ == "AUX" and bool(subjects) and subjects[0].lower_ in _RESTATING


def _concession(cue: Token) -> bool:
    # "That said, ...", "Having said that, ...", "That being said, ...": the reporter's concession
    doc = cue.doc
    words = [t for t in doc[cue.sent.start : cue.i + 2] if not (t.is_punct or t.is_space)]
    if len(words) > 3 or not any(t.lower_ in ("that", "this") for t in words):
        return False
    after = doc[cue.i + 2] if cue.i + 2 < len(doc) and doc[cue.i + 1].lower_ == "that" else doc[cue.i + 1]
    return after.text == "," and all(t.lower_ in ("that", "this", "having", "being") or t.i == cue.i for t in words)


def _unnamed_because(cue: Token) -> bool:
    # "were not authorized to discuss the case", "speaking on condition of anonymity to discuss the
    # plan": why a source goes unnamed, not what it said
    head = cue.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children) or head == cue:
        return False
    if cue.dep_ in ("xcomp", "acl") and head.lower_ in permission_forms():
        return any(c.dep_ == "neg" for c in head.children)
    if any(c.dep_ == "ccomp" for c in cue.children):
        return False  # "asked for anonymity to say that the plan was dead": said, anonymously
    return any(t.lower_ == "anonymity" and t.i < cue.i for t in head.subtree)


def _unrealised(cue: Token) -> bool:
    # "declined to say", "would not comment", "will highlight": a speech act that has not happened
    auxes = {c.lower_ for c in cue.children if c.dep_ in ("aux", "auxpass")}
    if cue.dep_ == "xcomp" and (cue.head.lower_ in refusal_forms() or cue.head.lower_ in intention_forms()):
        return True  # "declined to say", "plans to demand", "is expected to endorse"
    if _unnamed_because(cue) or _concession(cue):
        return True
    if ("to" in auxes or cue.tag_ == "VBG") and _hedge(cue, negated="to" in auxes):
        return True  # "it is fair to say", "it is worth noting"
    if "it" in {c.lower_ for c in cue.children if c.dep_ == "nsubjpass"} and auxes & _MODALS:
        return True  # "it should be noted that ...": the reporter's own remark, said by nobody
    if auxes & _FUTURE:
        return True
    return bool(auxes & _MODALS) and any(c.dep_ == "neg" for c in cue.children)


def reported_clauses(para: SpacySpan, ctx: Context) -> list[Reported]:
    """Return the reported clauses of speech and belief verbs in a paragraph."""
    out: list[Reported] = []
    for tok in para:
        if ctx.in_quote(tok):
            continue
        speech = is_speech_cue(tok)
        if (not speech and not is_belief_cue(tok)) or is_phrasal_cue(tok) or tok.lower_ in quoting_forms():
            continue  # "she shot back, “…”", "they chanted, “…”": quotations only, no reported clause
        if _unrealised(tok):
            continue
        confidence = 0.75 if speech else 0.45
        ranges: list[tuple[int, int] | None] = []
        if speech and inverted_speaker(tok) is not None:
            # "The talks collapsed late on Friday, reported the AP": the clause before the comma
            ranges.append(_range(list(tok.doc[tok.head.left_edge.i : tok.i - 1]), ctx))
        elif tok.lower_ == "according" or (speech and _as_reported(tok)):
            ranges.append(_rest_of_sentence(tok, ctx))
        else:
            clauses = [
                c
                for c in tok.children
                if (
                    (c.dep_ in _CLAUSE_DEPS and not (tok.lower_ in _FINDING and _small_clause(c)))
                    or _asked(tok, c)
                    or _gerund_subject(tok, c)
                    or _finite_xcomp(tok, c)
                )
                and _reports(tok, c)
            ]
            # a clause after its cue ends where the speaker's report does: not at the reporter's ", but ..."
            own, fronts = _complements(tok, clauses, ctx, confidence)
            ranges.extend(own)
            out.extend(fronts)
            if not clauses and speech:
                ranges.append(_detached_that_clause(tok, ctx))
            if not clauses and tok.lower_ in object_forms() and not _after_quotation(tok):
                ranges.append(_object_content(tok, ctx))
            if speech:
                ranges.extend(_parenthetical(tok, ctx) or _inserted(tok, ctx))
        out.extend(Reported(r[0], r[1], tok, confidence) for r in ranges if r is not None)
    return _innermost(out)


def _complements(
    cue: Token, clauses: list[Token], ctx: Context, confidence: float
) -> tuple[list[tuple[int, int] | None], list[Reported]]:
    """The ranges of the cue's complements, and the reports of cues set off at their start."""
    own: list[tuple[int, int] | None] = []
    fronts: list[Reported] = []
    for group in _clause_groups(cue, clauses):
        inner = _fronting_cue(cue, group)
        if inner is None:
            own.append(_range(without_conjunct(group, cue) if group[0].i > cue.i else group, ctx))
            continue
        # "He hoped, he said, that ...": the inserted cue reports the whole sentence, its opening
        # "He hoped" included
        front = _range(list(cue.doc[cue.left_edge.i : cue.i + 1]), ctx, 1)
        if front is not None:
            fronts.append(Reported(front[0], front[1], inner, confidence))
    return own, fronts


def _fronting_cue(cue: Token, group: list[Token]) -> Token | None:
    # a "he said" set off by commas right at the start of a complement after the cue
    if not group or group[0].i <= cue.i:
        return None
    first = group[0]
    for tok in group:
        if tok.left_edge.i == first.i and tok.dep_ == "parataxis" and _own_report(tok):
            return tok
    return None


def _innermost(found: list[Reported]) -> list[Reported]:
    # The parser may offer one complement both with and without a leading phrase
    # ("explained [to the media before the meeting [that X]]"): one report, so keep the clause.
    def inside(o: Reported, r: Reported) -> bool:
        return o.cue == r.cue and r.start <= o.start and o.end <= r.end and (o.start, o.end) != (r.start, r.end)

    # compared within each cue's own reports: a paragraph's many cues cost no more than their sum
    by_cue: dict[int, list[Reported]] = {}
    for r in found:
        by_cue.setdefault(r.cue.i, []).append(r)
    return [r for r in found if not any(inside(o, r) for o in by_cue[r.cue.i])]
