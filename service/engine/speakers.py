"""Speaker resolution inside one article: each quote's mention becomes a ``SpeakerRef``.

The article is first read into *entities*: people (PERSON mentions clustered by
``names.same_person``, with the titles before their names and their appositions as roles),
anonymous sources introduced by indefinite descriptions ("a senior administration
official") and organisations or documents. Each quote mention is then classified (name,
pronoun, title, anonymous description, organisation, relative pronoun) and linked to one of
those entities; what cannot be linked stays ``unknown`` with the mention kept and a low
confidence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.engine import names
from service.engine.types import Quote, ResolutionHow, Span, SpeakerKind, SpeakerRef

# pronoun → (gender, number); "sg" needs one person, "pl" a group, "it" an organisation.
PRONOUNS: dict[str, tuple[str, str]] = {
    "he": ("m", "sg"),
    "him": ("m", "sg"),
    "she": ("f", "sg"),
    "her": ("f", "sg"),
    "they": ("", "pl"),
    "them": ("", "pl"),
    "it": ("", "it"),
}
RELATIVES = frozenset({"who", "which", "that", "whom"})
INDEFINITE = frozenset({"a", "an", "one", "two", "three", "some", "several", "another", "many"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

CONFIDENCE = {
    "named": 0.95,
    "named_weak": 0.75,
    "apposition": 0.9,
    "title": 0.85,
    "title_salient": 0.55,
    "anonymous": 0.9,
    "anonymous_back": 0.85,
    "anonymous_bare": 0.5,
    "organization": 0.85,
    "pronoun_subject": 0.85,
    "pronoun_previous": 0.75,
    "pronoun_recent": 0.55,
    "continuation": 0.75,
    "continuation_far": 0.45,
    "unresolved": 0.1,
}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[^a-z\s])")
_MAX_PRONOUN_DEPTH = 3


@dataclass(slots=True)
class _Entity:
    """Something that can speak in this article, with every place it is mentioned."""

    kind: SpeakerKind
    name: str
    gender: str = ""
    plural: bool = False
    head: str = ""  # head noun of an anonymous description or organisation
    scoped: bool = False  # a generic description ("the company"): no cross-article key
    aliases: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role text → "title" | "apposition" | "mention"
    spans: list[tuple[int, int]] = field(default_factory=list)

    def mentioned_before(self, pos: int) -> int:
        """Offset of the last mention starting before ``pos``, or -1."""
        return max((s for s, _ in self.spans if s < pos), default=-1)

    def add_alias(self, alias: str) -> None:
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def ref(self, how: ResolutionHow, confidence: float) -> SpeakerRef:
        """The ``SpeakerRef`` this entity resolves a quote to."""
        return SpeakerRef(
            name=self.name,
            kind=self.kind,
            how=how,
            confidence=round(confidence, 3),
            key="" if self.scoped else names.identity_key(self.name, self.kind),
            aliases=list(self.aliases),
            roles=list(self.roles),
        )


def _unknown(mention: str) -> SpeakerRef:
    return SpeakerRef(
        name=re.sub(r"\s+", " ", mention).strip(),
        kind="unknown",
        how="unresolved",
        confidence=CONFIDENCE["unresolved"],
        aliases=[mention.strip()] if mention.strip() else [],
    )


def _is_name_word(word: str) -> bool:
    """A word that can be part of a person's name (capitalised, or a particle like "al-")."""
    w = word.strip(".,")
    if not w or any(c.isdigit() for c in w):
        return False
    return (
        w[0].isupper()
        or w.lower() in {"al", "el", "bin", "ibn", "van", "von", "de", "da", "la", "le"}
        or (bool(re.match(r"^(?:al|el)-[A-Z]", w)))
    )


def _plausible_name(rest: str) -> bool:
    """Whether cleaned text looks like a person's name rather than a title or common noun."""
    words = rest.split()
    if not words or len(words) > 5 or not all(_is_name_word(w) for w in words):
        return False
    lowered = rest.lower()
    generic = names.anonymous_heads() | names.organization_heads() | set(names.titles())
    return lowered not in generic and words[-1].lower() not in generic and lowered not in PRONOUNS


