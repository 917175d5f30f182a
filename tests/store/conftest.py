"""A session on the migrated test database of each backend, for the store's repository tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.store.db import Database


@pytest.fixture
def engine(db: Database) -> Engine:
    """The migrated test database, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""
    return db.engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One session; tests commit where they need to."""
    with sessionmaker(engine, expire_on_commit=False)() as s:
        yield s
