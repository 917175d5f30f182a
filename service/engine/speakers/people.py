"""Reading people off the Doc: PERSON mentions, and the titles, appositions and honorifics around them."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.engine.names.mention_text import clean_mention, drop_article
from service.engine.names.persons import NAME_PARTICLES, known_given, parse_person_name, same_person, surnames_match
from service.engine.names.titles import head_title, split_title
from service.engine.names.word_lists import anonymous_heads, honorifics, titles
from service.engine.speakers.entity import DEFINITE, INDEFINITE, Entity


def person_spans(doc: Doc, ents: list[SpacySpan], has_ner: bool) -> list[SpacySpan]:
    """The PERSON mentions of the Doc, or runs of capitalised proper nouns when it has no NER."""
    if has_ner:
        return [e for e in ents if e.label_ == "PERSON"]
    # Without NER, runs of proper nouns stand in for PERSON mentions.
    spans: list[SpacySpan] = []
    run: list[Token] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper():
            run.append(tok)
            continue
        if run:
            spans.append(doc[run[0].i : run[-1].i + 1])
        run = []
    return spans


# Dependents that name the phrase's referent itself: "the campaign manager, Jeff Weaver". Possessors,
# prepositional phrases and clauses ("Sanders's manager", "the news for Cruz") name someone else.
_OWN_DEPS = frozenset({"compound", "flat", "appos", "amod", "nmod", "det", "nummod"})


def own_tokens(head: Token) -> list[Token]:
    """The tokens of ``head``'s phrase that can name its referent: the head, then its appositions,
    then its name compounds and modifiers; never the possessors, prepositions or clauses."""
    appos = [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
    rest = [t for c in head.children if c.dep_ in _OWN_DEPS - {"appos"} for t in c.subtree if t.dep_ != "poss"]
    return [head, *appos, *rest]


def title_before(doc: Doc, ent: SpacySpan, has_parse: bool) -> str:
    """A capitalised title right before a name: "U.S. President" in "U.S. President Joe Biden"."""
    i = ent.start
    sent_start = ent.sent.start if has_parse else 0
    while i > sent_start and i > ent.start - 6:
        word = doc[i - 1].text
        if not (word[:1].isupper() or re.match(r"^(?:then|ex|former)-", word)):
            break
        i -= 1
    if i == ent.start:
        # A title written in sentence case before the name ("First lady Michelle Obama").
        for n in (3, 2):
            if ent.start - n >= sent_start and doc[ent.start - n].text[:1].isupper():
                phrase = doc[ent.start - n : ent.start].text
                if phrase.lower() in titles():
                    return phrase
        return _lower_title_before(doc, ent, sent_start) if has_parse else ""
    role, _ = split_title(doc[i : ent.end].text)
    return role


def _lower_title_before(doc: Doc, ent: SpacySpan, sent_start: int) -> str:
    """A lower-case title the parse attaches to the name right after it, with its own modifiers:
    "Morning Joe hosts Joe Scarborough and ...", "co-moderator Megyn Kelly" → the title phrase."""
    if ent.start - 1 < sent_start:
        return ""
    prev = doc[ent.start - 1]
    word = prev.lower_
    single = word[:-1] if word.endswith("s") and word[:-1] in titles() else word
    # the parse hangs the title on the name ("co-moderator Megyn Kelly") or the name on the title
    # as its apposition ("Morning Joe hosts Joe Scarborough and ...")
    names_it = ent.start <= prev.head.i < ent.end or (ent.root.head.i == prev.i and ent.root.dep_ == "appos")
    if prev.text[:1].isupper() or single not in titles() or not names_it:
        return ""
    left = min([prev.i, *(t.i for t in prev.subtree)])
    return doc[max(left, sent_start) : prev.i + 1].text


_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def apposition(doc: Doc, ent: SpacySpan) -> str:
    """A title in apposition: "Lloyd Austin, the Secretary of Defense, told ..." → the title."""
    if ent.end < len(doc) and doc[ent.end].text == ",":
        words: list[str] = []
        for tok in doc[ent.end + 1 : ent.end + 12]:
            if tok.text in {",", ";", ":", "(", ")", "—", "–"} or tok.is_sent_start or tok.pos_ in ("VERB", "AUX"):
                if tok.tag_ in _FINITE and tok.i > ent.end + 1 and doc[tok.i - 1].pos_ in ("NOUN", "PROPN"):
                    # "In an interview with X, the Democratic candidate stated": the phrase is the
                    # subject of the verb it runs into, not a title of X
                    words = []
                break
            if tok.ent_type_ == "PERSON":  # "al-Kadhimi, U.S. President Joe Biden said": a new clause
                words = []
                break
            words.append(tok.text)
        phrase = " ".join(words)
        if words and head_title(phrase) and (words[0].lower() in DEFINITE | INDEFINITE or words[0][:1].isupper()):
            return drop_article(phrase)
    # "The Secretary of Defense, Lloyd Austin, said": the title comes first, and a comma
    # closes the name ("Alongside the top Iraqi leader, Biden said" is no apposition).
    if ent.start >= 2 and doc[ent.start - 1].text == "," and ent.end < len(doc) and doc[ent.end].text == ",":
        words = []
        for tok in reversed(doc[max(0, ent.start - 10) : ent.start - 1]):
            if tok.text in {",", ";", ":", ".", "“", '"'} or tok.pos_ in ("VERB", "AUX"):
                break
            words.insert(0, tok.text)
            if tok.lower_ in DEFINITE:
                break
        phrase = " ".join(words)
        title = head_title(phrase)
        opener = doc[ent.start - 1 - len(words) - 1] if ent.start - 1 - len(words) - 1 >= 0 else None
        if title and phrase.lower().endswith(title) and (opener is None or opener.pos_ != "ADP"):
            return drop_article(phrase)
    return ""


def apposition_head(doc: Doc, span: SpacySpan) -> str:
    """The head noun, lower case, of a noun phrase after the name and a comma: "Kendal Unruh, a
    delegate serving on ..." → "delegate"; "Xinhua, the official news agency" → "agency"; or ''."""
    if span.end >= len(doc) or doc[span.end].text != ",":
        return ""
    words: list[Token] = []
    for tok in doc[span.end + 1 : span.end + 8]:
        if tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP", "PRON") or tok.is_sent_start:
            break
        words.append(tok)
    return words[-1].lower_ if words and words[-1].pos_ == "NOUN" else ""


