"""What a pronoun or a cue-less quote refers back to: earlier subjects, earlier speakers, recent mentions."""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Token

from service.engine.lexicon import message_nouns
from service.engine.names.titles import head_title, role_matches
from service.engine.names.word_lists import anonymous_heads, titles
from service.engine.speakers.documents import issuer_of
from service.engine.speakers.entity import CONFIDENCE, DEFINITE, PRONOUNS, SUBJECT_DEPS, Entity, unknown
from service.engine.speakers.groups import names_people
from service.engine.speakers.people import KIN, own_tokens
from service.engine.speakers.registry import ArticleEntities
from service.engine.types import Quote, SpeakerRef

_MAX_PRONOUN_DEPTH = 3
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNP", "NNPS", "NNS"})
_MAX_SUBJECTS = 6
_SENTENCES_BACK = 3  # the pronoun's sentence and the two before it
_MAX_QUOTED_SENTENCES = 12  # how far back past sentences inside quotations the walk may go


def compatible(entity: Entity, pronoun: str) -> bool:
    """Whether the pronoun's gender and number allow it to stand for the entity."""
    gender, number = PRONOUNS[pronoun]
    if number == "sg":
        return (
            entity.kind in ("person", "anonymous")
            and not entity.plural
            and not (gender and entity.gender and entity.gender != gender)
            # "an email said ... she wrote": an unnamed thing is no "she"
            and (entity.kind == "person" or not entity.head or _person_noun(entity.head))
        )
    if number == "pl":  # singular "they" is usual for anonymous sources
        return entity.plural or entity.kind == "anonymous" or (entity.kind == "organization" and bool(entity.head))
    return entity.kind == "organization" and not entity.plural


def _nearest(subjects: list[Token], pos: int, article: ArticleEntities) -> list[Token]:
    """Up to ``_MAX_SUBJECTS`` of ``subjects`` before ``pos`` and outside quotations, right to left."""
    out: list[Token] = []
    for t in reversed(subjects):
        if t.idx < pos and not article.in_quote(t.idx):
            out.append(t)
            if len(out) == _MAX_SUBJECTS:
                break
    return out


def _person_noun(word: str) -> bool:
    """Whether a common noun (lower case) denotes a person ("manager", "official", "wife")."""
    return word in titles() or word in anonymous_heads() or word in KIN


def _names_a_person(noun: Token) -> bool:
    """Whether a common noun token denotes a person ("manager", "official", "wife")."""
    return _person_noun(noun.lower_) or noun.lemma_.lower() in anonymous_heads()


def _finite(verb: Token) -> bool:
    """Whether a verb heads a finite clause ("supporters erupted", "they will win"), not a participle or
    infinitive ("with fighters playing a role", "to help candidates identify voters")."""
    finite = ("VBD", "VBZ", "VBP", "MD")
    return verb.tag_ in finite or any(c.dep_ in ("aux", "auxpass") and c.tag_ in finite for c in verb.children)


def _latest_outside_quotes(entity: Entity, pos: int, line: int, article: ArticleEntities) -> int | None:
    """The last mention of ``entity`` before ``pos``, outside quotations and at most two lines above ``line``."""
    # nearest first, stopping at the first too far up: the walk costs the mentions of three lines
    for start in entity.starts_before(pos):
        if line - article.line_of(start) > 2:
            return None
        if not article.in_quote(start):
            return start
    return None


