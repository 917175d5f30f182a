"""Named entities read only around the words that can start or hold one.

Every entity the rules read holds a capitalised word or a number: a person, an organisation, a
place, a number, and a date or time only where it runs into a name ("Roe Sunday night"). The NER
model runs on the stretches around them, each with two words of context on either side (on the
dev corpus that left the speakers' scores as they were), instead of on whole paragraphs: about
half the words, and NER is most of the analysis' CPU.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.tokens import Doc, Span, Token

NER = "ner"
# words of context on either side of a capitalised word or a number
CONTEXT = 2
_BATCH = 256
_NAME_TAGS = frozenset({"NNP", "NNPS"})
_FUNCTION_TAGS = frozenset(
    {"PRP", "PRP$", "DT", "PDT", "IN", "CC", "WDT", "WP", "WP$", "WRB", "MD", "EX", "TO", "RB", "UH"}
)


def windowed_ner(nlp: Language) -> Callable[[list[Doc]], list[Doc]] | None:
    """A function setting the entities of tokenised Docs window by window, or None if the pipeline can't."""
    if NER not in nlp.pipe_names:
        return None
    ner = nlp.get_pipe(NER)
    model = getattr(ner, "model", None)
    # a NER that listens to a shared embedding reads the tensor of the whole Doc: it runs in the pipeline
    if model is None or not hasattr(ner, "pipe") or any(isinstance(layer, Tok2VecListener) for layer in model.walk()):
        return None
    return lambda docs: set_entities(docs, ner.pipe)  # type: ignore[attr-defined]


def windows(doc: Doc, context: int = CONTEXT) -> list[tuple[int, int]]:
    """The token ranges around the capitalised words and numbers of ``doc``, merged where they meet."""
    spans: list[tuple[int, int]] = []
    for tok in doc:
        if not _may_hold_entity(tok):
            continue
        start, end = max(0, tok.i - context), min(len(doc), tok.i + context + 1)
        if spans and start <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _may_hold_entity(tok: Token) -> bool:
    # a capitalised pronoun, article or conjunction ("I", "The", "But") starts no entity
    return tok.like_num or tok.tag_ in _NAME_TAGS or (tok.text[:1].isupper() and tok.tag_ not in _FUNCTION_TAGS)


def set_entities(docs: list[Doc], pipe: Callable[..., Iterable[Doc]]) -> list[Doc]:
    """Run ``pipe`` (the NER's) on the windows of each Doc and write what it finds back onto the Doc."""
    plans = [windows(doc) for doc in docs]
    pieces = [_copy(doc, start, end) for doc, spans in zip(docs, plans, strict=True) for start, end in spans]
    found = iter(pipe(pieces, batch_size=_BATCH))
    for doc, spans in zip(docs, plans, strict=True):
        ents = [
            Span(doc, start + ent.start, start + ent.end, label=ent.label)
            for start, _ in spans
            for ent in next(found).ents
        ]
        doc.set_ents(ents, default="outside")
    return docs


def _copy(doc: Doc, start: int, end: int) -> Doc:
    words = doc[start:end]
    return Doc(doc.vocab, words=[t.text for t in words], spaces=[bool(t.whitespace_) for t in words])
