"""``quotes openapi``, ``cleanup`` and ``worker``: the committed API document and the background work."""

from __future__ import annotations

from pathlib import Path

import click

from service.config import Config


@click.group()
def openapi() -> None:
    """The committed OpenAPI document."""


@openapi.command("write")
@click.argument("path", default="openapi.yaml")
def openapi_write(path: str) -> None:
    """Write the OpenAPI document generated from the schemas to PATH."""
    Path(path).write_text(_spec_yaml(), encoding="utf-8")
    click.echo(f"wrote {path}")


@openapi.command("check")
@click.argument("path", default="openapi.yaml")
def openapi_check(path: str) -> None:
    """Fail when PATH differs from the document the code generates."""
    if Path(path).read_text(encoding="utf-8") != _spec_yaml():
        raise click.ClickException(f"{path} is stale: run `make openapi`")
    click.echo(f"{path} is up to date")


def _spec_yaml() -> str:
    from service import create_app
    from service.api import spec_yaml

    app = create_app({"LOAD_MODEL": False, "TESTING": True, "DATABASE_URL": "sqlite://"})
    return spec_yaml(app.extensions["quotes_api"])


@click.command()
def cleanup() -> None:
    """Delete finished deliveries, old events and idempotency records past their retention settings."""
    from service.maintenance import run_cleanup
    from service.store.db import Database

    done = run_cleanup(Database(Config().DATABASE_URL), Config())
    click.echo(
        f"deleted {done.deliveries} deliveries, {done.events} events, {done.idempotency_records} idempotency records"
    )


@click.command()
@click.option("--poll-interval", type=float, default=2.0, show_default=True, help="Idle wait (no broker), seconds.")
@click.option("--concurrency", type=int, default=2, show_default=True, help="Celery worker processes.")
@click.option("--beat/--no-beat", default=True, show_default=True, help="Also schedule webhooks and retention.")
def worker(poll_interval: float, concurrency: int, beat: bool) -> None:
    """Run jobs, webhook deliveries and retention: on Celery with QUOTES_BROKER_URL, else in this process."""
    from service import create_app
    from service.jobs.worker import run_celery, run_embedded

    cfg = Config()
    # Without a broker the server processes already run jobs unless told not to (QUOTES_JOB_THREADS=0).
    app = create_app(cfg)
    if cfg.BROKER_URL:
        run_celery(app, concurrency, beat, cfg.LOG_LEVEL)
    else:
        run_embedded(app, cfg, poll_interval)
