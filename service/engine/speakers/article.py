"""One article's parsed text read once: sentences, subjects, entities, noun chunks, paragraphs and
quotation spans, and the questions about a phrase's head that speaker resolution asks."""

from __future__ import annotations

import bisect
import itertools
import re

from spacy.tokens import Doc, Token

from service.engine.speakers.entity import SUBJECT_DEPS
from service.engine.types import Quote


class ArticleText:
    """The Doc of one article and what is read off it once (spaCy rebuilds some on every access)."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        self.doc = doc
        self.text = doc.text
        self.quoted = sorted((q.start, q.end) for q in quotes if q.kind in ("direct", "partial"))
        self._quote_starts = [s for s, _ in self.quoted]
        self._quote_reach = list(itertools.accumulate((e for _, e in self.quoted), max))  # furthest end so far
        self.has_ner = doc.has_annotation("ENT_IOB")
        self.has_parse = doc.has_annotation("DEP")
        self.sents = list(doc.sents) if self.has_parse else []
        self._sent_starts = [sent.start for sent in self.sents]
        self._subjects: dict[int, tuple[list[Token], list[int], list[Token], list[int]]] = {}
        self.ents = list(doc.ents) if self.has_ner else []
        self.chunks = list(doc.noun_chunks) if self.has_parse else []
        # Start offsets of the non-blank lines: paragraphs, for "how far back" questions.
        self.line_starts = [m.start() for m in re.finditer(r"(?m)^(?=[ \t]*\S)", self.text)] or [0]

    def in_quote(self, pos: int) -> bool:
        """Whether a character offset lies inside a direct or partial quotation."""
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and self._quote_reach[i] > pos

    def subjects_in(self, sent: int, before: int) -> tuple[list[Token], list[Token]]:
        """The subject tokens of sentence ``sent`` before token ``before``: the main clause's, then the others."""
        if sent not in self._subjects:
            found = [t for t in self.sents[sent] if t.dep_ in SUBJECT_DEPS]
            main = [t for t in found if t.head.dep_ == "ROOT"]
            rest = [t for t in found if t.head.dep_ != "ROOT"]
            self._subjects[sent] = (main, [t.i for t in main], rest, [t.i for t in rest])
        main, main_at, rest, rest_at = self._subjects[sent]
        return main[: bisect.bisect_left(main_at, before)], rest[: bisect.bisect_left(rest_at, before)]

    def sentence_index(self, token: int) -> int:
        """Index in ``sents`` of the sentence holding token ``token`` (0 when there is none)."""
        return max(0, bisect.bisect_right(self._sent_starts, token) - 1)

    def line_of(self, pos: int) -> int:
        """Index of the non-blank line (paragraph) holding ``pos``."""
        return bisect.bisect_right(self.line_starts, pos) - 1

    def proper_at(self, start: int) -> bool:
        """Whether the word at ``start`` is a proper noun ("Senior officials" at a sentence start is not)."""
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok = span[0]
        return tok.pos_ == "PROPN" if self.has_parse or tok.pos_ else tok.text[:1].isupper()

    def overlaps_label(self, start: int, end: int, label: str) -> bool:
        """Whether an NER entity with this label overlaps the character range."""
        return any(e.label_ == label and e.start_char < end and start < e.end_char for e in self.ents)

    def is_org_entity(self, start: int, end: int) -> bool:
        """A mention that NER calls an organisation or place (metonymy: "Washington said")."""
        if not self.has_ner:
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        # The head decides: "a senior United States official" is a person, "the U.S." is not.
        head = span.root if self.has_parse else span[-1]
        return head.ent_type_ in ("ORG", "GPE", "NORP")

    def _head(self, start: int, end: int) -> Token | None:
        """The syntactic head of the text at ``start:end`` (its last token without a parse)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        return span.root if self.has_parse else span[-1]

    def possessor_opens(self, start: int, end: int) -> bool:
        """Whether the phrase's first word is the determiner of a possessor before its head ("The"
        of "The Sierra Club's president Maria Gonzalez"), not the phrase's own ("the senator")."""
        span = self.doc.char_span(start, end, alignment_mode="expand") if self.has_parse else None
        if span is None or not len(span):
            return False
        first = span[0]
        return first.dep_ == "det" and first.head.dep_ == "poss" and first.head.i < span.root.i

    def subject_at(self, start: int, end: int) -> bool:
        """Whether the phrase at ``start:end`` is the subject of a clause."""
        head = self._head(start, end) if self.has_parse else None
        return head is not None and head.dep_ in SUBJECT_DEPS

    def in_passing(self, start: int, end: int) -> bool:
        """Whether the phrase at ``start:end`` is the object of a preposition inside another noun's
        phrase ("the administration of former President X"): named in passing."""
        head = self._head(start, end) if self.has_parse else None
        if head is None or head.dep_ != "pobj" or head.head.dep_ != "prep":
            return False
        return head.head.head.pos_ in ("NOUN", "PROPN")

    def common_head(self, start: int, end: int) -> bool:
        """Whether the phrase is headed by a common noun ("Trump's rivals", "his wife's lawyer")."""
        head = self._head(start, end) if self.has_parse else None
        if head is None or head.pos_ != "NOUN" or head.ent_type_ == "PERSON":
            return False
        # "Planned Parenthood's president Cecile Richards": a role noun with the name right after it
        # is a title before a name, not a common noun the name only modifies
        return not any(
            c.dep_ == "appos" and c.ent_type_ == "PERSON" and c.left_edge.i == head.i + 1 for c in head.rights
        )

    def plural_head(self, start: int, end: int) -> bool:
        """Whether the phrase is headed by a plural noun by the tagger ("people", "women")."""
        head = self._head(start, end) if self.has_parse else None
        return head is not None and head.tag_ in ("NNS", "NNPS")

    def people_group(self, start: int, end: int) -> bool:
        """A nationality, religion or party standing for people ("Republicans", "a Democrat"):
        an anonymous source rather than an organisation."""
        if not self.has_ner:
            return False
        head = self._head(start, end)
        # "another New Hampshire Democrat" is one such person: anonymous too.
        return head is not None and head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS", "NNP", "NN")
