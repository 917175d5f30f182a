"""Benchmark: family lookup-and-assign latency at 10k / 100k / 1M stored quotes on SQLite.

For each size a fresh SQLite file (temp dir) is bulk-loaded with synthetic multi-outlet
coverage (``bench/family_corpus.py``: remarks printed 1-6 times as typographic variants, edited
variants and fragments) with families and rare-gram postings built exactly as ``assign_family``
would.  Then probe quotes
(60 % variants/fragments of stored remarks, 40 % new remarks) are inserted and assigned through
``service.store.families.assign.assign_family``, one transaction per article of 10 quotes.

Reported: p50/p95/p99 of ``assign_family`` (lookup + verification + writes) in wall-clock and
in thread CPU time (the shared CI cores are often busy; CPU time is the contention-free figure),
the 1M/10k ratios, end-to-end quotes/s (insert + assign + commit), and how often a variant/fragment probe
landed in its remark's family.  Targets (issue 10): p95 <= 2 ms and p99 <= 4 ms at 1M, 1M p95
within 1.3x of 10k, >= 500 quotes/s.

Run: ``PYTHONPATH=. python bench/bench_families.py [--sizes 10000,100000,1000000] [--probes 2000]
[--store-cache DIR]`` (``--store-cache`` keeps each seeded store and reuses a copy on later runs).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import pickle
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import CreateIndex, CreateTable

import bench.family_corpus
import service.engine.families.grams
import service.engine.families.normalize
from bench.family_corpus import OUTLETS, QUOTES_PER_ARTICLE, Corpus, load
from service.engine.types import Quote as EngineQuote
from service.store.articles.models import Article, Quote
from service.store.articles.repository import insert_quotes
from service.store.base import Base
from service.store.db import make_engine
from service.store.families.assign import article_pins, assign_family


def measure(path: Path, corpus: Corpus, fulls: list[str], probes: int, cache_mb: int = 0) -> dict[str, float]:
    """Insert and assign ``probes`` new quotes; return latency percentiles and throughput."""
    engine = make_engine(f"sqlite:///{path}")
    if cache_mb:
        # The page cache and memory map are deployment settings (service.store.db sets them on
        # every connection); other sizes are measured here on request.
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
            dbapi_connection.execute(f"PRAGMA mmap_size={cache_mb * 4 * 1024 * 1024}")

        event.listen(engine, "connect", _pragmas)
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s:
        first_article = (
            int(
                s.execute(
                    Quote.__table__.select()
                    .with_only_columns(Quote.article_id)
                    .order_by(Quote.article_id.desc())
                    .limit(1)
                ).scalar()
                or 0
            )
            + 1
        )
    plan: list[tuple[str, int | None]] = []
    for _ in range(probes):
        if corpus.py.random() < 0.6:
            fid = corpus.py.randrange(len(fulls)) + 1
            plan.append((corpus.render(fulls[fid - 1])[0], fid))
        else:
            plan.append((corpus.remark(), None))
    # A long-running worker would freeze its start-up heap too; the bench's corpus would otherwise
    # make every full garbage collection (a p99 spike) scan millions of strings.
    gc.collect()
    gc.freeze()
    lat: list[float] = []
    cpu: list[float] = []
    hits = known = 0
    start = time.perf_counter()
    for batch in range(0, probes, QUOTES_PER_ARTICLE):
        with maker() as s, s.begin():
            article = first_article + batch // QUOTES_PER_ARTICLE
            items = plan[batch : batch + QUOTES_PER_ARTICLE]
            # The article's quotes are written as ingestion writes them (one statement), then
            # assigned one by one, reading the article's pins once.
            rows = insert_quotes(s, _article(s, article), [_quote(text) for text, _ in items], [None] * len(items))
            pins = article_pins(s, article)
            for q, (_, fid) in zip(rows, items, strict=True):
                t0, c0 = time.perf_counter(), time.thread_time()
                fam = assign_family(s, q, pins).family
                lat.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.thread_time() - c0) * 1000)
                if fid is not None:
                    known += 1
                    hits += fam.id == fid
    elapsed = time.perf_counter() - start
    engine.dispose()
    q = statistics.quantiles(lat, n=100)
    c = statistics.quantiles(cpu, n=100)
    return {
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
        "cpu_p50": c[49],
        "cpu_p95": c[94],
        "cpu_p99": c[98],
        "qps": probes / elapsed,
        "joined_right": hits / known if known else 1.0,
    }


def _article(s: Session, article: int) -> Article:
    outlet = (article % OUTLETS) + 1
    row = Article(id=article, outlet_id=outlet, external_id=f"probe{article}", text="", content_hash="")
    s.add(row)
    s.flush()
    return row


def _quote(text: str) -> EngineQuote:
    return EngineQuote(text=text, start=0, end=len(text), kind="direct", confidence=1.0)


def _fingerprint(size: int, seed: int) -> str:
    # A cached store is reused only if the generator, the key/gram rules and the schema are
    # unchanged: any of them changes what would have been seeded.
    h = hashlib.sha256(f"{size}:{seed}".encode())
    for module in (bench.family_corpus, service.engine.families.grams, service.engine.families.normalize):
        h.update(Path(str(module.__file__)).read_bytes())
    engine = make_engine("sqlite://")
    for table in Base.metadata.sorted_tables:
        h.update(str(CreateTable(table).compile(engine)).encode())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            h.update(str(CreateIndex(index).compile(engine)).encode())
    engine.dispose()
    return h.hexdigest()[:16]


def _settle(path: Path) -> None:
    # A running store has neither of a fresh copy's handicaps: up to its size in dirty pages (the
    # kernel's write-back throttling would stall the measured writes) and, where the copy was made
    # by the file system without passing through memory, no page of it in the page cache (every
    # first read would wait for the disk).
    with path.open("rb+") as f:
        os.fsync(f.fileno())
        while f.read(1 << 24):
            pass


def seeded(path: Path, size: int, seed: int, cache: Path | None) -> tuple[Corpus, list[str], str]:
    """Seed ``path`` with ``size`` quotes (copied from ``cache`` when seeded there before); return the corpus."""
    corpus = Corpus(seed)
    if cache is None:
        fulls = load(path, corpus, size)
        _settle(path)
        return corpus, fulls, "seeded"
    cache.mkdir(parents=True, exist_ok=True)
    stem = cache / f"families_{size}_{seed}_{_fingerprint(size, seed)}"
    db, meta = stem.with_suffix(".sqlite3"), stem.with_suffix(".pickle")
    if not (db.exists() and meta.exists()):
        fulls = load(path, corpus, size)
        shutil.copyfile(path, db)
        _settle(path)
        # The generators' states after seeding: the probes drawn next are then the same.
        meta.write_bytes(pickle.dumps((fulls, corpus.py.getstate(), corpus.rng.bit_generator.state)))
        return corpus, fulls, "seeded, cached"
    fulls, py_state, np_state = pickle.loads(meta.read_bytes())
    corpus.py.setstate(py_state)
    corpus.rng.bit_generator.state = np_state
    shutil.copyfile(db, path)  # measuring writes to the store: always a fresh copy
    _settle(path)
    return corpus, fulls, "cached"


def main() -> None:
    """Run the benchmark for each requested size and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=0,
        help="override service.store.db's SQLite page cache (and 4x mmap) per connection",
    )
    parser.add_argument(
        "--store-cache",
        type=Path,
        default=None,
        help="directory keeping seeded stores between runs (reused while corpus, key rules and schema are unchanged)",
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench_families_") as tmp:
        for size in sizes:
            path = Path(tmp) / f"families_{size}.sqlite3"
            t0 = time.perf_counter()
            corpus, fulls, how = seeded(path, size, args.seed, args.store_cache)
            load_s = time.perf_counter() - t0
            r = measure(path, corpus, fulls, args.probes, args.cache_mb)
            results[size] = r
            print(
                f"{size:>9,} quotes ({len(fulls):,} families, {how} {load_s:.0f}s): "
                f"assign wall p50/p95/p99 {r['p50']:.2f}/{r['p95']:.2f}/{r['p99']:.2f} ms, "
                f"cpu {r['cpu_p50']:.2f}/{r['cpu_p95']:.2f}/{r['cpu_p99']:.2f} ms; "
                f"{r['qps']:.0f} quotes/s end-to-end  variant/fragment probes joined right {r['joined_right']:.1%}",
                flush=True,
            )
            path.unlink()
    if len(sizes) > 1:
        lo, hi = results[min(sizes)], results[max(sizes)]
        print(
            f"ratio {max(sizes):,}/{min(sizes):,}: wall p95 {hi['p95'] / lo['p95']:.2f}x, "
            f"p99 {hi['p99'] / lo['p99']:.2f}x; cpu p95 {hi['cpu_p95'] / lo['cpu_p95']:.2f}x (target <= 1.3x)"
        )


if __name__ == "__main__":
    main()