def _personal_apposition(doc: Doc, span: SpacySpan) -> bool:
    head = apposition_head(doc, span)
    return bool(head) and (head in titles() or head in anonymous_heads())


def titled_proper_names(doc: Doc, ents: list[SpacySpan]) -> list[SpacySpan]:
    """Proper names that NER called an organisation or missed, which a title before them or a
    person noun in apposition marks as people: "CEO Carly Fiorina", "Kendal Unruh, a delegate"."""
    if not doc.has_annotation("DEP"):
        return []
    found = [e for e in ents if e.label_ == "ORG"]
    run: list[Token] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and not tok.ent_type_ and tok.text[:1].isupper():
            run.append(tok)
            continue
        if len(run) >= 2:
            found.append(doc[run[0].i : run[-1].i + 1])
        run = []
    return [
        _with_given_names(span) if span.label_ == "ORG" else span
        for span in found
        if _personal_apposition(doc, span) or (span.label_ == "ORG" and title_before(doc, span, True))
    ]


def _with_given_names(span: SpacySpan) -> SpacySpan:
    """The name NER cut to its surname ("Mayor Ana [Reyes]" tagged ORG) with the untagged proper
    nouns before it, up to the title."""
    doc, start = span.doc, span.start
    while start > span.sent.start:
        tok = doc[start - 1]
        word = tok.lower_.rstrip(".")
        if (
            tok.pos_ != "PROPN"
            or tok.ent_type_
            or not tok.text[:1].isupper()
            or word in titles()
            or word in honorifics()
        ):
            break
        start -= 1
    return span if start == span.start else SpacySpan(doc, start, span.end, label=span.label_)


def stated_age(doc: Doc, ent: SpacySpan) -> str:
    """The age an article gives between commas after the name ("Jane Roe, 46, said") as the
    descriptor it may go on to use ("the 46-year-old"); else ''."""
    if ent.end + 2 >= len(doc) or doc[ent.end].text != "," or doc[ent.end + 2].text != ",":
        return ""
    age = doc[ent.end + 1].text
    return f"{age}-year-old" if age.isdigit() and 0 < int(age) < 120 else ""


def doctor_title(doc: Doc, ent: SpacySpan) -> str:
    """ "Dr." before the name (or opening the mention): the one honorific that is also a title,
    so that "the doctor" finds "Dr. Jane Roe"; else ''."""
    words = [doc[ent.start - 1]] if ent.start else []
    words.append(ent[0])
    return next((t.text for t in words if t.lower_.rstrip(".") == "dr" and t.text[:1].isupper()), "")


