"""Resolving every quote of one article: its mention (or a piece's of the same utterance), else continuation."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from service.engine.budget import check_deadline
from service.engine.marks import ALL_MARKS, is_title
from service.engine.speakers.antecedents import Antecedents
from service.engine.speakers.entity import CONFIDENCE, MARKUP, PRONOUNS, SUBJECT_DEPS, Entity
from service.engine.speakers.identified import named_later
from service.engine.speakers.mentions import MentionReader
from service.engine.speakers.registry import ArticleEntities
from service.engine.types import Quote, ResolutionHow, Span, SpeakerRef

_EDGES = "".join(ALL_MARKS) + " \n,."
_RESUMES = re.compile(r"[\"“‘']\s*[a-z]")
_ASIDE = re.compile(r"\s+[-–—]\s.*\s[-–—]\s+")  # " – the crowd chanted “USA” – "
_ASIDE_CHARS = 200


class _Resolution:
    """The quotes of one article resolved in reading order, each mention read once."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        self.entities = ArticleEntities(doc, quotes)
        self.antecedents = Antecedents(self.entities)
        self.mentions = MentionReader(self.entities, self.antecedents)
        self.cache: dict[tuple[int, int], tuple[SpeakerRef, Entity | None]] = {}
        self.linked: list[tuple[Quote, Entity]] = []
        self.identities: dict[int, tuple[Entity, bool] | None] = {}
        self.done: list[tuple[Quote, Entity | None]] = []

    def resolve(self, quote: Quote, group: list[Quote]) -> None:
        """Set ``quote.speaker``; pieces of one utterance share the mention found on any piece."""
        if quote.kind == "scare" and is_title(quote.text.strip(_EDGES)):
            quote.speaker = None  # a title in marks ("Face the Nation") is nobody's words
            return
        mention = quote.mention or next((q.mention for q in group if q.mention is not None), None)
        if mention is not None and MARKUP.search(mention.text):
            mention = None  # markup read as a subject (``datetime="2016``) names no one
        if mention is None:
            found = self._subject_of_cue(quote.cue) if quote.cue is not None else self._resumed(quote)
            ref, entity = found or self.antecedents.continuation(quote)
        else:
            key = (mention.start, mention.end)
            if key not in self.cache:
                self.antecedents.quoting = (quote.start, quote.end)
                self.cache[key] = self.mentions.read(mention)
            ref, entity = self.cache[key]
            if ref.kind == "unknown" and quote.cue is not None and mention.text.lower() not in PRONOUNS:
                ref, entity = self._from_cue(quote.cue, mention) or (ref, entity)
            ref = replace(ref, aliases=list(ref.aliases), roles=list(ref.roles))
            if (
                entity is not None
                and ref.how == "title"
                and not entity.mentioned_in(mention.start, mention.end)
                and entity.mentioned_before(mention.start) >= 0
            ):
                # "the admiral said" is a mention of the admiral: a later pronoun or subject finds him
                # there; a headline's "Judge rejects ..." before the name is no first mention of the judge
                entity.spans.append((mention.start, mention.end))
        ref, entity = self._named_later(ref, entity)
        # scare quotes keep a speaker the article credits them to, and only that: no one found
        # is no speaker at all, as for a title
        quote.speaker = None if quote.kind == "scare" and entity is None and ref.kind == "unknown" else ref
        self.antecedents.record(quote.start, quote.end, entity)
        self.done.append((quote, entity))
        if entity is not None:
            self.linked.append((quote, entity))

    def _resumed(self, quote: Quote) -> tuple[SpeakerRef, Entity] | None:
        """A quotation that resumes in lower case after a dashed aside ("“We will win” – the crowd
        roared “USA” – “and we will bring jobs back”") goes on with the words before the aside."""
        text = self.entities.text
        if not _RESUMES.match(text, quote.start):
            return None
        for earlier, entity in reversed(self.done):
            gap = text[earlier.end : quote.start]
            if len(gap) > _ASIDE_CHARS or "\n" in gap:
                return None
            if entity is not None and _ASIDE.fullmatch(gap):
                return entity.ref("continuation", CONFIDENCE["continuation"]), entity
        return None

    def _named_later(self, ref: SpeakerRef, entity: Entity | None) -> tuple[SpeakerRef, Entity | None]:
        """An unnamed source the article goes on to name is that person."""
        if entity is None or entity.kind != "anonymous":
            return ref, entity
        key = id(entity)
        if key not in self.identities:
            self.identities[key] = named_later(self.entities, entity)
        found = self.identities[key]
        if found is None:
            return ref, entity
        person, outright = found
        if ref.how != "anonymous":  # "she" of the unnamed woman: still read through the pronoun
            return person.ref(ref.how, ref.confidence), person
        how: ResolutionHow = "apposition" if outright else "title"
        return person.ref(how, CONFIDENCE[how if outright else "title_salient"]), person

    def finish(self) -> None:
        """Give every quote of one entity that entity's final name, forms and gender: an entity
        read early ("Obama") may have been expanded by a later mention ("Barack Obama")."""
        for quote, entity in self.linked:
            ref = quote.speaker
            assert ref is not None
            final = entity.ref(ref.how, ref.confidence)
            final.roles.extend(r for r in ref.roles if r not in final.roles)
            quote.speaker = final

    def _subject_of_cue(self, cue: Span) -> tuple[SpeakerRef, Entity] | None:
        """The person a cue the extractor found no mention for names through the parse: one named
        right after it ("“...,” said Kolb" with the name read as an adverb), or the subject of the
        clause a participle hangs from ("In addition to worrying that ..., Kolb is ..."); the
        cue's own subject is the extractor's to find."""
        article = self.entities
        span = article.doc.char_span(cue.start, cue.end, alignment_mode="expand") if article.has_parse else None
        if span is None or not len(span):
            return None
        verb = span.root
        for _ in range(6):
            if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
                if verb.i == span.root.i:
                    return None
                subj = next(c for c in verb.children if c.dep_ in SUBJECT_DEPS)
                return self._person_read(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge))
            after = verb.nbor() if verb.i + 1 < len(article.doc) else None
            if after is not None and verb.pos_ == "VERB" and after.text[:1].isupper() and after.pos_ != "PROPN":
                named = article.find_person(after.text, before=after.idx + len(after))
                if named is not None:  # "said Kolb", the parse reading the name as no noun
                    return named.ref("named", CONFIDENCE["named_weak"]), named
            if verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "prep", "pobj") or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def _person_read(self, start: int, end: int) -> tuple[SpeakerRef, Entity] | None:
        """The person the phrase at ``start:end`` names, read as a mention; None for anyone else."""
        if self.entities.in_quote(start):
            return None
        ref, entity = self.mentions.read(Span(self.entities.text[start:end], start, end))
        if entity is None or entity.kind != "person":
            return None
        ref.confidence = round(ref.confidence * 0.7, 3)  # found off the extractor's path
        return ref, entity

    def _from_cue(self, cue: Span, mention: Span) -> tuple[SpeakerRef, Entity | None] | None:
        """When the mention names no one, the subject of a verb the cue hangs from may:
        "Biden said ..., adding that ..." has "adding" under "said", whose subject is Biden; "activists
        clamoring to block him from the nomination say", the parse hanging "say" on "clamoring" as a
        bare dependent, has the activists."""
        article = self.entities
        span = article.doc.char_span(cue.start, cue.end, alignment_mode="expand") if article.has_parse else None
        if span is None or not len(span):
            return None
        verb = span.root
        for _ in range(3):
            if verb.head.i == verb.i or verb.dep_ not in ("advcl", "xcomp", "conj", "ccomp", "acl", "dep"):
                return None
            verb = verb.head
            for subj in (c for c in verb.children if c.dep_ in SUBJECT_DEPS):
                tokens = list(subj.subtree)
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
                if start <= mention.start < end or article.in_quote(start):
                    continue
                ref, entity = self.mentions.read(Span(article.text[start:end], start, end))
                if ref.kind != "unknown":
                    ref.confidence = round(ref.confidence * 0.7, 3)  # found off the extractor's path
                    return ref, entity
        return None


def resolve_speakers(doc: Doc, quotes: list[Quote]) -> None:
    """Set ``quote.speaker`` on every quote of one article, using the Doc's parse and entities."""
    resolution = _Resolution(doc, quotes)
    groups: dict[int, list[Quote]] = {}
    for q in quotes:
        if q.utterance is not None:
            groups.setdefault(q.utterance, []).append(q)
    for quote in sorted(quotes, key=lambda q: q.start):
        check_deadline()
        resolution.resolve(quote, groups.get(quote.utterance, []) if quote.utterance is not None else [])
    resolution.finish()
