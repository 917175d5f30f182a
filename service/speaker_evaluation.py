"""Speaker-identity evaluation: a corpus ingested through the real ``ingest()`` into a fresh SQLite
database, its stored quotes matched to hand labels of the true person behind them.

Labels are JSON lines ``{"doc", "start", "end", "person", "kind"}``: ``start``/``end`` are the gold
quote's content offsets in the corpus record, ``person`` the true full name (for anonymous sources
the description), ``kind`` one of person, anonymous, organization, unknown. A stored quote matches a
label when their spans, trimmed of marks, punctuation and spaces, overlap by at least 0.3 of their
union (the extraction protocol's lenient threshold); the best-overlapping stored quote wins.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from sqlalchemy import select

from service.engine import names
from service.engine.evaluate import overlap_ratio, read_corpus, trim
from service.ingest import ArticleInput, ingest
from service.store.articles.models import Article, Quote
from service.store.db import Database
from service.store.migrate import upgrade
from service.store.speakers import live
from service.store.speakers.models import Speaker


@dataclass(frozen=True, slots=True)
class Label:
    """The true speaker of one gold quote."""

    doc: str
    start: int
    end: int
    person: str
    kind: str


@dataclass(frozen=True, slots=True)
class StoredQuote:
    """A quote as ingestion stored it: its span and its (live) speaker."""

    start: int
    end: int
    speaker_id: int | None
    name: str
    kind: str
    how: str = ""
    mention: str = ""


@dataclass(frozen=True, slots=True)
class SpeakerReport:
    """Figures of one ingestion order."""

    person_accuracy: float
    purity: float
    mean_splits: float
    anonymous_kept: float
    n_person: int
    n_person_matched: int
    n_anonymous_matched: int
    n_speakers: int


@dataclass(slots=True)
class OrderRun:
    """One ingestion of the corpus: stored quotes per document, in corpus order of their spans."""

    quotes: dict[str, list[StoredQuote]] = field(default_factory=dict)


def read_labels(path: str | Path) -> list[Label]:
    """Return the labels of a JSONL file (blank lines skipped)."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(Label(str(d["doc"]), int(d["start"]), int(d["end"]), str(d["person"]), str(d["kind"])))
    return out


def ingest_corpus(
    docs: list[dict[str, Any]],
    nlp: Language,
    progress: Callable[[int], None] | None = None,
    keep: Path | None = None,
) -> OrderRun:
    """Ingest ``docs`` in the given order into a fresh SQLite database (temporary unless ``keep``
    names the file) and read back every quote."""
    run = OrderRun()
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "speakers.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        upgrade(url)
        db = Database(url)
        try:
            for i, doc in enumerate(docs):
                outlet = str(doc.get("publisher") or "corpus")
                ingest(db, nlp, ArticleInput(outlet=outlet, external_id=str(doc["id"]), text=str(doc["text"])))
                if progress is not None:
                    progress(i + 1)
            read_run(db, run)
        finally:
            db.dispose()
    return run


def read_run(db: Database, run: OrderRun) -> OrderRun:
    """Read every stored quote of ``db`` into ``run``, with its live speaker."""
    with db.sessions() as session:
        rows = session.execute(
            select(Article.external_id, Quote.start, Quote.end, Quote.speaker_id, Quote.speaker_how, Quote.mention_text)
            .join(Article, Quote.article_id == Article.id)
            .order_by(Quote.start)
        ).all()
        cache: dict[int, Speaker | None] = {}
        for ext, start, end, sid, how, mention in rows:
            if sid is not None and sid not in cache:
                cache[sid] = live(session, session.get(Speaker, sid))
            speaker = cache.get(sid) if sid is not None else None
            run.quotes.setdefault(ext, []).append(
                StoredQuote(
                    start,
                    end,
                    speaker.id if speaker else None,
                    speaker.name if speaker else "",
                    speaker.kind if speaker else "",
                    how or "",
                    mention or "",
                )
            )
    return run


THRESHOLD = 0.3  # the overlap a stored quote needs with a label's span to stand for it


def match(label: Label, text: str, stored: Iterable[StoredQuote]) -> StoredQuote | None:
    """The stored quote overlapping the label best, if the overlap reaches the threshold."""
    gold = trim(text, label.start, label.end)
    best, best_ratio = None, THRESHOLD
    for q in stored:
        ratio = overlap_ratio(gold, trim(text, q.start, q.end))
        if ratio >= best_ratio:
            best, best_ratio = q, ratio
    return best


def person_id(name: str) -> str:
    """The form true names are compared by: accents folded, lower case, single spaces."""
    return " ".join(names.ascii_fold(name).lower().split())


def pairs(labels: list[Label], texts: dict[str, str], run: OrderRun) -> list[tuple[Label, StoredQuote]]:
    """Each label with the stored quote that matches it, for the labels some stored quote matches."""
    matched: list[tuple[Label, StoredQuote]] = []
    for label in labels:
        text = texts.get(label.doc)
        found = match(label, text, run.quotes.get(label.doc, [])) if text is not None else None
        if found is not None:
            matched.append((label, found))
    return matched


