"""``quotes ingest``: back-fill articles from JSONL files or folders of text and HTML."""

from __future__ import annotations

import sys

import click

from service.config import Config


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--outlet", default=None, help="Outlet of .txt/.html files (default: the folder's name).")
@click.option("--processes", type=int, default=1, show_default=True, help="Ingest in N processes.")
@click.option("--queue/--local", default=None, help="Send to the Celery workers (default with QUOTES_BROKER_URL).")
def ingest(paths: tuple[str, ...], outlet: str | None, processes: int, queue: bool | None) -> None:
    """Ingest every article under PATHS with a progress bar; already stored, unchanged articles are skipped."""
    from tqdm import tqdm

    from service.backfill import count_articles, run_local, run_queue

    cfg = Config()
    on_queue = bool(cfg.BROKER_URL) if queue is None else queue
    if on_queue and not cfg.BROKER_URL:
        raise click.UsageError("--queue needs QUOTES_BROKER_URL")
    total = count_articles(paths)
    with tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, smoothing=0.1) as bar:
        if on_queue:
            tally = run_queue(cfg, list(paths), outlet, bar)
        else:
            tally = run_local(cfg, list(paths), outlet, processes, bar)
    for error in tally.errors:
        click.echo(f"failed: {error}", err=True)
    click.echo(tally.summary())
    if tally.outcomes["failed"]:
        sys.exit(1)
