"""The ``quotes`` command: serve, migrate, extract and evaluate; the other groups live in ``cli_*`` modules."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from service.config import Config


@click.group()
def main() -> None:
    """Quote attribution service."""


@main.command()
@click.option("--host", default=None, help="Interface to bind (QUOTES_HOST, default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (QUOTES_PORT, default 8000).")
@click.option("--no-migrate", is_flag=True, help="Do not migrate the database first.")
def serve(host: str | None, port: int | None, no_migrate: bool) -> None:
    """Migrate the database, then run the API under gunicorn (settings in gunicorn.conf.py)."""
    from service.store.migrate import upgrade

    cfg = Config()
    if not no_migrate:
        upgrade(cfg.DATABASE_URL)
    os.environ["QUOTES_HOST"] = host or cfg.HOST
    os.environ["QUOTES_PORT"] = str(port or cfg.PORT)
    conf = Path("gunicorn.conf.py")
    config = str(conf) if conf.exists() else "python:service.gunicorn_conf"
    # The same interpreter, so gunicorn is found without an activated virtualenv.
    args = [sys.executable, "-m", "gunicorn", "-c", config, "service.wsgi:app"]
    os.execv(args[0], args)


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the configured database to the latest schema."""
    from service.store.migrate import upgrade

    url = Config().DATABASE_URL
    upgrade(url, revision)
    click.echo(f"database at {_safe_url(url)} is at {revision}")


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@click.option("--rev-id", default=None, help="Revision id (default: generated).")
def db_revision(message: str, rev_id: str | None) -> None:
    """Autogenerate a migration from the difference between the tables and a fresh database."""
    import tempfile

    from alembic import command

    from service.store.migrate import alembic_config, upgrade

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/autogen.sqlite3"
        upgrade(url)
        command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)


@main.command()
@click.argument("files", nargs=-1, required=True)
def extract(files: tuple[str, ...]) -> None:
    """Print the quotes of each FILE (``-`` reads standard input) as JSON."""
    from schemas.quotes import ExtractedQuoteSchema
    from service.engine.model import load_model
    from service.engine.pipeline import analyse

    nlp = load_model(Config().SPACY_MODEL)
    results, dump = [], ExtractedQuoteSchema(many=True).dump
    for name in files:
        text = sys.stdin.read() if name == "-" else Path(name).read_bytes().decode("utf-8")
        results.append({"file": name, "quotes": dump(analyse(text, nlp))})
    payload = results[0] if len(results) == 1 else results
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@main.command()
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--progress/--no-progress", default=None, help="A progress bar on stderr (default: when it is a terminal)."
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write false positives, misses, boundary and speaker errors here (JSONL), to read them.",
)
def evaluate(corpus: str, limit: int | None, as_json: bool, progress: bool | None, errors_path: str | None) -> None:
    """Score the extractor on an annotated JSONL corpus (PolNeAR format)."""
    from dataclasses import asdict

    from tqdm import tqdm

    from service.engine.evaluate import evaluate_file, format_report
    from service.engine.model import load_model

    nlp = load_model(Config().SPACY_MODEL)
    show = sys.stderr.isatty() if progress is None else progress
    bars: list[tqdm[Any]] = []

    def start(total: int) -> Callable[[], None]:
        bars.append(tqdm(total=total, unit="doc", file=sys.stderr, desc="evaluate", disable=not show))
        return lambda: bars[0].update(1)

    errors: list[str] = []

    def scored(doc: dict[str, Any], gold: list[Any], predicted: list[Any]) -> None:
        from service.engine.scoring_errors import document_errors

        if errors_path:
            found = document_errors(str(doc.get("id", "")), str(doc.get("text", "")), gold, predicted)
            errors.extend(json.dumps(record, ensure_ascii=False) + "\n" for record in found)

    try:
        report = evaluate_file(corpus, nlp, limit=limit, progress=start, scored=scored)
    finally:
        for bar in bars:
            bar.close()
        if errors_path:
            Path(errors_path).write_text("".join(errors), encoding="utf-8")
    click.echo(json.dumps(asdict(report), indent=2) if as_json else format_report(report))


@main.command("evaluate-speakers")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--labels", "labels_path", type=click.Path(exists=True, dir_okay=False), required=True)
@click.option("--reverse/--no-reverse", default=True, show_default=True, help="Also ingest in reverse order.")
@click.option("--limit", type=int, default=None, help="Ingest only the first N documents.")
@click.option("--show-differences", type=int, default=0, help="Print up to N quotes the orders disagree on.")
@click.option("--keep", type=click.Path(file_okay=False), default=None, help="Keep each order's SQLite file here.")
@click.option("--errors", "show_errors", type=int, default=None, help="Print the misses by class, up to N of each.")
def evaluate_speakers(
    *,
    corpus: str,
    labels_path: str,
    reverse: bool,
    limit: int | None,
    show_differences: int,
    keep: str | None,
    show_errors: int | None,
) -> None:
    """Ingest CORPUS through the real ingest path and score speaker identity against hand labels."""
    from service.engine.model import load_model
    from service.speaker_evaluation import (
        agreement,
        corpus_texts,
        differences,
        format_report,
        ingest_corpus,
        read_labels,
        score,
    )

    nlp = load_model(Config().SPACY_MODEL)
    docs, texts = corpus_texts(corpus, limit)
    labels = read_labels(labels_path)
    orders = [("corpus order", docs)] + ([("reversed", docs[::-1])] if reverse else [])
    runs = []
    for title, ordered in orders:
        with click.progressbar(length=len(ordered), label=f"ingesting ({title})", file=sys.stderr) as bar:
            last = [0]

            def step(n: int, bar: Any = bar, last: list[int] = last) -> None:
                bar.update(n - last[0])
                last[0] = n

            kept = Path(keep) / f"{title.replace(' ', '-')}.sqlite3" if keep else None
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
            run = ingest_corpus(ordered, nlp, progress=step, keep=kept)
        runs.append(run)
        click.echo(format_report(title, score(labels, texts, run)))
        if show_errors is not None:
            from service.speaker_errors import errors, format_errors

            click.echo(format_errors(errors(labels, texts, run), show_errors))
    if len(runs) == 2:
        share, total = agreement(runs[0], runs[1])
        click.echo(f"order agreement     {share:.4f}  (same speaker name and kind, {total} quotes)")
        for line in differences(runs[0], runs[1], show_differences):
            click.echo(f"  {line}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _register_commands() -> None:
    from service.cli_ingest import ingest
    from service.cli_keys import keys
    from service.cli_ops import cleanup, openapi, worker

    for command in (ingest, keys, openapi, cleanup, worker):
        main.add_command(command)


_register_commands()


if __name__ == "__main__":
    main()