class Antecedents:
    """Backward references in one article, read against its entities and the quotes resolved so far."""

    def __init__(self, entities: ArticleEntities) -> None:
        self.entities = entities
        # (quote start, end, entity) of the quotes resolved so far to an entity, in reading order
        self.resolved: list[tuple[int, int, Entity]] = []
        self._starts: list[int] = []
        # pronoun chains revisit the same subjects; an answer depends on the quotes resolved before
        # its position, so it is keyed by how many there are and never goes stale
        self._memo: dict[tuple[str, int, int, int, tuple[int, int]], tuple[SpeakerRef, Entity | None]] = {}
        # the quotation whose speaker is being read: who it talks about by name is not its speaker
        self.quoting: tuple[int, int] = (0, 0)

    def record(self, start: int, end: int, entity: Entity | None) -> None:
        """Note the entity a quote at ``[start, end)`` was resolved to (quotes come in reading order)."""
        if entity is not None:
            self.resolved.append((start, end, entity))
            self._starts.append(start)

    def _previous(self, pos: int) -> tuple[int, int, Entity] | None:
        """The last resolved quote starting before ``pos``."""
        i = bisect.bisect_left(self._starts, pos)
        return self.resolved[i - 1] if i else None

    def pronoun(self, pronoun: str, pos: int, depth: int) -> tuple[SpeakerRef, Entity | None]:
        """The entity a pronoun at ``pos`` stands for: a subject before it, the previous speaker, a recent mention."""
        ref, entity = self._memoised(pronoun, pos, depth)
        return replace(ref, aliases=list(ref.aliases), roles=list(ref.roles)), entity

    def _memoised(self, pronoun: str, pos: int, depth: int) -> tuple[SpeakerRef, Entity | None]:
        # shared, not copied: a chain's inner links only read the entity
        key = (pronoun, pos, depth, bisect.bisect_left(self._starts, pos), self.quoting if depth == 0 else (0, 0))
        if key not in self._memo:
            self._memo[key] = self._pronoun(pronoun, pos, depth)
        return self._memo[key]

    def _pronoun(self, pronoun: str, pos: int, depth: int) -> tuple[SpeakerRef, Entity | None]:
        # 1. a subject earlier in the same sentence or in the previous ones (pronoun chains followed)
        personal = PRONOUNS[pronoun][1] == "sg"
        previous = self._previous(pos)
        candidates = [(e, at) for e, at in self._subjects_at(pos, pronoun, depth, personal) if compatible(e, pronoun)]
        if depth == 0 and len(candidates) > 1:
            # "“We gotta zap Lanny out of our universe,” he wrote": the one the quotation names is
            # not the one speaking it
            start, end = self.quoting
            candidates = [c for c in candidates if not c[0].starts_between(start, end)] or candidates
        entity, at = candidates[0] if candidates else (None, -1)
        # "X apologized. ¶ Any decision would involve Lynch, who told Congress: “...” ¶ She added":
        # a speaker quoted since the subject's paragraph is the one the story runs on.
        overtaken = (
            previous is not None
            and self.entities.line_of(at) < self.entities.line_of(previous[0])
            and compatible(previous[2], pronoun)
        )
        if entity is not None and not overtaken:
            if entity.kind == "person" and not entity.gender:
                # "Warren ... She has refrained": the person is a woman from here on, so a
                # later "he" does not land on her.
                entity.gender = PRONOUNS[pronoun][0]
            return entity.ref("pronoun", CONFIDENCE["pronoun_subject"]), entity
        # 2. the speaker of the previous quote, unless the story has turned to someone else since
        if previous is not None and compatible(previous[2], pronoun):
            since = self._named_since(previous, pos, pronoun)
            if since is not None:
                return since.ref("pronoun", CONFIDENCE["pronoun_recent"]), since
            return previous[2].ref("pronoun", CONFIDENCE["pronoun_previous"]), previous[2]
        # 3. the most recent compatible mention outside quotations
        recent = self._recent_mention(pos, pronoun)
        if recent is not None:
            return recent.ref("pronoun", CONFIDENCE["pronoun_recent"]), recent
        return unknown(pronoun), None

    def subjects_before(
        self, pos: int, pronoun: str = "", depth: int = 0, personal: bool = False, *, until_person: bool = False
    ) -> list[Entity]:
        """Entities that are grammatical subjects before ``pos``: this sentence, then two before
        (past sentences whose subjects are no person, when ``until_person``)."""
        return [e for e, _ in self._subjects_at(pos, pronoun, depth, personal, until_person=until_person)]

    def _subjects_at(
        self, pos: int, pronoun: str, depth: int, personal: bool, *, until_person: bool = False
    ) -> list[tuple[Entity, int]]:
        """``subjects_before``, each entity with the offset of the subject that names it."""
        article = self.entities
        if not article.has_parse or not len(article.doc):
            return []
        tok_span = article.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if tok_span is None or not len(tok_span):
            return []
        idx = article.sentence_index(tok_span.start)
        found: list[tuple[Entity, int]] = []
        for i in self._sentences_back(idx):
            # The main clause's subject first, then the others right to left; a few per sentence,
            # so that pronoun chains cost a bounded amount per mention.
            main, rest = article.subjects_in(i, before=tok_span.start)
            others = _nearest(rest, pos, article)
            if pronoun:
                # "..., he noted, so it may be clear whether X will win. He said ...": the same
                # pronoun as subject continues its referent before a name in a subordinate clause.
                others = [t for t in others if t.lower_ == pronoun] + [t for t in others if t.lower_ != pronoun]
            subjects = (_nearest(main, pos, article) + others)[:_MAX_SUBJECTS]
            for subj in subjects[:_MAX_SUBJECTS]:
                entity = self._entity_of(subj, pronoun, depth, personal)
                if entity is not None and all(entity is not f for f, _ in found):
                    found.append((entity, subj.idx))
            if found and (not until_person or any(e.kind == "person" for e, _ in found)):
                break
        return found

    def _sentences_back(self, idx: int) -> list[int]:
        """Sentence ``idx`` and the two before it that the reporter wrote: a sentence wholly inside
        a quotation ("“He called me. And he said, ‘...’” she said.") is the speaker's, not a step back."""
        article = self.entities
        out = [idx]
        i = idx - 1
        while i >= 0 and len(out) < _SENTENCES_BACK and idx - i <= _MAX_QUOTED_SENTENCES:
            sent = article.sents[i]
            if not all(article.in_quote(t.idx) for t in sent if not t.is_punct and not t.is_space):
                out.append(i)
            i -= 1
        return out

    def _entity_of(self, subj: Token, pronoun: str, depth: int, personal: bool) -> Entity | None:
        if subj.lower_ in PRONOUNS:
            if not pronoun or depth >= _MAX_PRONOUN_DEPTH or PRONOUNS[subj.lower_] != PRONOUNS[pronoun]:
                return None
            return self._memoised(subj.lower_, subj.idx, depth + 1)[1]
        group = self._group_of(subj) if pronoun and PRONOUNS[pronoun][1] == "pl" else None
        if group is not None:
            return group
        found = next(
            (e for t in own_tokens(subj) if (e := self.entities.entity_at(t.idx, t.idx + len(t))) is not None), None
        )
        unnamed_thing = found is not None and found.kind == "anonymous" and not _person_noun(found.head)
        if (found is None or unnamed_thing) and personal and subj.pos_ == "NOUN" and not _names_a_person(subj):
            # "Trump's beef with Fox was aimed at Kelly, who he claims ...": a thing as subject
            # leaves its possessor the person the sentence is about ("his manager" would not);
            # a message, its sender ("An email sent by Jane Roe to the board shows ... she wrote").
            owner = next((c for c in subj.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            if owner is None and subj.lower_ in message_nouns():
                owner = issuer_of(subj)
                owner = owner if owner is not None and owner.pos_ == "PROPN" else None
            if owner is not None:
                found = self.entities.entity_at(owner.idx, owner.idx + len(owner))
                found = found or self.entities.unlabelled_person(owner)
            found = found if found is not None and found.kind == "person" else None
            if found is None and unnamed_thing:
                return None
        if found is None and personal:
            found = self._title_holder(subj)
        if personal and (found is None or (found.kind == "organization" and not found.head)):
            found = self.entities.unlabelled_person(subj) or found
        return found

    def _group_of(self, subj: Token) -> Entity | None:
        """The group of people a subject names for a plural pronoun: the whole of a coordination
        ("the Justice Department and senior police officials ... they", not the department), the
        plural people a relative pronoun stands for ("angered Hispanics who ... They") or the
        subject itself ("Clinton's top aides ... they argued"), registered as an unnamed group when
        nothing names them yet, so that the nearest people, not the last registered, are "they"."""
        article = self.entities
        conjuncts = [c for c in subj.children if c.dep_ == "conj"]
        if conjuncts:
            lo, hi = subj.left_edge.idx, conjuncts[-1].idx + len(conjuncts[-1])
            groups = (e for e in article.others if e.plural and e.kind == "anonymous")
            return next((e for e in groups if any(s <= lo and hi <= t for s, t in e.spans)), None)
        relative = subj.lower_ in ("who", "that") and subj.head.dep_ == "relcl"
        noun = subj.head.head if relative else subj
        if not names_people(noun) or article.in_quote(noun.idx) or not _finite(subj.head):
            return None  # "with Nusra fighters playing a bigger role, they said": no clause of the fighters
        found = article.entity_at(noun.idx, noun.idx + len(noun))
        if found is not None:
            return found if found.plural or found.kind == "anonymous" else None
        # the modifiers touching it ("young Hispanic voters"), not a verb read as one ("angered Hispanics")
        left = noun.i
        while left > 0 and article.doc[left - 1].head.i == noun.i and article.doc[left - 1].tag_ in _MODIFIER_TAGS:
            left -= 1
        marker = article.doc[left - 1] if left > 0 else None
        if marker is not None and marker.tag_ == "POS" and marker.head.dep_ == "poss" and marker.head.head.i == noun.i:
            left = marker.head.left_edge.i  # whose people they are: "Clinton's top aides"
        start, end = article.doc[left].idx, noun.idx + len(noun)
        return article.anonymous(article.text[start:end], start, end, plural=True)

    def _title_holder(self, subj: Token) -> Entity | None:
        """The person a definite title as subject stands for: the last one named before it whom the
        article gave that title ("Admiral Harry Harris ... the admiral does not ... he said")."""
        if subj.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in subj.children):
            return None
        words = [t for t in subj.lefts if t.dep_ in ("amod", "compound")] + [subj]
        desc = " ".join(t.text for t in words)
        if not head_title(desc):
            return None
        holders = [
            (p.mentioned_before(subj.idx), p)
            for p in self.entities.persons
            if p.mentioned_before(subj.idx) >= 0 and any(role_matches(desc, r) for r in p.roles)
        ]
        return max(holders, key=lambda h: h[0])[1] if holders else None

    def salient_person(self, pos: int) -> Entity | None:
        """The person the article is about at ``pos``: a subject before it, else the previous speaker."""
        # "Progressive groups say ... The Vermont senator vowed": past the groups to the person.
        for entity in self.subjects_before(pos, personal=True, until_person=True):
            if entity.kind == "person":
                return entity
        last = self.previous_entity(pos)
        return last if last is not None and last.kind == "person" else None

    def previous_entity(self, pos: int) -> Entity | None:
        """The speaker of the last resolved quote starting before ``pos``."""
        previous = self._previous(pos)
        return previous[2] if previous is not None else None

    def _named_since(self, previous: tuple[int, int, Entity], pos: int, pronoun: str) -> Entity | None:
        """The one other person the pronoun fits who is named, as the topic of a clause, outside
        quotations in a paragraph after the previous quote's and before ``pos`` ("“...,” said X. ¶
        One possibility is Warren, ... She has refrained"), or None."""
        article = self.entities
        start, end, speaker = previous
        line = article.line_of(start)
        named: list[Entity] = []
        for p in article.persons:
            if p is speaker or not compatible(p, pronoun):
                continue
            for s in p.starts_between(end, pos):
                if article.line_of(s) > line and not article.in_quote(s) and self._topical(s):
                    named.append(p)
                    break
        return named[0] if len(named) == 1 else None

    def _topical(self, pos: int) -> bool:
        """Whether the name at ``pos`` is what its clause is about: a subject, the complement of
        "is", a phrase fronted before the verb ("For Major, ..."), not a possessor, a noun's modifier
        or an object ("the Clinton campaign", "Sanders's aide", "praised Obama")."""
        article = self.entities
        span = article.doc.char_span(pos, pos + 1, alignment_mode="expand") if article.has_parse else None
        if span is None or not len(span):
            return False
        head = span[0]
        while head.dep_ in ("compound", "flat") and head.head != head:
            head = head.head
        if head.dep_ in SUBJECT_DEPS or head.dep_ == "attr":
            return True
        prep = head.head
        fronted = prep.dep_ == "prep" and prep.i < prep.head.i and prep.head.pos_ in ("VERB", "AUX")
        return head.dep_ == "pobj" and fronted

    def _recent_mention(self, pos: int, pronoun: str) -> Entity | None:
        article = self.entities
        best: tuple[int, Entity] | None = None
        here = article.line_of(pos)
        for e in [*article.persons, *article.others]:
            if not compatible(e, pronoun):
                continue
            latest = _latest_outside_quotes(e, pos, here, article)
            if latest is not None and (best is None or latest > best[0]):
                best = (latest, e)
        return best[1] if best else None

    def continuation(self, quote: Quote) -> tuple[SpeakerRef, Entity | None]:
        """A cue-less quote continues the previous speaker, if that speaker is recent."""
        own = self._subject_of_own_sentence(quote.start)
        if own is not None:
            # "He says, “that's how you get smart”": the subject the sentence opens with
            return own.ref("continuation", CONFIDENCE["continuation"]), own
        earlier = self._previous(quote.start)
        continued = self._continued(quote, earlier) if earlier is not None else None
        if continued is not None:
            return continued
        if earlier is None:
            # The first quote of the article, cue-less ("X to frame the race as a 'test'"): the
            # person its own paragraph names, nearest before it, else the first after it.
            own = self._person_of_paragraph(quote.start, quote.end)
            if own is not None:
                return own.ref("continuation", CONFIDENCE["continuation_far"]), own
        # The previous paragraph is about someone ("Biden's comments made it obvious ..."):
        # the quote that follows is most likely theirs.
        topic = self._topic_of_previous_paragraph(quote.start)
        if topic is not None:
            return topic.ref("continuation", CONFIDENCE["continuation_far"]), topic
        if earlier is not None:
            entity = earlier[2]
            return entity.ref("continuation", CONFIDENCE["continuation_far"] - 0.1), entity
        return unknown(""), None

    def _subject_of_own_sentence(self, pos: int) -> Entity | None:
        """The person that is the main-clause subject of the sentence holding ``pos``, before it."""
        article = self.entities
        if not article.has_parse:
            return None
        span = article.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        main, _ = article.subjects_in(article.sentence_index(span.start), before=span.start)
        for subj in _nearest(main, pos, article):
            if subj.lower_ in PRONOUNS:
                entity = self.pronoun(subj.lower_, subj.idx, 0)[1]
            else:
                entity = self._entity_of(subj, "", 0, personal=True)
            if entity is not None and entity.kind == "person":
                return entity
        return None

    def _continued(self, quote: Quote, earlier: tuple[int, int, Entity]) -> tuple[SpeakerRef, Entity] | None:
        """The previous quote's speaker when that quote is at most two paragraphs up, unless the
        quote's own sentence, in a later paragraph, makes someone else its topic."""
        _, end, entity = earlier
        here = self.entities.line_of(quote.start)
        named = self._named_in_own_sentence(quote.start) if self.entities.line_of(end) < here else None
        if named is not None and named is not entity:
            # "“...,” said X. ¶ There's still time for Y to build bridges, even after dismissing
            # them as a “cartel”": a new paragraph whose sentence names someone else is theirs
            return named.ref("continuation", CONFIDENCE["continuation_far"]), named
        if here - self.entities.line_of(end) <= 2:
            return entity.ref("continuation", CONFIDENCE["continuation"]), entity
        return None

    def _named_in_own_sentence(self, pos: int) -> Entity | None:
        """The one person named outside quotations as a clause's topic (see ``_topical``) in the
        sentence holding ``pos``, before it, or None."""
        article = self.entities
        span = article.doc.char_span(pos, pos + 1, alignment_mode="expand") if article.has_parse else None
        if span is None or not len(span):
            return None
        start = article.sents[article.sentence_index(span.start)].start_char
        named = [
            p
            for p in article.persons
            if any(not article.in_quote(s) and self._topical(s) for s in p.starts_between(start, pos))
        ]
        return named[0] if len(named) == 1 else None

    def _person_of_paragraph(self, start: int, end: int) -> Entity | None:
        """The person mentioned outside quotations in the paragraph of ``start:end``: the nearest
        before ``start``, else the first after ``end``."""
        article = self.entities
        line = article.line_of(start)
        before: list[tuple[int, Entity]] = []
        after: list[tuple[int, Entity]] = []
        for p in article.persons:
            for s, _ in p.spans:
                if article.line_of(s) != line or article.in_quote(s) or start <= s < end:
                    continue
                (before if s < start else after).append((s, p))
        if before:
            return max(before, key=lambda x: x[0])[1]
        return min(after, key=lambda x: x[0])[1] if after else None

    def _topic_of_previous_paragraph(self, pos: int) -> Entity | None:
        text = self.entities.text
        para_start = text.rfind("\n", 0, pos)
        if para_start <= 0:
            return None
        prev_start = text.rfind("\n", 0, para_start - 1)
        while prev_start > 0 and not text[prev_start:para_start].strip():
            prev_start = text.rfind("\n", 0, prev_start - 1)
        people: list[tuple[int, Entity]] = []
        for p in self.entities.persons:
            starts = p.starts_between(prev_start, para_start)
            if any(not self.entities.in_quote(s) for s in starts):
                people.append((starts[0], p))
        return min(people, key=lambda x: x[0])[1] if len(people) == 1 else None
