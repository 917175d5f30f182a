"""The migrations build exactly the tables the code declares, on every backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from service.store.base import Base
from service.store.db import CHECKPOINT_PAGES, Database
from service.store.migrate import include_name


def test_migrated_schema_matches_models(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], "models and migrations differ: run `quotes db revision -m ...`"


def test_every_table_exists(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables


def test_sqlite_runs_with_wal_and_foreign_keys(db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("PRAGMAs are SQLite's; PostgreSQL has neither setting")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_sqlite_checkpoints_its_wal_in_large_steps(db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("a SQLite PRAGMA")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == CHECKPOINT_PAGES > 1000


def test_gram_postings_have_no_rowid_on_sqlite(db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("rowids are SQLite's")
    with db.engine.connect() as conn:
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'family_grams'").scalar()
        assert "WITHOUT ROWID" in str(sql)
