"""Interpreting one speaker mention: a name, pronoun, relative pronoun, title, anonymous description or
organisation, linked to an entity of the article."""

from __future__ import annotations

import re

from spacy.tokens import Token

from service.engine.marks import BLANK_LINES
from service.engine.names.mention_text import (
    clean_mention,
    description_core,
    description_head,
    drop_article,
    handle_to_name,
    normalize_description,
    normalize_organization,
)
from service.engine.names.persons import bare_person_name, parse_person_name, split_apposition
from service.engine.names.titles import (
    ends_with_title,
    final_title,
    head_title,
    split_title,
)
from service.engine.names.word_lists import anonymous_heads, study_heads
from service.engine.speakers.antecedents import Antecedents
from service.engine.speakers.descriptions import DescriptionReader
from service.engine.speakers.documents import (
    POSSESSIVE_PRONOUNS,
    author_of,
    author_phrase,
    issuer_of,
    phrase_of,
)
from service.engine.speakers.entity import (
    CONFIDENCE,
    DEFINITE,
    INDEFINITE,
    POSSESSED,
    PRONOUNS,
    RELATIVES,
    SUBJECT_DEPS,
    Entity,
    leading_name,
    plausible_name,
    unknown,
)
from service.engine.speakers.groups import (
    COLLECTIVES,
    members,
    mention_root,
    named_group,
    names_people,
    plural_antecedent,
    share_of_message,
    unnamed,
)
from service.engine.speakers.people import KIN, proper_name
from service.engine.speakers.registry import ArticleEntities, org_head
from service.engine.speakers.speakable import cannot_speak
from service.engine.types import ResolutionHow, Span, SpeakerRef

# An apposition's head comes before its prepositional phrases: "a senior aide with Rubio's campaign".
_PREPOSITION_CUT = re.compile(r"\s(?:of|for|at|from|with|in|on|to|by)\s", re.IGNORECASE)
_FRONTED_PREPOSITIONS = frozenset({"of", "for", "about", "on", "as", "with", "like", "unlike"})
_KEPT_PREPOSITIONS = frozenset({"of", "for", "at", "from"})
_AGED = re.compile(r"\d+-year-old")  # "the 46-year-old": a person, described by age
_CLITIC = re.compile(r"['’](?:ve|re|s|d|ll)$")  # "who’ve", "who's": the relative with its auxiliary
_LINE_BREAK = re.compile(rf"{BLANK_LINES.pattern}|\n(?=\s*[^a-z\s])")  # a paragraph or a line break


def _antecedent(relative: Token) -> Token | None:
    """The noun a relative pronoun stands for: the one its clause hangs on, else for "who" the noun
    right before it when the parse missed the clause ("the delegates who’ve said": "’ve" read as a verb)."""
    if relative.head.dep_ == "relcl":
        return relative.head.head
    if relative.lower_ not in ("who", "whom") or relative.i == 0:
        return None
    before = relative.doc[relative.i - 1]
    if before.text == "," and relative.i > 1:
        before = relative.doc[relative.i - 2]
    return before if before.pos_ in ("NOUN", "PROPN") else None


# after a comma, the openers of a phrase that is no apposition: a relative clause or examples
_NOT_APPOSITION = frozenset({"whose", "including", "like", "such", "among", "notably", "especially"})


