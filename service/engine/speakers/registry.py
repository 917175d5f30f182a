"""The entities of one article: the people, anonymous sources and organisations it mentions, and where."""

from __future__ import annotations

import functools
import itertools
import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.engine.names.mention_text import (
    clean_mention,
    description_head,
    drop_article,
    normalize_description,
    normalize_organization,
)
from service.engine.names.persons import bare_person_name, canonical_given, fuller_name, parse_person_name, same_person
from service.engine.names.titles import ends_with_title, head_title, role_matches, split_title
from service.engine.names.word_lists import anonymous_heads, document_heads, organization_heads, titles
from service.engine.speakers.article import ArticleText
from service.engine.speakers.documents import POSSESSIVE_PRONOUNS
from service.engine.speakers.entity import DEFINITE, INDEFINITE, MARKUP, Entity, plausible_name
from service.engine.speakers.people import (
    apposition,
    apposition_head,
    attested_name_words,
    bare_surname_holders,
    doctor_title,
    full_person_names,
    headline_name,
    honorific_gender,
    kept_bare,
    kin_name,
    person_spans,
    proper_name,
    stated_age,
    title_before,
    titled_proper_names,
)
from service.engine.speakers.person_index import PersonIndex
from service.engine.types import Quote


@functools.lru_cache(maxsize=65536)
def org_head(name: str) -> str:
    """The longest organisation head ``name`` ends with ("ministry", "joint statement"), or ''."""
    lowered = name.lower()
    return next((h for h in _longest_first(organization_heads()) if lowered.endswith(h)), "")


def uncapitalised(name: str) -> str:
    """A name set in capitals (a transcript's "WALLACE:", a byline) written as a name: "Wallace"."""
    words = name.split()
    if not name.isupper() or all(len(w.strip(".")) <= 3 for w in words):
        return name  # initials and acronyms ("JFK") stay as they are
    if len(words) == 1 and not re.search(r"[AEIOUY]", name):
        return name  # "NCLB"
    return " ".join(w if "." in w else w[:1] + w[1:].lower() for w in words)  # "J.D." kept


@functools.lru_cache(maxsize=4)
def _longest_first(heads: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(heads, key=lambda h: (-len(h), h)))


