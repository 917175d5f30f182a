"""Descriptions standing for a speaker: "the company", "the Press Secretary", "the businessman", "the official"."""

from __future__ import annotations

from collections.abc import Callable

from service.engine.names.mention_text import description_head, normalize_organization
from service.engine.names.titles import (
    contradicts,
    office,
    office_of_kind,
    past_office,
    role_matches,
    same_head,
    same_office,
    titles_gender,
)
from service.engine.names.word_lists import document_heads
from service.engine.speakers.antecedents import Antecedents
from service.engine.speakers.entity import CONFIDENCE, POSSESSED, SUBJECT_DEPS, Entity, unknown
from service.engine.speakers.registry import ArticleEntities, org_head
from service.engine.types import ResolutionHow, SpeakerRef

# organisations whose names carry the word a description of them uses: "the Clinton campaign"
_NAMED_BY_HEAD = frozenset(
    {"campaign", "committee", "department", "party", "administration", "ministry", "council", "commission", "caucus"}
    # "the magazine" is no bank or poll named before: a news outlet is named as one
    | {"magazine", "newspaper", "broadcaster", "tabloid", "publication"}
)


class DescriptionReader:
    """Links definite descriptions of one article to the organisation, person or source they stand for."""

    def __init__(self, entities: ArticleEntities, antecedents: Antecedents) -> None:
        self.entities = entities
        self.antecedents = antecedents

    def generic_organization(self, cleaned: str, start: int, end: int) -> tuple[SpeakerRef, Entity | None]:
        """ "the company", "the ministry": the organisation named before; documents stay documents."""
        article = self.entities
        head = org_head(normalize_organization(cleaned))
        if head not in document_heads():
            named = [
                (e.mentioned_before(start), e)
                for e in article.others
                if e.kind == "organization"
                and not e.scoped
                and e.name != e.name.lower()
                and e.mentioned_before(start) >= 0
            ]
            # "the department" is the State Department named before; "the campaign" no organisation
            # whose name lacks the word (a PAC, a party), while "the company" is Exxon
            fitting = [x for x in named if head in x[1].name.lower().split()]
            if fitting or (named and head not in _NAMED_BY_HEAD):
                org = max(fitting or named, key=lambda x: x[0])[1]
                return org.ref("organization", CONFIDENCE["organization"] - 0.1), org
            unlabelled = None if head in _NAMED_BY_HEAD else article.unlabelled_organization(start)
            if unlabelled is not None:
                return unlabelled.ref("organization", CONFIDENCE["organization"] - 0.25), unlabelled
        org = article.organization(cleaned, start, end)
        org.scoped = True  # "the company" of one article is not that of another
        return org.ref("organization", CONFIDENCE["organization"]), org

    def title(self, desc: str, pos: int, raw: str) -> tuple[SpeakerRef, Entity | None]:
        """ "the Press Secretary": the person introduced with that title, else the salient person,
        else one introduced with the same office ("the Vermont senator" for "Sen. Bernie Sanders")."""
        holder = (
            self._holder(desc, pos, role_matches)
            or self._headline_holder(desc, pos)
            or self._past_holder(desc, pos)
            or self._holder(desc, pos, office_of_kind)
        )
        if holder is not None:
            return holder
        head = desc.split()[-1].lower()
        earlier = [
            e for e in self.entities.others if e.kind == "anonymous" and e.head == head and e.mentioned_before(pos) >= 0
        ]
        if earlier:
            anon = max(earlier, key=lambda e: e.mentioned_before(pos))
            return anon.ref("anonymous", CONFIDENCE["anonymous_back"]), anon
        # No one was introduced with the title: the person the article is about at this point,
        # provided no role or gender of theirs contradicts it ("the President" is not the Prime
        # Minister, "the businessman" no woman).
        chosen = self._other_named_here(desc, pos)
        if chosen is None and office(desc):
            chosen = self.antecedents.salient_person(pos)
        elif chosen is None:
            # "Donald Trump accepted the nomination ... the billionaire real estate mogul offered":
            # a descriptor with no one registered nearby is the person the sentences run on.
            chosen = self._topic_person(desc, pos) or self._subject_person(pos)
        if chosen is not None and not contradicts(desc, list(chosen.roles)) and self._gender_fits(desc, chosen):
            ref = chosen.ref("title", CONFIDENCE["title_salient"])
            ref.roles.append(desc if desc[:1].isupper() else desc.title())
            return ref, chosen
        holder = self._holder(desc, pos, same_office)
        if holder is None and POSSESSED.match(raw.strip()):
            # "Colorado’s delegation chairman", "his mother": someone unnamed, of this article.
            anon = self.entities.anonymous(desc, pos, pos + len(raw), plural=False)
            return anon.ref("anonymous", CONFIDENCE["anonymous_bare"]), anon
        return holder or (unknown(raw), None)

    def _holder(self, desc: str, pos: int, fits: Callable[[str, str], bool]) -> tuple[SpeakerRef, Entity | None] | None:
        """The person last mentioned before ``pos`` holding a role that ``fits`` the description."""
        holders = [
            (p.mentioned_before(pos), p, how)
            for p in self.entities.persons
            for role, how in p.roles.items()
            if fits(desc, role) and p.mentioned_before(pos) >= 0 and self._gender_fits(desc, p)
        ]
        if not holders:
            return None
        _, person, how = max(holders, key=lambda h: h[0])
        kind: ResolutionHow = "apposition" if how == "apposition" else "title"
        return person.ref(kind, CONFIDENCE[kind]), person

    def _past_holder(self, desc: str, pos: int) -> tuple[SpeakerRef, Entity | None] | None:
        """ "the former president" when no one holds that role: the one person mentioned so far
        whom the article titles with the office itself ("President Bush's tenure")."""
        fitting = {
            id(p): p
            for p in self.entities.persons
            if p.mentioned_before(pos) >= 0
            and self._gender_fits(desc, p)
            and any(past_office(desc, role) for role in p.roles)
        }
        if len(fitting) != 1:
            return None
        person = next(iter(fitting.values()))
        return person.ref("title", CONFIDENCE["title_salient"]), person

    def _headline_holder(self, desc: str, pos: int) -> tuple[SpeakerRef, Entity | None] | None:
        """ "Judge rejects request ... ¶ Supreme Court Justice Frank Nervo rejected": a title in the
        first line that no one named before it holds stands for the one person the article goes on to
        introduce with that office or role ("Former White House Doctor Says" and "Dr. Jane Roe")."""
        article = self.entities
        if article.line_of(pos) != 0:
            return None
        fitting = [
            (p, how)
            for p in article.persons
            if self._gender_fits(desc, p)
            for role, how in p.roles.items()
            if role_matches(desc, role) or same_office(desc, role) or same_head(desc, role)
        ]
        if len({id(p) for p, _ in fitting}) != 1:
            return None
        person, how = fitting[0]
        kind: ResolutionHow = "apposition" if how == "apposition" else "title"
        return person.ref(kind, CONFIDENCE["title_salient"]), person

    @staticmethod
    def _gender_fits(desc: str, person: Entity) -> bool:
        gender = titles_gender(desc)
        return not (gender and person.gender and gender != person.gender)

    def _topic_person(self, desc: str, pos: int) -> Entity | None:
        """Who a descriptor ("the businessman", "the 46-year-old") stands for: of the people of the
        last few paragraphs whose gender fits, the one the article has made its subject most often
        so far (then mentioned most, then last)."""
        article = self.entities
        here = article.line_of(pos)
        recent = [
            p
            for p in article.persons
            if self._gender_fits(desc, p)
            and any(s < pos and here - article.line_of(s) <= 3 and not article.in_quote(s) for s, _ in p.spans)
        ]
        if not recent:
            return None
        return max(
            recent,
            key=lambda p: (
                sum(s < pos and article.subject_at(s, e) for s, e in p.spans),
                sum(s < pos for s, _ in p.spans),
                p.mentioned_before(pos),
            ),
        )

    def _other_named_here(self, desc: str, pos: int) -> Entity | None:
        """ "Clinton leads Sanders by 271 delegates, but the self-described socialist has vowed": a
        description in a clause that follows on from (or depends on) a clause of its sentence whose
        subject is a person stands for the one other person named there, not that subject (a
        pronoun would have named the subject). A subject inside the description's own subordinate
        clause ("As far as whether Sanders senses ..., the senator acknowledged") says nothing."""
        article = self.entities
        span = article.doc.char_span(pos, pos + 1, alignment_mode="expand") if article.has_parse else None
        if span is None or not len(span):
            return None
        sent_start = span[0].sent.start_char
        governing = set(span[0].ancestors)  # the clauses the description's own clause depends on
        subjects: set[int] = set()
        others: dict[int, Entity] = {}
        for p in article.persons:
            for s, e in p.spans:
                if not sent_start <= s < pos or article.in_quote(s):
                    continue
                head = article.doc.char_span(s, e, alignment_mode="expand")
                if head is None or not len(head):
                    continue
                if head.root.dep_ in SUBJECT_DEPS and head.root.head in governing:
                    subjects.add(id(p))
                elif head.root.dep_ in ("dobj", "pobj", "dative") and self._gender_fits(desc, p):
                    others[id(p)] = p
        left = [p for key, p in others.items() if key not in subjects]
        return left[0] if subjects and len(left) == 1 else None

    def _subject_person(self, pos: int) -> Entity | None:
        """The person that is a subject of one of the sentences just before ``pos``, mentioned in
        this paragraph or the one above (sentences can run across short paragraphs)."""
        article = self.entities
        here = article.line_of(pos)
        found = self.antecedents.subjects_before(pos, personal=True, until_person=True)
        return next(
            (
                e
                for e in found
                if e.kind == "person" and any(s < pos and here - article.line_of(s) <= 1 for s, _ in e.spans)
            ),
            None,
        )

    def anonymous_back(self, desc: str, start: int, end: int) -> tuple[SpeakerRef, Entity | None]:
        """ "the official": the anonymous source introduced before with that head and modifiers."""
        want = set(desc.lower().split())
        earlier = [
            e
            for e in self.entities.others
            if e.kind == "anonymous" and e.head == description_head(desc) and e.mentioned_before(start) >= 0
        ]
        fitting = [e for e in earlier if want <= set(e.name.lower().split())] or earlier
        if fitting:
            anon = max(fitting, key=lambda e: e.mentioned_before(start))
            anon.spans.append((start, end))
            return anon.ref("anonymous", CONFIDENCE["anonymous_back"]), anon
        # A bare "Official said" with nothing before: anonymous, but we know little.
        anon = self.entities.anonymous(desc, start, end, plural=False)
        return anon.ref("anonymous", CONFIDENCE["anonymous_bare"]), anon
