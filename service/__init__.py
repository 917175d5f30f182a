"""Quote attribution service: the Flask application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from service.config import Config


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """Return a configured app; ``config`` overrides the environment's settings."""
    from service.api import register_api
    from service.api.cors import init_cors
    from service.api.limits import init_limits
    from service.engine.budget import set_limits
    from service.engine.model import load_model
    from service.explore import init_explore
    from service.logs import configure_logging, init_request_logging
    from service.runtime import Runtime
    from service.store.db import Database

    if config is None:
        cfg = Config()
    elif isinstance(config, Config):
        cfg = config
    else:
        cfg = Config(**dict(config))

    if not cfg.TESTING:
        configure_logging(cfg.LOG_LEVEL, cfg.LOG_JSON)
    app = Flask(__name__)
    app.config.update(cfg.as_flask())
    set_limits(
        budget_seconds=cfg.ANALYSIS_BUDGET_SECONDS, max_chars=cfg.MAX_TEXT_CHARS, memory_mb=cfg.ANALYSIS_MEMORY_MB
    )
    nlp = load_model(cfg.SPACY_MODEL) if cfg.LOAD_MODEL else None
    app.extensions["quotes"] = Runtime(config=cfg, db=Database(cfg.DATABASE_URL), nlp=nlp)
    init_request_logging(app)
    init_cors(app, cfg.CORS_ORIGINS)
    init_limits(app, cfg)
    if cfg.BROKER_URL:
        from service.jobs.celery_app import celery_init_app

        celery_init_app(app, cfg)
    register_api(app)
    init_explore(app, cfg.SECRET_KEY)
    return app
