"""Celery wired to the Flask app (Flask's ``celery_init_app`` pattern); used when QUOTES_BROKER_URL is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import Celery, Task
from flask import Flask

from service.config import Config

# How often the worker's beat sends due webhooks and runs retention, in seconds.
WEBHOOK_SECONDS = 5.0
RETENTION_SECONDS = 3600.0


def celery_settings(cfg: Config) -> dict[str, Any]:
    """Return Celery's settings: jobs survive a killed worker and are handed out one at a time."""
    return {
        "broker_url": cfg.BROKER_URL,
        # Job state lives in the jobs table; Celery keeps no results.
        "task_ignore_result": True,
        # A task is acknowledged only when it returns, and a worker killed mid-task (SIGKILL,
        # OOM) gives it back to the broker: the job is redelivered, never lost.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        # Redis redelivers unacknowledged tasks after this; longer than any batch takes.
        "broker_transport_options": {"visibility_timeout": 3600},
        "broker_connection_retry_on_startup": True,
        "worker_hijack_root_logger": False,
        "beat_schedule": {
            "deliver-webhooks": {"task": "quotes.deliver_webhooks", "schedule": WEBHOOK_SECONDS},
            "retention": {"task": "quotes.retention", "schedule": RETENTION_SECONDS},
        },
        "beat_schedule_filename": str(Path(cfg.VAR_DIR) / "celerybeat-schedule"),
    }


def celery_init_app(app: Flask, cfg: Config) -> Celery:
    """Create the Celery app whose tasks run inside ``app``'s context and attach it to ``app``."""

    class FlaskTask(Task):  # type: ignore[misc]
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask, include=["service.jobs.tasks"])
    celery_app.config_from_object(celery_settings(cfg))
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
