"""Emptying the migrated PostgreSQL test database, for the in-process and the live-server fixtures."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def empty_postgres(url: str) -> None:
    """Empty every table of the migrated PostgreSQL test database and restart its ids."""
    from service.store.base import Base

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