def honorific_gender(doc: Doc, ent: SpacySpan) -> str:
    """The gender an honorific right before the name implies ("Mrs." → "f"), or ''."""
    if ent.start == 0:
        return ""
    return honorifics().get(doc[ent.start - 1].lower_, "")


# Parts of speech that never open a person's name: "Neither Cruz", "Of Carson", "Entrusting ...".
_NOT_NAME_POS = frozenset({"ADJ", "ADV", "DET", "CCONJ", "SCONJ", "ADP", "VERB", "AUX", "PRON", "NUM", "PART", "INTJ"})


def _opens_name(tok: Token, following: Token | None, rest: int) -> bool:
    """Whether a token can be the first word of a person's name, judged by the parse."""
    word = tok.lower_.strip(".")
    if any(c.dep_ == "case" for c in tok.children):
        return False  # a possessor ("NBC’s Dante Chinni") names someone else
    if word in honorifics() or tok.lower_ in honorifics() or word in titles() or known_given(tok.text):
        return True  # a title or honorific is split off later, never dropped here
    if not tok.text[:1].isupper():
        return bool(re.match(r"^(?:al|el)-", tok.lower_)) or tok.lower_ in NAME_PARTICLES
    if tok.pos_ in _NOT_NAME_POS:
        return False
    # A capitalised word before a given name and a surname is a modifier where capitals say
    # nothing, at a sentence start or in a headline ("Billionaire Donald Trump"); inside running
    # text it is a name ("Rafael Edward Cruz"), and before one word it is the given name.
    return not (following is not None and rest >= 2 and known_given(following.text) and _capitals_say_nothing(tok))


def _capitals_say_nothing(tok: Token) -> bool:
    """Whether ``tok`` opens its sentence or stands in a headline-case sentence (or nothing tells)."""
    if tok.i == 0 or tok.is_sent_start or not tok.doc.has_annotation("DEP"):
        return True
    words = [t for t in tok.sent if t.is_alpha]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)


def headline_case(sent: SpacySpan) -> bool:
    """Whether a sentence is written in headline case, where capitals say nothing of names."""
    words = [t for t in sent if t.is_alpha]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)


def attested_name_words(ents: list[SpacySpan]) -> frozenset[str]:
    """The words, lower case, of the PERSON mentions in running text (not in headline-case lines)."""
    return frozenset(
        t.lower_
        for e in ents
        if e.label_ == "PERSON" and not (e.doc.has_annotation("DEP") and headline_case(e.sent))
        for t in e
    )


def headline_name(ent: SpacySpan, attested: frozenset[str]) -> SpacySpan:
    """A PERSON mention cut where a headline-case line runs the name into the words after it:
    "Lutz Hid Past Health Problems From Public" → "Lutz". Capitals say nothing there, so the name
    ends before the first word that no name in the article's running text holds, once a word
    that one does hold has opened it."""
    doc = ent.doc
    if len(ent) < 2 or not doc.has_annotation("DEP") or not headline_case(ent.sent):
        return ent
    if ent[0].lower_ not in attested:
        return ent  # a name given only in the headline: nothing to judge its words by
    for tok in ent[1:]:
        if tok.lower_ not in attested:
            return doc[ent.start : tok.i]
    return ent


def proper_name(doc: Doc, text: str, start: int, end: int) -> str:
    """The proper-noun part of a name found in ``doc[start:end]``: ``text`` without the descriptive
    words, determiners or sentence-initial words the mention opens with."""
    if not doc.has_annotation("TAG"):
        return text
    at = _find(doc, text, start, max(end, start + len(text)))
    span = doc.char_span(at, at + len(text), alignment_mode="expand") if at >= 0 else None
    if span is None or len(span) < 2:
        return text
    tokens = list(span)
    i = 0
    while i < len(tokens) - 1 and not _opens_name(tokens[i], tokens[i + 1], len(tokens) - i - 1):
        i += 1
    if i == 0:
        return text
    if any(t.dep_ == "case" for t in tokens[:i]) and len(tokens) - i < 2:
        return ""  # "Cruz’s Iowa": a possessor and one word are no one's name
    return text[tokens[i].idx - at :].strip()


def _find(doc: Doc, text: str, start: int, end: int) -> int:
    """``doc.text.find(text, start, end)`` reading only the tokens there (``doc.text`` joins the whole article)."""
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    window = doc.char_span(start, end, alignment_mode="expand") if 0 <= start < end <= length else None
    if window is None or window.start_char > start:
        return doc.text.find(text, start, end)
    at = window.text.find(text, start - window.start_char, end - window.start_char)
    return at + window.start_char if at >= 0 else -1