class _Article:
    """The entities of one article and the resolution of its quotes."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        self.doc = doc
        self.text = doc.text
        self.quoted = sorted((q.start, q.end) for q in quotes if q.kind in ("direct", "partial"))
        self.persons: list[_Entity] = []
        self.others: list[_Entity] = []
        self.has_ner = doc.has_annotation("ENT_IOB")
        self.has_parse = doc.has_annotation("DEP")
        self.cache: dict[tuple[int, int], tuple[SpeakerRef, _Entity | None]] = {}
        self.sents = list(doc.sents) if self.has_parse else []
        # spaCy rebuilds these on every access: read them once.
        self.ents = list(doc.ents) if self.has_ner else []
        self.chunks = list(doc.noun_chunks) if self.has_parse else []
        # Start offsets of the non-blank lines: paragraphs, for "how far back" questions.
        self.line_starts = [m.start() for m in re.finditer(r"(?m)^(?=[ \t]*\S)", self.text)] or [0]
        self.resolved: list[tuple[int, int, _Entity | None]] = []  # (quote start, end, entity)
        self._collect_persons()
        self._collect_descriptions()

    # ---- reading the article -------------------------------------------------------------

    def in_quote(self, pos: int) -> bool:
        """Whether a character offset lies inside a direct or partial quotation."""
        return any(s <= pos < e for s, e in self.quoted)

    def _person_spans(self) -> list[SpacySpan]:
        if self.has_ner:
            return [e for e in self.ents if e.label_ == "PERSON"]
        # Without NER, runs of proper nouns stand in for PERSON mentions.
        spans: list[SpacySpan] = []
        run: list[Token] = []
        for tok in [*self.doc, None]:
            if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper():
                run.append(tok)
                continue
            if run:
                spans.append(self.doc[run[0].i : run[-1].i + 1])
            run = []
        return spans

    def _collect_persons(self) -> None:
        for ent in self._person_spans():
            cleaned = names.clean_mention(ent.text)
            role, rest = names.split_title(cleaned)
            if not _plausible_name(rest):
                continue
            offset = ent.start_char + max(0, ent.text.find(rest.split()[0]))
            person = self._add_person(rest, offset, ent.end_char)
            person.add_alias(cleaned)
            for r, how in (
                (role, "title"),
                (self._title_before(ent), "title"),
                (self._apposition(ent), "apposition"),
            ):
                if r:
                    person.roles.setdefault(r, how)
                    person.gender = person.gender or names.titles().get(names.head_title(r), "")
            person.gender = person.gender or self._honorific_gender(ent)
        if not self.has_ner:
            return
        # NER mislabels known people in some sentences ("Kadhemi" as GPE): a non-person entity
        # that matches a person already named in the article is that person.
        for ent in self.ents:
            if ent.label_ in ("PERSON", "DATE", "CARDINAL", "MONEY", "PERCENT", "TIME", "QUANTITY"):
                continue
            cleaned = names.clean_mention(ent.text)
            if _plausible_name(cleaned) and len(cleaned.split()) <= 2:
                match = self._find_person(cleaned)
                if match is not None:
                    match.spans.append((ent.start_char, ent.end_char))
                    match.add_alias(cleaned)

    def _find_person(self, name: str, before: int | None = None) -> _Entity | None:
        """The person this name denotes: compatible with every form seen, the most recent first."""
        candidates = [p for p in self.persons if all(names.same_person(a, name) for a in [p.name, *p.aliases])]
        if not candidates and len(name.split()) == 1:
            # A lone given name ("Joe said") after the full name was introduced.
            candidates = [p for p in self.persons if names.parse_person_name(p.name).given.lower() == name.lower()]
        if before is not None:
            candidates = [p for p in candidates if p.mentioned_before(before) >= 0] or candidates
        if not candidates:
            return None
        return max(candidates, key=lambda p: p.mentioned_before(before if before is not None else len(self.text)))

    def _add_person(self, name: str, start: int, end: int) -> _Entity:
        person = self._find_person(name)
        if person is None:
            person = _Entity(kind="person", name=name)
            self.persons.append(person)
        person.name = names.fuller_name(person.name, name)
        person.add_alias(name)
        person.spans.append((start, end))
        person.gender = person.gender or names.parse_person_name(name).gender
        return person

    def _title_before(self, ent: SpacySpan) -> str:
        """A capitalised title right before a name: "U.S. President" in "U.S. President Joe Biden"."""
        i = ent.start
        sent_start = ent.sent.start if self.has_parse else 0
        while i > sent_start and i > ent.start - 6:
            word = self.doc[i - 1].text
            if not (word[:1].isupper() or re.match(r"^(?:then|ex|former)-", word)):
                break
            i -= 1
        if i == ent.start:
            return ""
        role, _ = names.split_title(self.doc[i : ent.end].text)
        return role

    def _apposition(self, ent: SpacySpan) -> str:
        """A title in apposition: "Lloyd Austin, the Secretary of Defense, told ..." → the title."""
        doc = self.doc
        if ent.end < len(doc) and doc[ent.end].text == ",":
            words: list[str] = []
            for tok in doc[ent.end + 1 : ent.end + 12]:
                if tok.text in {",", ";", ":", "(", ")", "—", "–"} or tok.is_sent_start or tok.pos_ in ("VERB", "AUX"):
                    break
                if tok.ent_type_ == "PERSON":  # "al-Kadhimi, U.S. President Joe Biden said": a new clause
                    words = []
                    break
                words.append(tok.text)
            phrase = " ".join(words)
            if (
                words
                and names.head_title(phrase)
                and (words[0].lower() in DEFINITE | INDEFINITE or words[0][:1].isupper())
            ):
                return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
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
            title = names.head_title(phrase)
            opener = doc[ent.start - 1 - len(words) - 1] if ent.start - 1 - len(words) - 1 >= 0 else None
            if title and phrase.lower().endswith(title) and (opener is None or opener.pos_ != "ADP"):
                return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
        return ""

    def _honorific_gender(self, ent: SpacySpan) -> str:
        if ent.start == 0:
            return ""
        return names.honorifics().get(self.doc[ent.start - 1].lower_, "")

    def _collect_descriptions(self) -> None:
        """Anonymous sources and organisations introduced by noun phrases, and ORG entities."""
        if self.has_parse:
            for chunk in self.chunks:
                if chunk.root.ent_type_ == "PERSON":
                    continue
                self._describe(chunk.text, chunk.start_char, chunk.end_char, chunk.root.tag_ in ("NNS", "NNPS"))
        if self.has_ner:
            for ent in self.ents:
                if ent.label_ == "ORG" and not self.in_quote(ent.start_char):
                    self._organization(ent.text, ent.start_char, ent.end_char)

    def _describe(self, text: str, start: int, end: int, plural: bool) -> _Entity | None:
        """Register an indefinite anonymous description or an organisation noun phrase."""
        words = names.clean_mention(text).split()
        if not words:
            return None
        desc = names.normalize_description(text)
        head = desc.split()[-1].lower() if desc else ""
        det = words[0].lower()
        if head in names.anonymous_heads() or (
            det in INDEFINITE and names.ends_with_title(desc, names.head_title(desc))
        ):
            if det in INDEFINITE or (det not in DEFINITE and plural and not self._proper_at(start)):
                return self._anonymous(desc, start, end, plural)
            return None
        if self._org_head(names.normalize_organization(text)):
            return self._organization(text, start, end)
        return None

    def _proper_at(self, start: int) -> bool:
        """Whether the word at ``start`` is a proper noun ("Senior officials" at a sentence start is not)."""
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok = span[0]
        return tok.pos_ == "PROPN" if self.has_parse or tok.pos_ else tok.text[:1].isupper()

    @staticmethod
    def _org_head(name: str) -> str:
        lowered = name.lower()
        return next((h for h in sorted(names.organization_heads(), key=len, reverse=True) if lowered.endswith(h)), "")

    def _anonymous(self, desc: str, start: int, end: int, plural: bool) -> _Entity:
        for e in self.others:
            if e.kind == "anonymous" and e.name.lower() == desc.lower():
                e.spans.append((start, end))
                return e
        entity = _Entity(kind="anonymous", name=desc, plural=plural, head=desc.split()[-1].lower())
        entity.add_alias(desc)
        entity.spans.append((start, end))
        self.others.append(entity)
        return entity

    def _organization(self, text: str, start: int, end: int) -> _Entity:
        name = names.normalize_organization(text)
        for e in self.others:
            if e.kind == "organization" and e.name.lower() == name.lower():
                e.spans.append((start, end))
                return e
        plural = name.lower().endswith("s") or " and " in name.lower()
        entity = _Entity(kind="organization", name=name, plural=plural, head=self._org_head(name))
        entity.add_alias(name)
        entity.spans.append((start, end))
        self.others.append(entity)
        return entity

    def entity_at(self, start: int, end: int) -> _Entity | None:
        """The entity mentioned at this character range, people first."""
        for e in [*self.persons, *self.others]:
            if any(s < end and start < t for s, t in e.spans):
                return e
        return None

    # ---- resolving mentions -------------------------------------------------------------

    def resolve(self, quote: Quote, group: list[Quote]) -> None:
        """Set ``quote.speaker``; pieces of one utterance share the mention found on any piece."""
        mention = quote.mention or next((q.mention for q in group if q.mention is not None), None)
        if mention is None:
            ref, entity = self._continuation(quote)
        else:
            key = (mention.start, mention.end)
            if key not in self.cache:
                self.cache[key] = self._mention(mention)
            ref, entity = self.cache[key]
            if ref.kind == "unknown" and quote.cue is not None and mention.text.lower() not in PRONOUNS:
                ref, entity = self._from_cue(quote.cue, mention) or (ref, entity)
            ref = replace(ref, aliases=list(ref.aliases), roles=list(ref.roles))
        quote.speaker = ref
        self.resolved.append((quote.start, quote.end, entity))

    def _from_cue(self, cue: Span, mention: Span) -> tuple[SpeakerRef, _Entity | None] | None:
        """When the mention names no one, the subject of a verb the cue hangs from may:
        "Biden said ..., adding that ..." has "adding" under "said", whose subject is Biden."""
        span = self.doc.char_span(cue.start, cue.end, alignment_mode="expand") if self.has_parse else None
        if span is None or not len(span):
            return None
        verb = span.root
        for _ in range(3):
            if verb.head is verb or verb.dep_ not in ("advcl", "xcomp", "conj", "ccomp", "acl"):
                return None
            verb = verb.head
            for subj in (c for c in verb.children if c.dep_ in SUBJECT_DEPS):
                tokens = list(subj.subtree)
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
                if start <= mention.start < end or self.in_quote(start):
                    continue
                ref, entity = self._mention(Span(self.text[start:end], start, end))
                if ref.kind != "unknown":
                    ref.confidence = round(ref.confidence * 0.7, 3)  # found off the extractor's path
                    return ref, entity
        return None

    def _mention(self, mention: Span) -> tuple[SpeakerRef, _Entity | None]:
        text, start = mention.text, mention.start
        # The parse can run a subject across a paragraph or line break ("date 2021-07-27 \n\n
        # Biden", "Source: Web\nNews reporters"); a line-wrapped phrase continues in lower case.
        parts = _LINE_BREAK.split(text)
        if len(parts) > 1:
            start += text.rfind(parts[-1])
            text = parts[-1]
        text = re.sub(r"\s+", " ", text)
        name_part, appos = names.split_apposition(text)
        # "The team's coach, Sarah Kim": the name is the apposition.
        if (
            appos
            and not _plausible_name(names.split_title(names.clean_mention(name_part))[1])
            and _plausible_name(names.split_title(names.clean_mention(appos))[1])
        ):
            name_part, appos = appos, name_part
        cleaned = names.clean_mention(name_part)
        words = cleaned.split()
        first = words[0].lower() if words else ""
        if first in PRONOUNS and len(words) == 2 and words[1].lower() in {"both", "all"}:
            return _unknown(text), None  # a group of people ("they both"): no single speaker
        if first in PRONOUNS and len(words) == 1:
            return self._pronoun(first, start, 0)
        if first in RELATIVES and len(words) == 1:
            return self._relative(start, text)
        handle = re.search(r"@\w+", text)
        if not _plausible_name(names.split_title(cleaned)[1]) and handle:
            # "US President @JoeBiden": the handle may spell a person the article names.
            person = self._find_person(names.handle_to_name(handle.group()), before=mention.end)
            if person is not None:
                return person.ref("named", CONFIDENCE["named_weak"]), person
        if not words:
            return _unknown(text), None
        named = self._named(cleaned, appos, start, mention.end)
        if named is not None:
            return named
        return self._description(text, cleaned, start, mention.end)

    def _named(self, cleaned: str, appos: str, start: int, end: int) -> tuple[SpeakerRef, _Entity] | None:
        """A mention that names a person: one seen in the article, or a new one."""
        role, rest = names.split_title(cleaned)
        if cleaned.split()[0].lower() in DEFINITE | INDEFINITE or not _plausible_name(rest):
            # Noise around a name ("— President Biden ( ) July 26"): trust a PERSON entity inside.
            inner = [
                names.clean_mention(e.text)
                for e in self.ents
                if e.label_ == "PERSON" and start <= e.start_char and e.end_char <= end
            ]
            inner = [n for n in inner if _plausible_name(names.split_title(n)[1])]
            if not inner or cleaned.split()[0].lower() in DEFINITE | INDEFINITE:
                return None
            role, rest = names.split_title(inner[-1])
        person = self._find_person(rest, before=end)
        appos_role = re.sub(r"^(?:the|a|an)\s+", "", appos, flags=re.IGNORECASE) if names.head_title(appos) else ""
        if person is not None:
            if appos_role:
                person.roles.setdefault(appos_role, "apposition")
            return person.ref("named", CONFIDENCE["named"]), person
        if self._is_org_entity(start, end):
            return None
        if self._overlaps_label(start, end, "PERSON") or len(rest.split()) >= 2 or not self.has_ner:
            person = self._add_person(rest, start, end)
            if role:
                person.roles.setdefault(role, "title")
            if appos_role:
                person.roles.setdefault(appos_role, "apposition")
            return person.ref("named", CONFIDENCE["named_weak"]), person
        return None

    def _trimmed(self, text: str, start: int, end: int) -> str:
        """A description cut after its head noun and "of" phrases: "a statement to do X" → "a statement"."""
        span = self.doc.char_span(start, end, alignment_mode="expand") if self.has_parse else None
        if span is None or not len(span):
            return text
        root = span.root
        last = root.i
        for child in root.rights:
            if child.i >= span.end:
                break
            if (child.dep_ == "prep" and child.lower_ == "of") or child.dep_ in (
                "compound",
                "amod",
                "cc",
                "conj",
            ):
                last = max(last, *(t.i for t in child.subtree if t.i < span.end))
            else:
                break
        return self.doc[span.start : last + 1].text

    def _description(self, text: str, cleaned: str, start: int, end: int) -> tuple[SpeakerRef, _Entity | None]:
        """An anonymous source, an organisation or document, or a title standing for a person."""
        cleaned = names.clean_mention(self._trimmed(cleaned, start, end)) or cleaned
        words = cleaned.split()
        det = words[0].lower()
        desc = names.normalize_description(cleaned)
        head = desc.split()[-1].lower() if desc else ""
        title = names.head_title(desc)
        plural_bare = det not in DEFINITE and not self._proper_at(start) and head.endswith("s")
        personal = head in names.anonymous_heads() or names.ends_with_title(desc, title)
        if (det in INDEFINITE or plural_bare) and personal:
            anon = self._anonymous(desc, start, end, plural=head.endswith("s") and det != "a")
            return anon.ref("anonymous", CONFIDENCE["anonymous"]), anon
        body = names.normalize_organization(cleaned)
        if self._is_org_entity(start, end) or self._org_head(body):
            if det in DEFINITE and body == body.lower() and not self._is_org_entity(start, end):
                return self._generic_organization(cleaned, start, end)
            org = self._organization(cleaned, start, end)
            return org.ref("organization", CONFIDENCE["organization"]), org
        if det in INDEFINITE:
            return _unknown(text), None
        if names.ends_with_title(desc, title):
            return self._title(desc, start, text)
        if head in names.anonymous_heads():
            return self._anonymous_back(desc, start, end)
        return _unknown(text), None

    def _generic_organization(self, cleaned: str, start: int, end: int) -> tuple[SpeakerRef, _Entity | None]:
        """ "the company", "the ministry": the organisation named before; documents stay documents."""
        head = self._org_head(names.normalize_organization(cleaned))
        if head not in names.document_heads():
            named = [
                (e.mentioned_before(start), e)
                for e in self.others
                if e.kind == "organization"
                and not e.scoped
                and e.name != e.name.lower()
                and e.mentioned_before(start) >= 0
            ]
            if named:
                org = max(named, key=lambda x: x[0])[1]
                return org.ref("organization", CONFIDENCE["organization"] - 0.1), org
            unlabelled = self._unlabelled_organization(start)
            if unlabelled is not None:
                return unlabelled.ref("organization", CONFIDENCE["organization"] - 0.25), unlabelled
        org = self._organization(cleaned, start, end)
        org.scoped = True  # "the company" of one article is not that of another
        return org.ref("organization", CONFIDENCE["organization"]), org

    def _unlabelled_organization(self, pos: int) -> _Entity | None:
        """The last proper-noun phrase NER left unlabelled in this or the previous sentence
        ("Shares of Acme Robotics fell ... after the company said")."""
        if not self.has_parse:
            return None
        here = next((i for i, s in enumerate(self.sents) if s.start_char <= pos < s.end_char), 0)
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
                    return self._organization(text, start, end)
        return None

    def _overlaps_label(self, start: int, end: int, label: str) -> bool:
        return any(e.label_ == label and e.start_char < end and start < e.end_char for e in self.ents)

    def _is_org_entity(self, start: int, end: int) -> bool:
        """A mention that NER calls an organisation or place (metonymy: "Washington said")."""
        if not self.has_ner:
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        # The head decides: "a senior United States official" is a person, "the U.S." is not.
        head = span.root if self.has_parse else span[-1]
        return head.ent_type_ in ("ORG", "GPE", "NORP")

    def _title(self, desc: str, pos: int, raw: str) -> tuple[SpeakerRef, _Entity | None]:
        """ "the Press Secretary": the person introduced with that title, else the salient person."""
        holders = [
            (p.mentioned_before(pos), p, how)
            for p in self.persons
            for role, how in p.roles.items()
            if names.role_matches(desc, role) and p.mentioned_before(pos) >= 0
        ]
        if holders:
            _, person, how = max(holders, key=lambda h: h[0])
            kind: ResolutionHow = "apposition" if how == "apposition" else "title"
            return person.ref(kind, CONFIDENCE[kind]), person
        head = desc.split()[-1].lower()
        earlier = [e for e in self.others if e.kind == "anonymous" and e.head == head and e.mentioned_before(pos) >= 0]
        if earlier:
            anon = max(earlier, key=lambda e: e.mentioned_before(pos))
            return anon.ref("anonymous", CONFIDENCE["anonymous_back"]), anon
        # No one was introduced with the title: the person the article is about at this point,
        # provided no role of theirs contradicts it ("the President" is not the Prime Minister).
        salient = self._salient_person(pos)
        if salient is not None and not any(names.head_title(r) for r in salient.roles):
            ref = salient.ref("title", CONFIDENCE["title_salient"])
            ref.roles.append(desc if desc[:1].isupper() else desc.title())
            return ref, salient
        return _unknown(raw), None

    def _salient_person(self, pos: int) -> _Entity | None:
        for entity in self._subjects_before(pos, personal=True):
            if entity.kind == "person":
                return entity
        last = self._previous_entity(pos)
        return last if last is not None and last.kind == "person" else None

    def _anonymous_back(self, desc: str, start: int, end: int) -> tuple[SpeakerRef, _Entity | None]:
        """ "the official": the anonymous source introduced before with that head and modifiers."""
        want = set(desc.lower().split())
        earlier = [
            e
            for e in self.others
            if e.kind == "anonymous" and e.head == desc.split()[-1].lower() and e.mentioned_before(start) >= 0
        ]
        fitting = [e for e in earlier if want <= set(e.name.lower().split())] or earlier
        if fitting:
            anon = max(fitting, key=lambda e: e.mentioned_before(start))
            anon.spans.append((start, end))
            return anon.ref("anonymous", CONFIDENCE["anonymous_back"]), anon
        # A bare "Official said" with nothing before: anonymous, but we know little.
        anon = self._anonymous(desc, start, end, plural=False)
        return anon.ref("anonymous", CONFIDENCE["anonymous_bare"]), anon

    def _relative(self, start: int, text: str) -> tuple[SpeakerRef, _Entity | None]:
        """ "a joint statement which said": the noun the relative clause hangs on."""
        span = self.doc.char_span(start, start + len(text), alignment_mode="expand")
        if span is not None and self.has_parse:
            tok = span.root
            if tok.head.dep_ == "relcl":
                noun = tok.head.head
                chunk = next((c for c in self.chunks if c.start <= noun.i < c.end), None)
                if chunk is not None:
                    found = self._describe(chunk.text, chunk.start_char, chunk.end_char, noun.tag_ == "NNS")
                    if found is not None:
                        how: ResolutionHow = "organization" if found.kind == "organization" else "anonymous"
                        return found.ref(how, CONFIDENCE[how]), found
                    return self._mention(Span(chunk.text, chunk.start_char, chunk.end_char))
        return _unknown(text), None

    # ---- pronouns and continuation ------------------------------------------------------

    def _compatible(self, entity: _Entity, pronoun: str) -> bool:
        gender, number = PRONOUNS[pronoun]
        if number == "sg":
            return (
                entity.kind in ("person", "anonymous")
                and not entity.plural
                and not (gender and entity.gender and entity.gender != gender)
            )
        if number == "pl":  # singular "they" is usual for anonymous sources
            return entity.plural or entity.kind == "anonymous" or (entity.kind == "organization" and bool(entity.head))
        return entity.kind == "organization" and not entity.plural

    def _pronoun(self, pronoun: str, pos: int, depth: int) -> tuple[SpeakerRef, _Entity | None]:
        # 1. a subject earlier in the same sentence or in the previous ones (pronoun chains followed)
        personal = PRONOUNS[pronoun][1] == "sg"
        for entity in self._subjects_before(pos, pronoun=pronoun, depth=depth, personal=personal):
            if self._compatible(entity, pronoun):
                return entity.ref("pronoun", CONFIDENCE["pronoun_subject"]), entity
        # 2. the speaker of the previous quote
        previous = self._previous_entity(pos)
        if previous is not None and self._compatible(previous, pronoun):
            return previous.ref("pronoun", CONFIDENCE["pronoun_previous"]), previous
        # 3. the most recent compatible mention outside quotations
        recent = self._recent_mention(pos, pronoun)
        if recent is not None:
            return recent.ref("pronoun", CONFIDENCE["pronoun_recent"]), recent
        return _unknown(pronoun), None

    def _subjects_before(self, pos: int, pronoun: str = "", depth: int = 0, personal: bool = False) -> list[_Entity]:
        """Entities that are grammatical subjects before ``pos``: this sentence, then two before."""
        if not self.has_parse or not len(self.doc):
            return []
        tok_span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if tok_span is None or not len(tok_span):
            return []
        sents = self.sents
        idx = next((i for i, s in enumerate(sents) if s.start <= tok_span.start < s.end), 0)
        found: list[_Entity] = []
        for i in range(idx, max(-1, idx - 3), -1):
            sent = sents[i]
            subjects = [
                t
                for t in sent
                if t.dep_ in SUBJECT_DEPS and t.idx < pos and not self.in_quote(t.idx) and t.i < tok_span.start
            ]
            # The main clause's subject first, then the others right to left.
            subjects.sort(key=lambda t: (t.head.dep_ != "ROOT", -t.i))
            for subj in subjects:
                entity = self._entity_of(subj, pronoun, depth, personal)
                if entity is not None and entity not in found:
                    found.append(entity)
            if found:
                break
        return found

    def _entity_of(self, subj: Token, pronoun: str, depth: int, personal: bool) -> _Entity | None:
        if subj.lower_ in PRONOUNS:
            if not pronoun or depth >= _MAX_PRONOUN_DEPTH or PRONOUNS[subj.lower_] != PRONOUNS[pronoun]:
                return None
            return self._pronoun(subj.lower_, subj.idx, depth + 1)[1]
        tokens = list(subj.subtree)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        found = self.entity_at(subj.idx, subj.idx + len(subj)) or self.entity_at(start, end)
        if personal and (found is None or (found.kind == "organization" and not found.head)):
            found = self._unlabelled_person(subj) or found
        return found

    def _unlabelled_person(self, subj: Token) -> _Entity | None:
        """A proper-noun subject NER missed or called an ORG ("Biden" in "Biden spoke ..."), taken as
        a person only because a personal pronoun or title refers back to it."""
        if subj.pos_ != "PROPN" or subj.ent_type_ not in ("", "ORG", "PERSON"):
            return None
        run = [t for t in subj.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [subj]
        name = names.clean_mention(" ".join(t.text for t in run))
        rest = names.split_title(name)[1]
        if not _plausible_name(rest) or self._org_head(rest):
            return None
        return self._add_person(rest, run[0].idx, subj.idx + len(subj))

    def _previous_entity(self, pos: int) -> _Entity | None:
        earlier = [(s, e) for s, _, e in self.resolved if s < pos and e is not None]
        return max(earlier, key=lambda x: x[0])[1] if earlier else None

    def _recent_mention(self, pos: int, pronoun: str) -> _Entity | None:
        best: tuple[int, _Entity] | None = None
        for e in [*self.persons, *self.others]:
            if not self._compatible(e, pronoun):
                continue
            here = self._line_of(pos)
            starts = [s for s, _ in e.spans if s < pos and not self.in_quote(s) and here - self._line_of(s) <= 2]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), e)
        return best[1] if best else None

    def _continuation(self, quote: Quote) -> tuple[SpeakerRef, _Entity | None]:
        """A cue-less quote continues the previous speaker, if that speaker is recent."""
        here = self._line_of(quote.start)
        earlier = [(s, end, e) for s, end, e in self.resolved if s < quote.start and e is not None]
        if earlier:
            _, end, entity = max(earlier, key=lambda x: x[0])
            assert entity is not None
            if here - self._line_of(end) <= 2:
                return entity.ref("continuation", CONFIDENCE["continuation"]), entity
        # The previous paragraph is about someone ("Biden's comments made it obvious ..."):
        # the quote that follows is most likely theirs.
        topic = self._topic_of_previous_paragraph(quote.start)
        if topic is not None:
            return topic.ref("continuation", CONFIDENCE["continuation_far"]), topic
        if earlier:
            entity = max(earlier, key=lambda x: x[0])[2]
            assert entity is not None
            return entity.ref("continuation", CONFIDENCE["continuation_far"] - 0.1), entity
        return _unknown(""), None

    def _line_of(self, pos: int) -> int:
        """Index of the non-blank line (paragraph) holding ``pos``."""
        return bisect.bisect_right(self.line_starts, pos) - 1

    def _topic_of_previous_paragraph(self, pos: int) -> _Entity | None:
        para_start = self.text.rfind("\n", 0, pos)
        if para_start <= 0:
            return None
        prev_start = self.text.rfind("\n", 0, para_start - 1)
        while prev_start > 0 and not self.text[prev_start:para_start].strip():
            prev_start = self.text.rfind("\n", 0, prev_start - 1)
        people = [
            (min(s for s, _ in p.spans if prev_start <= s < para_start), p)
            for p in self.persons
            if any(prev_start <= s < para_start and not self.in_quote(s) for s, _ in p.spans)
        ]
        return min(people, key=lambda x: x[0])[1] if len(people) == 1 else None


def resolve_speakers(doc: Doc, quotes: list[Quote]) -> None:
    """Set ``quote.speaker`` on every quote of one article, using the Doc's parse and entities."""
    article = _Article(doc, quotes)
    groups: dict[int, list[Quote]] = {}
    for q in quotes:
        if q.utterance is not None:
            groups.setdefault(q.utterance, []).append(q)
    for quote in sorted(quotes, key=lambda q: q.start):
        article.resolve(quote, groups.get(quote.utterance, []) if quote.utterance is not None else [])