def tallies(matched: list[tuple[Label, StoredQuote]]) -> tuple[dict[int, Counter[str]], dict[str, set[int]]]:
    """Labelled persons per stored speaker, and stored speakers per labelled person."""
    by_speaker: dict[int, Counter[str]] = defaultdict(Counter)
    by_person: dict[str, set[int]] = defaultdict(set)
    for label, q in matched:
        if label.kind != "person":
            continue
        by_person.setdefault(person_id(label.person), set())
        if q.speaker_id is not None:
            by_speaker[q.speaker_id][person_id(label.person)] += 1
            by_person[person_id(label.person)].add(q.speaker_id)
    return by_speaker, by_person


def person_right(label: Label, q: StoredQuote, majority: dict[int, str]) -> bool:
    """Whether a person label's stored speaker can be that person by name and holds them as its majority."""
    return (
        q.speaker_id is not None
        and q.kind == "person"
        and names.same_person(q.name, label.person)
        and majority.get(q.speaker_id) == person_id(label.person)
    )


def score(labels: list[Label], texts: dict[str, str], run: OrderRun) -> SpeakerReport:
    """Score one run against the labels.

    - *person accuracy*: over labelled person quotes matched by a stored quote, the share whose
      stored speaker is a person whose name can be the labelled person (``names.same_person``)
      and whose majority label (over all its matched person labels) is this person.
    - *purity*: for every stored speaker with matched person labels, the share of them that are
      its majority person; the quote-weighted mean over speakers (total majority counts over
      total labelled quotes).
    - *mean splits*: for every labelled true person, the number of distinct stored speakers its
      matched quotes went to (quotes with no speaker count as none); the mean over people.
    - *anonymous kept anonymous*: over labelled anonymous quotes matched by a stored quote, the
      share whose stored speaker has kind ``anonymous``.
    """
    matched = pairs(labels, texts, run)
    n_person = sum(label.kind == "person" for label in labels)
    by_speaker, by_person = tallies(matched)
    majority = {sid: c.most_common(1)[0][0] for sid, c in by_speaker.items()}
    persons = [(label, q) for label, q in matched if label.kind == "person"]
    right = sum(person_right(label, q, majority) for label, q in persons)
    labelled = sum(sum(c.values()) for c in by_speaker.values())
    pure = sum(c.most_common(1)[0][1] for c in by_speaker.values())
    anonymous = [q for label, q in matched if label.kind == "anonymous"]
    return SpeakerReport(
        person_accuracy=_div(right, len(persons)),
        purity=_div(pure, labelled),
        mean_splits=_div(sum(len(s) for s in by_person.values()), len(by_person)),
        anonymous_kept=_div(sum(q.kind == "anonymous" for q in anonymous), len(anonymous)),
        n_person=n_person,
        n_person_matched=len(persons),
        n_anonymous_matched=len(anonymous),
        n_speakers=len(by_speaker),
    )


def agreement(a: OrderRun, b: OrderRun) -> tuple[float, int]:
    """Share of stored quotes (same article and span in both runs) whose speaker name and kind agree."""
    same = total = 0
    for doc, quotes in a.quotes.items():
        other = {(q.start, q.end): q for q in b.quotes.get(doc, [])}
        for q in quotes:
            twin = other.get((q.start, q.end))
            if twin is None:
                continue
            total += 1
            same += (q.name, q.kind) == (twin.name, twin.kind)
    return _div(same, total), total


def differences(a: OrderRun, b: OrderRun, limit: int = 20) -> list[str]:
    """Up to ``limit`` quotes whose speaker differs between two runs, as "doc start: a | b" lines."""
    out = []
    for doc, quotes in a.quotes.items():
        other = {(q.start, q.end): q for q in b.quotes.get(doc, [])}
        for q in quotes:
            twin = other.get((q.start, q.end))
            if twin is not None and (q.name, q.kind) != (twin.name, twin.kind):
                out.append(f"{doc} {q.start}: {q.name} ({q.kind}) | {twin.name} ({twin.kind})")
                if len(out) >= limit:
                    return out
    return out


def format_report(title: str, report: SpeakerReport) -> str:
    """The figures of one order as aligned lines."""
    return "\n".join(
        [
            f"{title}",
            f"  person accuracy     {report.person_accuracy:.3f}  ({report.n_person_matched} matched"
            f" of {report.n_person} person labels)",
            f"  purity              {report.purity:.3f}  ({report.n_speakers} stored speakers)",
            f"  mean splits         {report.mean_splits:.3f}",
            f"  anonymous kept      {report.anonymous_kept:.3f}  ({report.n_anonymous_matched} matched)",
        ]
    )


def corpus_texts(corpus: str | Path, limit: int | None = None) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The corpus documents and their texts by id."""
    docs = read_corpus(corpus, limit)
    return docs, {str(d["id"]): str(d["text"]) for d in docs}


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0
