"""Annotating an article with only the spaCy components its rules read, paragraph by paragraph.

The parser (and the tagger and tok2vec it listens to) runs on the paragraphs that hold a cue
word or a quotation mark, and on the paragraph before each of them (a colon cue, the subject a
pronoun refers back to); NER runs on the paragraphs where speakers are looked for and the ones
before them, and there only around their capitalised words and numbers
(``service.engine.entities``). Every paragraph is tokenised; the pieces are joined into one
``Doc`` whose text is the article's, so character offsets are the article's own, and every piece keeps its own
sentences (an unparsed piece's cut at its punctuation), so no sentence runs past its paragraph.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Sentencizer
from spacy.tokens import Doc

from service.engine.attributes import TableRuler
from service.engine.budget import check_deadline
from service.engine.entities import windowed_ner
from service.engine.lexicon import cue_words
from service.engine.marks import Paragraph, paragraphs

# components that produce the tags and the parse, and the ones that produce entities
PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler")
# run by ``TableRuler`` instead, after the model: the same attributes for a fraction of the CPU
RULER = "attribute_ruler"
NER_PIPES = ("ner",)
BATCH_SIZE = 64
# A model batch also stops at this many characters: the model's working memory (about 3 KiB a
# character for the parser) is the batch's, so peak memory stays bounded whatever the article's length.
BATCH_CHARS = 10_000
# Longer paragraphs are parsed in windows: a parse tree, a sentence and every rule's walk over
# them then stay bounded, so the work grows linearly with the article (news paragraphs are shorter).
MAX_PIECE_CHARS = 3000
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z]+")
_MARK = re.compile(r"[\"“”„‟«»]")


@dataclass(frozen=True, slots=True)
class Piece(Paragraph):
    """A stretch of the article (a paragraph and the blank text after it) and what it needs."""

    parse: bool
    ner: bool


_SENTENCIZER = Sentencizer()


def sentences(doc: Doc) -> Doc:
    """Mark the sentence starts of an unparsed piece from its punctuation, as a parse would place them."""
    _SENTENCIZER(doc)
    for tok in doc[1:]:
        if tok.is_space and tok.is_sent_start:
            # the blank after a sentence ends it, as the parser attaches it; the next word starts one
            tok.is_sent_start = False
            if tok.i + 1 < len(doc):
                doc[tok.i + 1].is_sent_start = True
    return doc


def needs_parse(paragraph: str) -> bool:
    """Return whether a paragraph holds a cue word, so that the extraction rules read its parse."""
    words = cue_words()
    return any(w in words for w in _WORD.findall(paragraph.lower()))


def plan(text: str) -> list[Piece]:
    """Cut ``text`` into pieces covering it end to end, each marked with the components it needs."""
    paras = paragraphs(text)
    if not paras:
        return [Piece(0, len(text), False, False)] if text else []
    wanted = [needs_parse(text[p.start : p.end]) or bool(_MARK.search(text, p.start, p.end)) for p in paras]
    pieces: list[Piece] = []
    for i, para in enumerate(paras):
        start = 0 if i == 0 else para.start
        end = paras[i + 1].start if i + 1 < len(paras) else len(text)
        near = wanted[i] or (i + 1 < len(paras) and wanted[i + 1])
        pieces.extend(Piece(a, b, near, near) for a, b in windows(text, start, end))
    return pieces


def windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[start:end]`` into stretches of at most ``MAX_PIECE_CHARS``, at sentence ends where possible."""
    while end - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        cut = _last_match(_SENTENCE_END, text, start + MAX_PIECE_CHARS // 2, limit)
        cut = cut or _last_match(_SPACE, text, start + MAX_PIECE_CHARS // 2, limit) or limit
        yield start, cut
        start = cut
    yield start, end


def _last_match(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int:
    """The end of the last match of ``pattern`` inside ``text[lo:hi]``, or 0."""
    last = 0
    for m in pattern.finditer(text, lo, hi):
        last = m.end()
    return last


def _groups(nlp: Language) -> dict[tuple[bool, bool], list[str]]:
    """For each (parse, ner) need, the pipeline components to leave out."""
    present = set(nlp.pipe_names)
    wanted = {
        (parse, ner): {*(PARSE_PIPES if parse else ()), *(NER_PIPES if ner else ())} - {RULER}
        for parse in (False, True)
        for ner in (False, True)
    }
    return {need: sorted(present - names) for need, names in wanted.items()}


@functools.cache
def _table_ruler(ruler: Callable[[Doc], Doc]) -> TableRuler:
    return TableRuler(ruler)  # type: ignore[arg-type]


def _ruler(nlp: Language) -> Callable[[Doc], Doc]:
    """The pipeline's attribute ruler as a table lookup, or nothing to do when it has none."""
    if RULER not in nlp.pipe_names:
        return lambda doc: doc
    pipe = nlp.get_pipe(RULER)
    return _table_ruler(pipe) if isinstance(pipe, AttributeRuler) else pipe


def annotate_many(texts: Iterable[str], nlp: Language, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Yield one annotated ``Doc`` per text, each component batched over the pieces that need it."""
    groups = _groups(nlp)
    ruler = _ruler(nlp)
    entities = windowed_ner(nlp)
    for chunk in _batches(texts, batch_size):
        plans = [plan(t) for t in chunk]
        done: dict[tuple[int, int], Doc] = {}
        for need, disable in groups.items():
            keys = [(a, i) for a, pieces in enumerate(plans) for i, p in enumerate(pieces) if (p.parse, p.ner) == need]
            if not keys:
                continue
            parts = (chunk[a][plans[a][i].start : plans[a][i].end] for a, i in keys)
            parse, ner = need
            # the pipeline's NER runs whole only when it cannot run on windows
            whole = ner and entities is None
            if not parse and not whole:
                docs: Iterable[Doc] = (sentences(nlp.make_doc(part)) for part in parts)
            else:
                off = disable if whole else groups[(parse, False)]
                runs = _by_size(parts, batch_size)
                docs = itertools.chain.from_iterable(nlp.pipe(run, batch_size=len(run), disable=off) for run in runs)
                if parse:
                    docs = map(ruler, docs)
            if ner and entities is not None:
                docs = entities(list(docs))
            for key, doc in zip(keys, docs, strict=True):
                check_deadline()
                done[key] = doc
        for a, text in enumerate(chunk):
            pieces = [done[(a, i)] for i in range(len(plans[a]))]
            yield join(pieces) if pieces else nlp.make_doc(text)


def join(pieces: list[Doc]) -> Doc:
    """One ``Doc`` of the pieces in order, each piece's sentences kept, parsed or not."""
    # the pieces' tensors differ in width (tokenised-only pieces have none): not joined
    joined = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
    # From the joined heads spaCy recomputes every sentence start and finds none in a piece without
    # a parse, which then ran on as part of the parsed sentence before it; the pieces' own starts
    # are written back (SENT_START alone, so the parse is left as it is: no head crosses a piece).
    starts = []
    for piece in pieces:
        own = piece.to_array([SENT_START])
        own[:1] = 1
        starts.append(own)
    # spaCy's stub types to_array as float64; it returns the uint64 that from_array reads
    return joined.from_array([SENT_START], numpy.concatenate(starts))  # type: ignore[arg-type]


def annotate(text: str, nlp: Language) -> Doc:
    """Return the article's ``Doc`` annotated where the rules read it (see the module docstring)."""
    return next(annotate_many([text], nlp))


def _by_size(parts: Iterable[str], size: int) -> Iterator[list[str]]:
    """Group ``parts`` in runs of at most ``size`` items and ``BATCH_CHARS`` characters (one longer part alone)."""
    run: list[str] = []
    chars = 0
    for part in parts:
        if run and (len(run) >= size or chars + len(part) > BATCH_CHARS):
            yield run
            run, chars = [], 0
        run.append(part)
        chars += len(part)
    if run:
        yield run


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