class MentionReader:
    """Links the mentions of one article to its entities, registering the entities they introduce."""

    def __init__(self, entities: ArticleEntities, antecedents: Antecedents) -> None:
        self.entities = entities
        self.antecedents = antecedents
        self.descriptions = DescriptionReader(entities, antecedents)

    def read(self, mention: Span) -> tuple[SpeakerRef, Entity | None]:
        """The speaker a mention denotes, and its entity (None when it stays unknown)."""
        text, start = mention.text, mention.start
        # The parse can run a subject across a paragraph or line break ("date 2021-07-27 \n\n
        # Biden", "Source: Web\nNews reporters"); a line-wrapped phrase continues in lower case.
        parts = _LINE_BREAK.split(text)
        if len(parts) > 1:
            start += text.rfind(parts[-1])
            text = parts[-1]
        text = re.sub(r"\s+", " ", self._without_trailing_time(text, start))
        name_part, appos = split_apposition(text)
        if appos and name_part.split(" ", 1)[0].lower() in _FRONTED_PREPOSITIONS:
            # "Of Carson, Levine, who has given money to Rubio, said": the speaker follows the comma.
            start += text.find(appos)
            text = appos
            name_part, appos = split_apposition(text)
        if appos.split(" ", 1)[0].lower() in RELATIVES | _NOT_APPOSITION:
            # a relative clause ("..., who worked for Senator X") or examples ("Some observers,
            # including a professor at the University of X") say nothing of what the mention is
            appos = ""
        # "The team's coach, Sarah Kim", "One pastor, Darran Whiting of Liberty Church": the name
        # is the apposition, up to its first word that is no name.
        appos_name = leading_name(clean_mention(appos))
        if (
            appos
            and not plausible_name(split_title(clean_mention(name_part))[1])
            and plausible_name(split_title(appos_name)[1])
        ):
            name_part, appos = appos_name, name_part
        cleaned = clean_mention(name_part)
        words = cleaned.split()
        first = words[0].lower() if words else ""
        if first in PRONOUNS and len(words) == 2 and words[1].lower() in {"both", "all"}:
            return unknown(text), None  # a group of people ("they both"): no single speaker
        if first in PRONOUNS and len(words) == 1:
            return self.antecedents.pronoun(first, start, 0)
        relative = self._relative_mention(words, start, text, mention.end)
        if relative is not None:
            return relative
        handle = re.search(r"@\w+", text)
        if not plausible_name(split_title(cleaned)[1]) and handle:
            # "US President @JoeBiden": the handle may spell a person the article names.
            person = self.entities.find_person(handle_to_name(handle.group()), before=mention.end)
            if person is not None:
                return person.ref("named", CONFIDENCE["named_weak"]), person
        if not words:
            return unknown(text), None
        group = self._group(text, name_part, start, mention.end)
        if group is not None:
            return group
        named = (
            self._person_behind_place(start, mention.end)
            or self._named(cleaned, appos, start, mention.end)
            or self._appositive(start, mention.end)
        )
        if named is not None:
            return named
        return self._description(text, cleaned, start, mention.end)

    def _group(self, text: str, name_part: str, start: int, end: int) -> tuple[SpeakerRef, Entity] | None:
        """Several people named or implied by the mention, one unnamed source of the article."""
        article = self.entities
        plural = plural_antecedent(article, start, end)
        if plural is not None:
            # "Govs. Ann Lutz and Ray Kolb, who say": the plural verb makes both the speaker
            anon = article.anonymous(clean_mention(article.text[plural[0] : plural[1]]), *plural, plural=True)
            return anon.ref("anonymous", CONFIDENCE["anonymous"]), anon
        if named_group(article, start, end) or article.family(clean_mention(name_part)):
            # "Jeb Bush and Chris Christie said": several people, no single speaker, named by the
            # names without the apposition after them ("..., the Gold Star parents whose ...").
            names = self._coordinated_names(start, end) or name_part
            anon = article.anonymous(clean_mention(names) or clean_mention(text), start, end, plural=True)
            return anon.ref("anonymous", CONFIDENCE["anonymous"]), anon
        return None

    def _coordinated_names(self, start: int, end: int) -> str:
        """The text of the mention's own coordination, through its last conjunct: "Donald Trump, Paul
        Ryan and RNC Chairman Reince Priebus" whole (the first comma is no apposition there); ''."""
        article = self.entities
        root = mention_root(article, start, end)
        if root is None:
            return ""
        last = root
        while (nxt := next((c for c in last.children if c.dep_ == "conj" and c.idx < end), None)) is not None:
            last = nxt
        if last.i == root.i:
            return ""
        right = last  # the last name with its place ("Marco Rubio of Florida"), not a clause after it
        for child in last.rights:
            if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj"):
                break
            right = child.right_edge
        return article.text[start : min(end, right.idx + len(right))]

    def _person_behind_place(self, start: int, end: int) -> tuple[SpeakerRef, Entity] | None:
        """A "who" the parse hung on the place or organisation after a person: "said Alan Berger, a
        doctor from Englewood, New Jersey, who said ..." is Berger (a "who" is never a place)."""
        article = self.entities
        span = article.doc.char_span(start, end, alignment_mode="expand") if article.has_parse else None
        if span is None or not len(span):
            return None
        # "Middle East Peace, who frequently": the mention may run on into the clause's adverbs
        who = next((t for t in reversed(span) if t.pos_ != "ADV"), span[-1])
        if who.lower_ != "who" or who.head.dep_ != "relcl":
            return None
        tok = who.head.head
        if tok.ent_type_ not in ("GPE", "LOC", "ORG", "FAC"):
            return None
        for _ in range(6):  # up through "of/from/at <place>" and the appositions around it
            if tok.ent_type_ == "PERSON":
                person = article.entity_at(tok.idx, tok.idx + len(tok))
                if person is None or person.kind != "person":
                    return None
                return person.ref("apposition", CONFIDENCE["apposition"]), person
            if tok.dep_ not in ("pobj", "prep", "appos", "compound", "conj") or tok.head == tok:
                return None
            tok = tok.head
        return None

    def _without_trailing_time(self, text: str, start: int) -> str:
        """The mention without a date or time the parse ran into it: "Roe Sunday night" → "Roe"."""
        article = self.entities
        if not article.has_ner:
            return text
        span = article.doc.char_span(start, start + len(text), alignment_mode="expand")
        if span is None or len(span) < 2:
            return text
        cut = len(span)
        while cut > 1 and span[cut - 1].ent_type_ in ("DATE", "TIME"):
            cut -= 1
        if cut == len(span) or span[cut - 1].pos_ != "PROPN":
            return text  # "the 46-year-old" is no name with a date run into it
        return text[: span[cut - 1].idx + len(span[cut - 1]) - start]

    def _named(self, cleaned: str, appos: str, start: int, end: int) -> tuple[SpeakerRef, Entity] | None:
        """A mention that names a person: one seen in the article, or a new one."""
        article = self.entities
        if appos and org_head(_PREPOSITION_CUT.split(normalize_description(appos))[0]):
            # "Xinhua, the official Chinese news agency": an organisation named by its apposition.
            org = article.organization(cleaned, start, start + len(cleaned))
            return org.ref("organization", CONFIDENCE["organization"]), org
        role, rest = split_title(cleaned)
        described = cleaned.split()[0].lower() in DEFINITE | INDEFINITE and not article.possessor_opens(start, end)
        if described or not plausible_name(rest):
            known = None if described or " " in rest else article.find_person(rest, before=end)
            if known is not None:
                # "King said", a surname that is also a title, after "Rep. Pete King"
                return known.ref("named", CONFIDENCE["named"]), known
            # Noise around a name ("— President Biden ( ) July 26"): trust a PERSON entity inside.
            inner = self._inner_person(start, end)
            if not inner or described or article.common_head(start, end):
                return None  # "Trump's rivals" are not Trump
            role, rest = split_title(inner)
        rest = proper_name(article.doc, rest, start, end)
        role, rest = (role, rest) if role else split_title(rest)
        gender = parse_person_name(rest).gender
        rest = bare_person_name(rest)
        if not plausible_name(rest):
            return None
        person = article.find_person(rest, before=end, gender=gender, role=role)
        appos_role = drop_article(appos) if head_title(appos) else ""
        if person is not None:
            if appos_role:
                person.roles.setdefault(appos_role, "apposition")
            return person.ref("named", CONFIDENCE["named"]), person
        if article.is_org_entity(start, end) and not appos_role:
            return None  # "Pambakian, a Tinder spokeswoman" is a person, whatever NER calls her
        if article.overlaps_label(start, end, "PERSON") or len(rest.split()) >= 2 or not article.has_ner:
            person = article.add_person(rest, start, end, gender=gender, role=role)
            if role:
                person.roles.setdefault(role, "title")
            if appos_role:
                person.roles.setdefault(appos_role, "apposition")
            return person.ref("named", CONFIDENCE["named_weak"]), person
        return None

    def _appositive(self, start: int, end: int) -> tuple[SpeakerRef, Entity] | None:
        """A description in apposition to a person named just before it: "said Lionel Sosa, a media
        consultant and an influential Hispanic Republican who ..." is Sosa."""
        root = mention_root(self.entities, start, end)
        if root is None or root.pos_ not in ("NOUN", "PROPN") or root.ent_type_ == "PERSON":
            return None
        head = root
        while head.dep_ in ("appos", "conj") and head.head != head and head.head.i < head.i:
            head = head.head
        if (
            head.i == root.i
            or head.idx >= start
            or head.ent_type_ != "PERSON"
            or not any(t.dep_ == "appos" for t in (root, *root.ancestors) if t.i > head.i)
        ):
            return None
        person = self.entities.entity_at(head.idx, head.idx + len(head))
        if person is None or person.kind != "person":
            return None
        return person.ref("apposition", CONFIDENCE["apposition"]), person

    def _inner_person(self, start: int, end: int) -> str:
        """The PERSON entity that heads a noisy mention: the one holding its syntactic root ("Clinton
        spokeswoman Jennifer Palmieri"), else the first that is no possessor or group member; or ''."""
        article = self.entities
        inner = [
            e
            for e in article.ents
            if e.label_ == "PERSON"
            and start <= e.start_char
            and e.end_char <= end
            and plausible_name(split_title(clean_mention(e.text))[1])
        ]
        root = mention_root(article, start, end)
        if root is not None:
            holding = [e for e in inner if e.start <= root.i < e.end]
            if holding:
                return clean_mention(holding[0].text)
            if root.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in root.children):
                return ""  # "Democrats -- including Clinton", "Clinton and the DNC": a group
            inner = [e for e in inner if e.root.dep_ != "poss" and e.root.head.dep_ != "poss"]
        # The first person named heads the mention; later ones sit in its modifiers.
        return clean_mention(inner[0].text) if inner else ""

    def _trimmed(self, text: str, start: int, end: int) -> str:
        """A description cut after its head noun and "of" phrases: "a statement to do X" → "a statement"."""
        doc = self.entities.doc
        span = doc.char_span(start, end, alignment_mode="expand") if self.entities.has_parse else None
        if span is None or not len(span):
            return text
        root = span.root
        last = root.i
        for child in root.rights:
            if child.i >= span.end:
                break
            # "of" and affiliation phrases stay: "a spokesperson for the council".
            if (child.dep_ == "prep" and child.lower_ in _KEPT_PREPOSITIONS) or child.dep_ in (
                "compound",
                "amod",
                "cc",
                "conj",
            ):
                last = max(last, *(t.i for t in child.subtree if t.i < span.end))
            else:
                break
        return doc[span.start : last + 1].text

    def _description(self, text: str, cleaned: str, start: int, end: int) -> tuple[SpeakerRef, Entity | None]:
        """An anonymous source, an organisation or document, or a title standing for a person."""
        article = self.entities
        cleaned = clean_mention(self._trimmed(cleaned, start, end)) or cleaned
        words = cleaned.split()
        det = words[0].lower()
        desc = normalize_description(cleaned) or normalize_description(" ".join(words[1:]))
        head = description_head(desc)
        root = mention_root(self.entities, start, end)
        owned = self._thing_speaking(root, text)
        if owned is not None:
            return owned
        if root is not None and root.pos_ == "NOUN" and root.lower_ in anonymous_heads():
            head = root.lower_  # "people close to the campaign" is headed by "people"
        title = final_title(desc)
        plural = head.endswith("s") or article.plural_head(start, end)  # "people close to the campaign"
        # Bare plurals, possessed ones too ("Trump's rivals"): a group of unnamed people.
        common = not article.proper_at(start) or article.common_head(start, end)
        plural_bare = det not in DEFINITE and common and plural
        core = description_core(desc)
        personal = head in anonymous_heads() or ends_with_title(desc, title) or ends_with_title(core, head_title(core))
        # "The Arizona Republican" is one person the article introduced, not a group.
        group = article.people_group(start, end) and not (det in DEFINITE and not plural)
        if (det in INDEFINITE or plural_bare or group) and (personal or group):
            anon = article.anonymous(desc, start, end, plural=head.endswith("s") and det != "a")
            return anon.ref("anonymous", CONFIDENCE["anonymous"]), anon
        if det in DEFINITE and not plural and article.people_group(start, end):
            return self.descriptions.title(desc, start, text)
        group_of = members(article, cleaned, det, root, start, end)
        if group_of is not None:
            return group_of
        body = normalize_organization(cleaned)
        unnamed_org = self._unnamed_organization(cleaned, desc, root, start, end)
        if unnamed_org is not None:
            return unnamed_org
        if article.is_org_entity(start, end) or org_head(body):
            if det in DEFINITE and body == body.lower() and not article.is_org_entity(start, end):
                return self.descriptions.generic_organization(cleaned, start, end)
            org = article.organization(cleaned, start, end)
            return org.ref("organization", CONFIDENCE["organization"]), org
        if det not in INDEFINITE and (ends_with_title(desc, title) or _AGED.fullmatch(head)):
            return self.descriptions.title(desc, start, text)
        if det not in INDEFINITE and head in anonymous_heads():
            return self.descriptions.anonymous_back(desc, start, end)
        if head in KIN and POSSESSED.match(cleaned):
            # "his mother", "Trump's daughter" unnamed: someone of this article, never the person.
            anon = article.anonymous(desc, start, end, plural=False)
            return anon.ref("anonymous", CONFIDENCE["anonymous_bare"]), anon
        owned = self._possessor_of_thing(root)
        if owned is not None:
            return owned
        return unnamed(self.entities, text, cleaned, det, root, start, end)

    def _thing_speaking(self, root: Token | None, text: str) -> tuple[SpeakerRef, Entity | None] | None:
        """A mention headed by a thing: its owner speaking, else no one; None when the head can speak."""
        if root is None:
            return None
        if cannot_speak(root):
            # "His appointment of X to the drafting committee suggests ...": a thing speaks for its
            # owner, if any, never for a body or group named in its modifiers
            return self._possessor_of_thing(root) or (unknown(text), None)
        message = share_of_message(root)
        if message is not None:
            # "More than half of Clinton's address was devoted to criticizing ...": her words
            return self._possessor_of_thing(message, subject=root) or (unknown(text), None)
        return None

    def _possessor_of_thing(
        self, root: Token | None, subject: Token | None = None
    ) -> tuple[SpeakerRef, Entity | None] | None:
        """ "his speech", "the senator's remarks": a thing that speaks for whoever owns it (``subject``:
        the phrase's head when the thing sits inside it, "half of her address")."""
        # "slammed her record" is no one speaking: only a subject speaks (or the unattached noun a
        # verb misread as one makes, "Kolb's allies bristle at ...")
        role = (subject or root).dep_ if root is not None else ""
        if root is None or root.pos_ != "NOUN" or (role not in SUBJECT_DEPS and role != "dep"):
            return None
        word = root.lower_
        if word in anonymous_heads() or word in KIN or word in COLLECTIVES or head_title(word):
            return None  # "his aide", "her mother", "his family": people of their own, not the possessor
        owner = next((c for c in root.children if c.dep_ == "poss"), None)
        if owner is None:
            return None
        people = next((c for c in root.lefts if c.dep_ == "compound" and c.i > owner.i and names_people(c)), None)
        if people is not None:
            # "Kolb's allies bristle at ...": the verb read as a noun the people modify; the allies speak
            start, end = owner.left_edge.idx, people.idx + len(people)
            anon = self.entities.anonymous(clean_mention(self.entities.text[start:end]), start, end, plural=True)
            return anon.ref("anonymous", CONFIDENCE["anonymous_bare"]), anon
        if role not in SUBJECT_DEPS:
            return None
        found = self._issuer(owner)
        if found is None or found[1] is None or found[1].kind != "person":
            return None  # "America’s role in Iraq" speaks for no one
        ref, entity = found
        ref.confidence = CONFIDENCE["pronoun_recent"]  # read through a possession: weaker
        return ref, entity

    def _unnamed_organization(
        self, cleaned: str, desc: str, root: Token | None, start: int, end: int
    ) -> tuple[SpeakerRef, Entity | None] | None:
        """An organisation or document the mention describes without naming: a document credited to
        its issuer, "his campaign" to whoever "his" is, "a civil rights group" an unnamed source."""
        article = self.entities
        if root is None:
            return None
        body = normalize_organization(cleaned)
        # "a statement from Acme" too, and "a study by the Council of the Great City Schools"
        if article.unnamed_document(description_core(body)) or root.lower_ in study_heads():
            return self._issued(root, start)
        if not org_head(body) or article.is_org_entity(start, end):
            return None
        if cleaned.split()[0].lower() in POSSESSIVE_PRONOUNS:
            return self._owned_organization(cleaned, root, start, end)
        if cleaned.split()[0].lower() in INDEFINITE:
            anon = article.anonymous(desc, start, end, plural=root.tag_ in ("NNS", "NNPS"))
            return anon.ref("anonymous", CONFIDENCE["anonymous"]), anon
        return None

    def _issued(self, head: Token, pos: int) -> tuple[SpeakerRef, Entity | None] | None:
        """A document credited to its issuer: the one its own phrase or parse names ("a statement
        from the campaign", "X said in a statement"), else the issuer of the last document of the
        same kind mentioned before it ("X released a report ... the report said")."""
        article = self.entities
        earlier = [
            c.root
            for c in reversed(article.chunks)
            if c.end_char <= pos and _same_noun(c.root, head) and not article.in_quote(c.start_char)
        ]
        study = head.lower_ in study_heads()
        if study and not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children):
            earlier = []  # "a new poll" is another poll than the one named before
        for doc_head in [head, *earlier[:3]]:
            issuer = author_of(doc_head) if study else issuer_of(doc_head)
            found = None if issuer is None else self._author(issuer) if study else self._issuer(issuer)
            if found is not None:
                return found
        return None

    def _author(self, issuer: Token) -> tuple[SpeakerRef, Entity | None] | None:
        """The organisation the name of a poll's or study's author stands for ("NBC-Wall Street Journal", never read as
        a person's name), or the person NER names ("a survey by analyst Jane Roe")."""
        article = self.entities
        start, end = author_phrase(issuer)
        name = article.text[start:end]
        named_person = article.overlaps_label(start, end, "PERSON")
        if issuer.lower_ in POSSESSIVE_PRONOUNS or not drop_article(name)[:1].isupper() or named_person:
            return self._issuer(issuer)
        if article.in_quote(start):
            return None
        org = article.organization(name, start, end)
        return org.ref("organization", CONFIDENCE["organization"] - 0.1), org

    def _issuer(self, issuer: Token) -> tuple[SpeakerRef, Entity | None] | None:
        """The person or named organisation the issuer token stands for, or None."""
        article = self.entities
        if article.in_quote(issuer.idx):
            return None
        if issuer.lower_ in POSSESSIVE_PRONOUNS:
            _, entity = self.antecedents.pronoun(POSSESSIVE_PRONOUNS[issuer.lower_], issuer.idx, 0)
        else:
            start, end = phrase_of(issuer)
            if article.unnamed_document(article.text[start:end]):
                return None  # a document issued by a document: nothing gained
            _, entity = self.read(Span(article.text[start:end], start, end))
        if entity is None or entity.kind not in ("person", "organization") or entity.scoped:
            return None
        how: ResolutionHow = "organization" if entity.kind == "organization" else "named"
        return entity.ref(how, CONFIDENCE["organization"] - 0.1), entity

    def _owned_organization(
        self, cleaned: str, root: Token, start: int, end: int
    ) -> tuple[SpeakerRef, Entity | None] | None:
        """ "his campaign": the organisation named by whoever the possessive stands for ("Jane Roe's campaign")."""
        owner = next((c for c in root.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
        if owner is None:
            return None
        _, entity = self.antecedents.pronoun(POSSESSIVE_PRONOUNS[owner.lower_], owner.idx, 0)
        if entity is None or entity.kind not in ("person", "organization"):
            return None
        rest = cleaned.split(" ", 1)[1] if " " in cleaned else cleaned
        org = self.entities.organization(f"{entity.name}'s {rest}", start, end)
        return org.ref("organization", CONFIDENCE["organization"] - 0.1), org

    def _relative_mention(
        self, words: list[str], start: int, text: str, end: int
    ) -> tuple[SpeakerRef, Entity | None] | None:
        """A mention that is a relative pronoun ("who", "who’ve") or opens with "whose", read through
        its antecedent; None for any other mention."""
        first = words[0].lower() if words else ""
        if _CLITIC.sub("", first) in RELATIVES | {"whose"} and len(words) == 1:
            return self._relative(start, text)
        if first == "whose" and len(words) >= 2:
            return self._whose(start, end)
        return None

    def _whose(self, start: int, end: int) -> tuple[SpeakerRef, Entity] | None:
        """ "Admiral Harris, whose task is to recommend options": a thing of the one the clause hangs
        on speaks for that one; "whose aide said" is the aide, someone else."""
        article = self.entities
        span = article.doc.char_span(start, end, alignment_mode="expand") if article.has_parse else None
        if span is None or span[0].lower_ != "whose":
            return None
        owned = span[0].head
        if owned.pos_ != "NOUN" or owned.lower_ in anonymous_heads() or owned.lower_ in KIN or head_title(owned.lower_):
            return None
        if owned.lower_ in COLLECTIVES or org_head(owned.lower_):
            return None  # "whose campaign said": the campaign's, read as an organisation elsewhere
        clause = next((t for t in owned.ancestors if t.dep_ == "relcl"), None)
        if clause is None:
            return None
        noun = clause.head
        entity = article.entity_at(noun.idx, noun.idx + len(noun))
        if entity is None or entity.kind != "person":
            return None
        return entity.ref("pronoun", CONFIDENCE["pronoun_recent"]), entity

    def _relative(self, start: int, text: str) -> tuple[SpeakerRef, Entity | None]:
        """ "a joint statement which said": the noun the relative clause hangs on."""
        article = self.entities
        plural = plural_antecedent(article, start, start + len(text))
        if plural is not None:
            anon = article.anonymous(clean_mention(article.text[plural[0] : plural[1]]), *plural, plural=True)
            return anon.ref("anonymous", CONFIDENCE["anonymous"]), anon
        span = article.doc.char_span(start, start + len(text), alignment_mode="expand")
        if span is not None and article.has_parse:
            tok = next((t for t in span if t.lower_ in RELATIVES | {"whose"}), span.root)
            if tok.lower_ == "whose" and tok.dep_ == "poss":
                tok = tok.head  # "the admiral, whose task is to ...": the clause is the possessed noun's
            noun = _antecedent(tok)
            if noun is not None:
                chunk = next((c for c in article.chunks if c.start <= noun.i < c.end), None)
                if chunk is not None:
                    found = article.describe(chunk.text, chunk.start_char, chunk.end_char, noun.tag_ == "NNS")
                    if found is not None:
                        how: ResolutionHow = "organization" if found.kind == "organization" else "anonymous"
                        return found.ref(how, CONFIDENCE[how]), found
                    return self.read(Span(chunk.text, chunk.start_char, chunk.end_char))
        return unknown(text), None


def _same_noun(a: Token, b: Token) -> bool:
    """Whether two nouns are one word, singular or plural ("report", "reports")."""
    # by form: the analysis runs no lemmatiser, and empty lemmas would make every noun one
    return a.lower_.removesuffix("s") == b.lower_.removesuffix("s")