class ArticleEntities(ArticleText):
    """The entities of one article found so far, over its parsed text."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        super().__init__(doc, quotes)
        self.persons: list[Entity] = []
        self._index = PersonIndex()
        self.others: list[Entity] = []
        self.full_names = full_person_names(self.ents)  # relatives sharing a surname show here
        self._ents_by_start = {e.start: e for e in self.ents}
        self._openers: frozenset[str] | None = None
        self._collect_persons()
        self._collect_descriptions()

    # ---- people ---------------------------------------------------------------------------

    def _collect_persons(self) -> None:
        spans = [*person_spans(self.doc, self.ents, self.has_ner), *titled_proper_names(self.doc, self.ents)]
        attested = attested_name_words(self.ents)
        for ent in sorted(spans, key=lambda e: e.start_char):
            if self.in_quote(ent.start_char) and ent.label_ != "PERSON":
                continue
            if org_head(apposition_head(self.doc, ent)):
                continue  # "Xinhua, the official news agency": an organisation, whatever NER says
            ent = headline_name(ent, attested)
            cleaned = clean_mention(ent.text)
            role, rest = split_title(cleaned)
            rest = proper_name(self.doc, rest, ent.start_char, ent.end_char)
            role, rest = (role, rest) if role else split_title(rest)
            gender = parse_person_name(rest).gender or honorific_gender(self.doc, ent)
            rest = bare_person_name(rest)
            if not plausible_name(rest) or (not role and rest.lower() in self._organization_openers()):
                continue
            given = rest
            rest = kin_name(self.doc, ent, rest, self.persons)
            offset = ent.start_char + max(0, ent.text.find(rest.split()[0]))
            person = self.add_person(rest, offset, ent.end_char, gender=gender, role=role, relative=rest != given)
            person.add_alias(f"{role} {rest}" if role else rest)
            for r, how in (
                (role, "title"),
                (title_before(self.doc, ent, self.has_parse), "title"),
                (apposition(self.doc, ent), "apposition"),
                (doctor_title(self.doc, ent), "title"),
                (stated_age(self.doc, ent), "apposition"),
            ):
                if r:
                    person.roles.setdefault(r, how)
                    person.gender = person.gender or titles().get(head_title(r), "")
            person.gender = person.gender or honorific_gender(self.doc, ent)
        if not self.has_ner:
            return
        # NER mislabels known people in some sentences ("Kadhemi" as GPE): a non-person entity
        # that matches a person already named in the article is that person.
        for ent in self.ents:
            match = self.mislabelled_person(ent)
            if match is not None:
                match.spans.append((ent.start_char, ent.end_char))
                match.add_alias(clean_mention(ent.text))

    def mislabelled_person(self, ent: SpacySpan) -> Entity | None:
        """The person already named in the article that a non-person entity of one or two words is."""
        if ent.label_ in ("PERSON", "DATE", "CARDINAL", "MONEY", "PERCENT", "TIME", "QUANTITY"):
            return None
        cleaned = clean_mention(ent.text)
        if not plausible_name(cleaned) or len(cleaned.split()) > 2:
            return None
        return self.find_person(cleaned)

    def _organization_openers(self) -> frozenset[str]:
        """The first words of the article's organisation names that no person's full name holds:
        a lone "Fox" (“Clinton told Fox in the interview”) beside "Fox News" is the network."""
        if self._openers is None:
            named = {w.lower() for n in self.full_names for w in n.split()}
            self._openers = frozenset(
                e[0].lower_ for e in self.ents if e.label_ == "ORG" and len(e) >= 2 and e[0].lower_ not in named
            )
        return self._openers

    def find_person(self, name: str, before: int | None = None, gender: str = "", role: str = "") -> Entity | None:
        """The person this name denotes: compatible with every form seen and with the gender an
        honorific or title gives; among several, those holding ``role``, then the nearest before."""
        gender = gender or parse_person_name(name).gender
        candidates = [
            p
            for p in self._index.same_surname(name)
            if all(same_person(a, name) for a in p.name_forms()) and not (gender and p.gender and p.gender != gender)
        ]
        if not candidates and len(name.split()) == 1:
            # A lone given name ("Joe said") after the full name was introduced.
            candidates = self._index.given(name)
        if before is not None:
            candidates = [p for p in candidates if p.mentioned_before(before) >= 0] or candidates
        given = canonical_given(parse_person_name(name).given)
        if len(given) > 1 and len(candidates) > 1:
            # "Ivanka Trump" again: the Ivanka Trump seen before, not the bare "Trump" nearer by.
            candidates = [
                p for p in candidates if canonical_given(parse_person_name(p.name).given) == given
            ] or candidates
        if gender and len(candidates) > 1:
            # "Mrs. Clinton" beside Hillary (known to be a woman) and Bill (not known): Hillary.
            candidates = [p for p in candidates if p.gender == gender] or candidates
        if role and len(candidates) > 1:
            candidates = [p for p in candidates if any(role_matches(role, r) for r in p.roles)] or candidates
        if len(name.split()) == 1 and len(candidates) > 1:
            # "his wife, Jane" took the surname of the person the article calls by it
            candidates = [p for p in candidates if not p.relative] or candidates
            candidates = bare_surname_holders(candidates, name, before)
            # "the administration of former President Bill Clinton": a relative named in passing,
            # inside another noun's phrase, is not who the bare surname goes on to mean
            pos = before if before is not None else len(self.text)
            candidates = [
                p for p in candidates if not all(self.in_passing(s, e) for s, e in p.spans if s < pos)
            ] or candidates
        if not candidates:
            return None
        return max(candidates, key=lambda p: p.mentioned_before(before if before is not None else len(self.text)))

    def add_person(
        self, name: str, start: int, end: int, gender: str = "", role: str = "", *, relative: bool = False
    ) -> Entity:
        """Record a mention of a person, joining the one already seen under a compatible name;
        a ``relative`` named by the possessor's surname ("his wife, Jane") never joins the
        possessor known by that bare surname."""
        name = uncapitalised(bare_person_name(name))
        gender = gender or parse_person_name(name).gender
        person = self.find_person(name, before=start, gender=gender, role=role)
        if person is not None and relative and len(person.name.split()) == 1:
            person = None
        if person is None or kept_bare(
            person, name, start, self.full_names, self.text, calls=self._calls(person, start)
        ):
            person = Entity(kind="person", name=name, relative=relative)
            self.persons.append(person)
            self._index.add(person)
        old_name, person.name = person.name, fuller_name(person.name, name)
        if person.name != old_name:
            self._index.add(person, old_name)
        person.add_alias(name)
        person.spans.append((start, end))
        person.gender = person.gender or gender
        return person

    def _calls(self, person: Entity, before: int) -> int:
        """The mentions of ``person`` before ``before`` that call them by name: "the Clinton campaign"
        and "a Clinton aide" name the campaign and the aide, not yet the person."""
        if not self.has_parse:
            return sum(s < before for s, _ in person.spans)
        count = 0
        for s, e in person.spans:
            span = self.doc.char_span(s, e, alignment_mode="expand") if s < before else None
            if span is None or not len(span):
                continue
            # the parse can miss the modifier ("between Podesta and Clinton aide Cheryl Mills"): a
            # common noun right after the name is what the name modifies
            after = self.doc[span.end] if span.end < len(self.doc) else None
            count += span.root.dep_ != "compound" and not (after is not None and after.pos_ == "NOUN")
        return count

    def family(self, mention: str) -> bool:
        """Whether a mention is a plural surname ("the Kolbs", "Khans"): the family of people the
        article names with that surname, no single speaker."""
        words = drop_article(mention).split()
        if len(words) != 1 or not words[0][:1].isupper() or not words[0].endswith("s"):
            return False
        word = words[0].lower()
        surnames = {parse_person_name(p.name).surname.lower() for p in self.persons if len(p.name.split()) >= 2}
        return word not in surnames and (word[:-1] in surnames or (word.endswith("es") and word[:-2] in surnames))

    def unlabelled_person(self, subj: Token) -> Entity | None:
        """A proper-noun subject NER missed or called an ORG ("Biden" in "Biden spoke ..."), taken as
        a person only because a personal pronoun or title refers back to it."""
        if subj.pos_ != "PROPN" or subj.ent_type_ not in ("", "ORG", "PERSON"):
            return None
        if subj.ent_type_ == "ORG" and subj.text.isupper():
            return None  # an acronym ("the EPA") is an organisation, whatever refers back to it
        run = [subj]
        # Only the compounds touching it: "CLEVELAND - Donald Trump" leaves the dateline out.
        for t in reversed([t for t in subj.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]):
            if t.i == run[0].i - 1:
                run.insert(0, t)
        name = clean_mention(" ".join(t.text for t in run))
        rest = split_title(name)[1]
        if not plausible_name(rest) or org_head(rest):
            return None
        return self.add_person(rest, run[0].idx, subj.idx + len(subj))

    # ---- anonymous sources and organisations ------------------------------------------------

    def _collect_descriptions(self) -> None:
        """Anonymous sources and organisations introduced by noun phrases, and ORG entities."""
        if self.has_parse:
            for chunk in self.chunks:
                if chunk.root.ent_type_ == "PERSON" or self.in_quote(chunk.start_char):
                    continue  # "he was a great president," said X: no source of this article
                if chunk[0].lower_ in POSSESSIVE_PRONOUNS or chunk[0].lower_ == "whose":
                    continue  # "his campaign" is named by whoever "his" is, read with the mention
                if self._names_in_apposition(chunk.end):
                    continue  # "One local woman, Jane Roe, said": Jane Roe, no unnamed source
                self.describe(chunk.text, chunk.start_char, chunk.end_char, chunk.root.tag_ in ("NNS", "NNPS"))
        if self.has_ner:
            for ent in self.ents:
                if ent.label_ != "ORG" or self.in_quote(ent.start_char) or MARKUP.search(ent.text):
                    continue
                if self.mislabelled_person(ent) is None:  # "Trump" tagged ORG after Donald Trump is him
                    self.organization(ent.text, ent.start_char, ent.end_char)

    def _names_in_apposition(self, end: int) -> bool:
        """Whether a PERSON name follows token ``end`` after a comma, in apposition to the phrase before."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].text != ",":
            return False
        ent = self._ents_by_start.get(end + 1)
        return ent is not None and ent.label_ == "PERSON" and (ent.root.dep_ == "appos" or ent.root.head.i < end)

    def describe(self, text: str, start: int, end: int, plural: bool) -> Entity | None:
        """Register an indefinite anonymous description or an organisation noun phrase."""
        words = clean_mention(text).split()
        if not words:
            return None
        desc = normalize_description(text)
        head = desc.split()[-1].lower() if desc else ""
        det = words[0].lower()
        if head in anonymous_heads() or (det in INDEFINITE and ends_with_title(desc, head_title(desc))):
            if det in INDEFINITE or (det not in DEFINITE and plural and not self.proper_at(start)):
                return self.anonymous(desc, start, end, plural)
            return None
        if org_head(normalize_organization(text)):
            if det in INDEFINITE and not self.unnamed_document(text) and not self.is_org_entity(start, end):
                # "a civil rights group": an unnamed source of this article, not an organisation's name
                return self.anonymous(desc, start, end, plural)
            return self.organization(text, start, end)
        return None

    @staticmethod
    def unnamed_document(text: str) -> bool:
        """Whether a phrase is headed by a document noun ("a statement", "the congressional report")."""
        return org_head(normalize_organization(text)) in document_heads()

    def anonymous(self, desc: str, start: int, end: int, plural: bool) -> Entity:
        """Record a mention of an anonymous source, joining the one described the same way."""
        first = desc.split()[0] if desc.split() else ""
        at = self.text.find(first, start, end) if first else -1
        named = at >= 0 and self.overlaps_label(at, at + len(first), "PERSON")  # "Khizr and Ghazala Khan"
        if first[:1].isupper() and not first.isupper() and at >= 0 and not self.proper_at(at) and not named:
            desc = first.lower() + desc[len(first) :]  # "Current and former officials" opened a sentence
        for e in self.others:
            if e.kind == "anonymous" and e.name.lower() == desc.lower():
                e.spans.append((start, end))
                return e
        entity = Entity(kind="anonymous", name=desc, plural=plural, head=description_head(desc))
        entity.add_alias(desc)
        entity.spans.append((start, end))
        self.others.append(entity)
        return entity

    def organization(self, text: str, start: int, end: int) -> Entity:
        """Record a mention of an organisation or document, joining the one of the same name."""
        described = normalize_organization(text)
        name = self._organization_name(described, start, end)
        for e in self.others:
            if e.kind == "organization" and e.name.lower() == name.lower():
                e.spans.append((start, end))
                return e
        plural = name.lower().endswith("s") or " and " in name.lower()
        entity = Entity(kind="organization", name=name, plural=plural, head=org_head(name))
        # A description ("the report", "the campaign") is this article's, not a name to share.
        entity.scoped = (not described[:1].isupper() or self._common_noun(start, end)) and not self._inner_organization(
            start, end
        )
        entity.add_alias(name)
        entity.spans.append((start, end))
        self.others.append(entity)
        return entity

    def _common_noun(self, start: int, end: int) -> bool:
        """Whether a capitalised mention holds no proper noun: "Police said" at a sentence start."""
        if not self.has_parse:
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and not any(t.pos_ == "PROPN" for t in span)

    def _organization_name(self, name: str, start: int, end: int) -> str:
        """The name an organisation or document is stored by: its proper name, the organisation NER
        finds inside a descriptive phrase ("the think tank Acme Institute" → "Acme Institute"), else
        the description written as a name ("the report" → "Report"), never a lower-case common noun."""
        words = name.split()
        if len(words) > 1 and words[0].lower() in {*POSSESSIVE_PRONOUNS, "whose"}:
            name = " ".join(words[1:])  # "her campaign" whose owner is unknown: the campaign
        if not name or name[:1].isupper():
            return name
        inner = self._inner_organization(start, end)
        return inner or name[:1].upper() + name[1:]

    def _inner_organization(self, start: int, end: int) -> str:
        """The name of the last capitalised ORG entity inside ``start:end``, or ''."""
        inner = [
            clean_mention(e.text)
            for e in self.ents
            if e.label_ == "ORG" and start <= e.start_char and e.end_char <= end and e.text[:1].isupper()
        ]
        return normalize_organization(inner[-1]) if inner and inner[-1] else ""

    def unlabelled_organization(self, pos: int) -> Entity | None:
        """The last proper-noun phrase NER left unlabelled in this or the previous sentence
        ("Shares of Acme Robotics fell ... after the company said")."""
        if not self.has_parse:
            return None
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        here = self.sentence_index(span.start) if span is not None and len(span) else 0
        for sent in reversed(self.sents[max(0, here - 1) : here + 1]):
            runs: list[list[Token]] = []
            for tok in sent:
                if tok.idx >= pos:
                    break
                proper = tok.pos_ == "PROPN" and tok.ent_type_ in ("", "ORG") and not self.in_quote(tok.idx)
                if proper and runs and runs[-1][-1].i == tok.i - 1:
                    runs[-1].append(tok)
                elif proper:
                    runs.append([tok])
            for run in reversed(runs):
                text = " ".join(t.text for t in run)
                start, end = run[0].idx, run[-1].idx + len(run[-1])
                if len(run) >= 2 and run[0].is_sent_start is not True and self.entity_at(start, end) is None:
                    return self.organization(text, start, end)
        return None

    # ---- lookups ----------------------------------------------------------------------------

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity mentioned at this character range, people first."""
        return next((e for e in itertools.chain(self.persons, self.others) if e.mentioned_in(start, end)), None)
