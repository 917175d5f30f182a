"""Back-filling an archive: ``quotes ingest PATH…`` with a progress bar, resumable and parallel.

Inputs are JSONL files whose lines have the ``POST /v1/articles`` shape, or folders (and
single files) of ``.txt``/``.html`` articles. Re-running skips what is already stored
unchanged, so an interrupted backfill resumes where it stopped.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from marshmallow import ValidationError
from tqdm import tqdm

from schemas.articles import ArticleInSchema
from service.config import Config

SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class Tally:
    """What a backfill did so far."""

    outcomes: Counter[str] = field(default_factory=Counter)
    quotes: int = 0
    errors: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def add(self, label: str, outcome: str, quotes: int, error: str | None) -> None:
        """Count one article's outcome."""
        self.outcomes[outcome] += 1
        self.quotes += quotes
        if error is not None and len(self.errors) < 20:
            self.errors.append(f"{label}: {error}")

    def summary(self) -> str:
        """Return the closing line: counts, quotes, time and rate."""
        total = sum(self.outcomes.values())
        seconds = time.monotonic() - self.started
        parts = ", ".join(f"{self.outcomes[k]} {k}" for k in ("created", "updated", "unchanged", "failed"))
        rate = total / seconds if seconds > 0 else 0.0
        return f"{total} articles ({parts}), {self.quotes} quotes in {seconds:.1f}s ({rate:.2f} articles/s)"


def articles_in(paths: Iterable[str], outlet: str | None) -> Iterator[tuple[str, Any]]:
    """Yield (label, request body) for every article under ``paths``, in a stable order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()):
                yield str(file), _file_body(file, path, outlet or path.resolve().name)
        elif path.suffix.lower() == ".jsonl":
            with path.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    if line.strip():
                        yield f"{path}:{number}", _json_line(line)
        else:
            yield str(path), _file_body(path, path.parent, outlet or path.resolve().parent.name)


def count_articles(paths: Iterable[str]) -> int:
    """Return how many articles ``articles_in`` will yield, without reading their text."""
    total = 0
    for name in paths:
        path = Path(name)
        if path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        elif path.suffix.lower() == ".jsonl":
            with path.open(encoding="utf-8") as lines:
                total += sum(1 for line in lines if line.strip())
        else:
            total += 1
    return total


def _json_line(line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return {"__error__": f"not JSON: {exc}"}


def _file_body(file: Path, root: Path, outlet: str) -> dict[str, str]:
    content = file.read_bytes().decode("utf-8", errors="replace")
    key = "html" if file.suffix.lower() in (".html", ".htm") else "text"
    external_id = file.relative_to(root).as_posix() if file != root else file.name
    return {"outlet": outlet, "external_id": external_id, key: content}


# --- one article, in this process or a worker process: the model and database are per process.

_state: dict[str, Any] = {}


def _init_process(url: str, nlp: Any) -> None:
    from service.store.db import Database

    _state["db"] = Database(url)
    _state["nlp"] = nlp


def ingest_one(item: tuple[str, Any]) -> tuple[str, str, int, str | None]:
    """Ingest one (label, body); return (label, outcome, quotes stored, error)."""
    from sqlalchemy import func, select

    from service.ingest import ArticleInput, ingest
    from service.store.articles.models import Quote

    label, body = item
    if isinstance(body, dict) and "__error__" in body:
        return label, "failed", 0, str(body["__error__"])
    try:
        data = ArticleInSchema().load(body if isinstance(body, dict) else {})
    except ValidationError as err:
        return label, "failed", 0, json.dumps(err.messages)
    db = _state["db"]
    try:
        result = ingest(db, _state["nlp"], ArticleInput.from_payload(data))
    except Exception as exc:
        return label, "failed", 0, f"{type(exc).__name__}: {exc}"
    if result.outcome == "unchanged":
        return label, "unchanged", 0, None
    with db.sessions() as session:
        quotes = session.scalar(select(func.count()).select_from(Quote).where(Quote.article_id == result.article_id))
    return label, result.outcome, quotes or 0, None


def run_local(cfg: Config, paths: list[str], outlet: str | None, processes: int, bar: tqdm[Any]) -> Tally:
    """Ingest in this process, or in ``processes`` processes forked after the model has loaded."""
    from service.engine.model import load_model
    from service.memory import freeze_heap

    nlp = load_model(cfg.SPACY_MODEL)
    tally = Tally()
    items = articles_in(paths, outlet)
    if processes <= 1:
        _init_process(cfg.DATABASE_URL, nlp)
        results: Iterable[tuple[str, str, int, str | None]] = map(ingest_one, items)
        _consume(results, tally, bar)
        return tally
    freeze_heap()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init_process, initargs=(cfg.DATABASE_URL, nlp)) as pool:
        _consume(pool.imap(ingest_one, items, chunksize=1), tally, bar)
    return tally


def _consume(results: Iterable[tuple[str, str, int, str | None]], tally: Tally, bar: tqdm[Any]) -> None:
    for label, outcome, quotes, error in results:
        tally.add(label, outcome, quotes, error)
        bar.update(1)
        _show(tally, bar, refresh=False)


def _show(tally: Tally, bar: tqdm[Any], *, refresh: bool) -> None:
    bar.set_postfix(
        quotes=tally.quotes,
        new=tally.outcomes["created"],
        skipped=tally.outcomes["unchanged"],
        failed=tally.outcomes["failed"],
        refresh=refresh,
    )


def run_queue(cfg: Config, paths: list[str], outlet: str | None, bar: tqdm[Any], poll: float = 1.0) -> Tally:
    """Queue the articles as batch jobs for the Celery workers and follow them to the end."""
    from dataclasses import replace

    from sqlalchemy import func, select

    from service import create_app
    from service.jobs.submit import submit
    from service.store.articles.models import Quote
    from service.store.jobs.models import JobItem

    app = create_app(replace(cfg, LOAD_MODEL=False))
    db = app.extensions["quotes"].db
    tally = Tally()
    items = articles_in(paths, outlet)
    job_ids = []
    while chunk := [body for _, body in islice(items, cfg.MAX_BATCH)]:
        job_ids.append(submit(app, "batch", chunk, None))
    finished: set[int] = set()
    while True:
        with db.sessions() as session:
            rows = session.execute(
                select(JobItem.id, JobItem.outcome, JobItem.status, JobItem.article_id, JobItem.problem).where(
                    JobItem.job_id.in_(job_ids), JobItem.status.is_not(None), JobItem.id.not_in(finished or {0})
                )
            ).all()
            for item_id, outcome, status, article_id, problem in rows:
                finished.add(item_id)
                quotes = 0
                if outcome in ("created", "updated"):
                    query = select(func.count()).select_from(Quote).where(Quote.article_id == article_id)
                    quotes = session.scalar(query) or 0
                error = None if status < 400 else json.dumps(problem)
                tally.add(f"item {item_id}", outcome or "failed", quotes, error)
                bar.update(1)
        _show(tally, bar, refresh=True)
        if len(finished) >= bar.total:
            break
        time.sleep(poll)
    db.dispose()
    return tally