def bare_surname_holders(candidates: list[Entity], surname: str, before: int | None) -> list[Entity]:
    """Among relatives sharing a surname, who a bare "Clinton" means: the article keeps the bare
    surname for one person (relatives get their given names), so the one it already called that;
    else the one it has mentioned most so far."""
    bare = surname.lower()
    called = [p for p in candidates if any(a.lower() == bare for a in p.aliases)]
    if called:
        return called
    pos = before if before is not None else 1 << 60
    most = max(sum(s < pos for s, _ in p.spans) for p in candidates)
    return [p for p in candidates if sum(s < pos for s, _ in p.spans) == most]


def full_person_names(ents: list[SpacySpan]) -> list[str]:
    """The names of two words or more among the PERSON mentions."""
    return [n for n in (clean_mention(e.text) for e in ents if e.label_ == "PERSON") if len(n.split()) >= 2]


def kept_bare(
    person: Entity, full_name: str, start: int, full_names: list[str], text: str = "", *, calls: int | None = None
) -> bool:
    """Whether a full name arriving late is a relative, not the person the article has already
    called by the bare surname several times ("Trump said" twice, then "Ivanka Trump", when the
    article also names another Trump): articles give a person's full name on first mention, so a
    full name written before the first bare mention (where NER missed it) is that person. ``calls``
    counts the bare mentions before ``start`` that name the person (all of them when None)."""
    if len(full_name.split()) < 2 or len(person.name.split()) != 1:
        return False
    first = min((s for s, _ in person.spans), default=start)
    if 0 <= text.find(full_name, 0, first) < first:
        return False
    if (calls if calls is not None else sum(s < start for s, _ in person.spans)) < 2:
        return False
    arriving = parse_person_name(full_name)
    others = [
        parse_person_name(n)
        for n in full_names
        if surnames_match(parse_person_name(n).surname, arriving.surname) and not same_person(n, full_name)
    ]
    others_differ = all(o.gender and o.gender != person.gender for o in others)
    if person.gender and arriving.gender == person.gender and others_differ:
        # "Mrs. Clinton" twice, then "Hillary Clinton" beside a "Bill Clinton": the bare surname
        # is a woman, and the only woman of that surname the article names is the one arriving
        return False
    return bool(others)


# Kinship nouns: "his wife, Jane" names a relative of the possessor, who shares the surname.
KIN = frozenset(
    {"wife", "husband", "son", "daughter", "brother", "sister", "mother", "father", "widow", "niece", "nephew", "ex"}
)
_POSSESSIVE_GENDER = {"his": "m", "her": "f"}


def kin_name(doc: Doc, ent: SpacySpan, given: str, persons: list[Entity]) -> str:
    """A lone given name in apposition to a kinship noun ("his wife, Jane"; "Smith's son, Tom") with
    the possessor's surname added: the relative's full name. Any other name comes back as it is."""
    if len(given.split()) != 1 or ent.start < 3 or doc[ent.start - 1].text != ",":
        return given
    kin = doc[ent.start - 2]
    if kin.lower_ not in KIN:
        return given
    owner = next((c for c in kin.children if c.dep_ == "poss"), None)
    if owner is None:
        return given
    if owner.lower_ in _POSSESSIVE_GENDER:
        surname = _possessor_surname(doc, owner, persons)
    elif owner.pos_ == "PROPN":
        surname = owner.text
    else:
        return given
    return f"{given} {surname}" if surname and surname.lower() != given.lower() else given


def _possessor_surname(doc: Doc, owner: Token, persons: list[Entity]) -> str:
    """The surname of the person a possessive ("his", "her") refers back to: the nearest word
    before it that is the surname of a person of its gender. The words are read off the Doc, not
    the mentions collected so far: NER often misses the bare surname nearest the possessive, and a
    person named earlier in full may be nearer in the text than any PERSON entity."""
    gender = _POSSESSIVE_GENDER[owner.lower_]
    by_surname: dict[str, Entity] = {}
    for p in persons:
        surname = parse_person_name(p.name).surname
        if surname and p.gender in (gender, ""):
            by_surname.setdefault(surname.split()[-1].lower(), p)
    sent_start = owner.sent.start if doc.has_annotation("DEP") else 0
    window_start = max(0, sent_start - 80)  # this sentence and the few before it
    for tok in reversed(doc[window_start : owner.i]):
        if tok.pos_ == "PROPN" and tok.lower_ in by_surname:
            return parse_person_name(by_surname[tok.lower_].name).surname
    return ""
