"""Deadlocks and a locked database are retried with jitter, then reported as busy (503)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.errors import StoreBusyError
from service.store.articles.models import Outlet
from service.store.db import Database
from service.store.families.queries import raw
from service.store.retry import with_retries

pytestmark = pytest.mark.store


def _two_outlets(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        rows = [Outlet(name=n, key=n) for n in ("a", "b")]
        session.add_all(rows)
        session.flush()
        return rows[0].id, rows[1].id


def _rename_orm(session: Session, name: str, outlet: int) -> None:
    session.execute(text("UPDATE outlets SET name = :n WHERE id = :i"), {"n": name, "i": outlet})


def _rename_raw(session: Session, name: str, outlet: int) -> None:
    raw(session, "UPDATE outlets SET name = ? WHERE id = ?", (name, outlet))


@pytest.mark.parametrize("rename", [_rename_orm, _rename_raw], ids=["sqlalchemy", "plain-sql"])
def test_a_real_deadlock_is_retried_until_both_transactions_commit(
    db: Database, rename: Callable[[Session, str, int], None]
) -> None:
    # plain-sql: the families' hot path runs driver cursors; their deadlocks must be retried too
    if db.dialect != "postgresql":
        pytest.skip("SQLite serialises writers; it cannot deadlock (see the locked-file test)")
    first, second = _two_outlets(db)
    both_locked = threading.Barrier(2, timeout=10)
    attempts = {"x": 0, "y": 0}

    def worker(name: str, order: tuple[int, int]) -> None:
        def work() -> None:
            attempts[name] += 1
            with db.transaction() as session:
                rename(session, name, order[0])
                if attempts[name] == 1:
                    both_locked.wait()
                rename(session, name, order[1])

        with_retries(work)

    threads = [
        threading.Thread(target=worker, args=("x", (first, second))),
        threading.Thread(target=worker, args=("y", (second, first))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(attempts.values()) == [1, 2]  # PostgreSQL aborted one; it ran again and committed
    with db.sessions() as session:
        names = {session.get(Outlet, i).name for i in (first, second)}  # type: ignore[union-attr]
    assert len(names) == 1  # one transaction's writes won on both rows, no mix


def test_plain_sql_errors_are_sqlalchemys_so_the_retry_policy_reads_them(db: Database) -> None:
    first, _ = _two_outlets(db)
    with db.sessions() as session, pytest.raises(IntegrityError):
        copy = "INSERT INTO outlets (id, name, key, created_at) SELECT id, 'd', 'd', created_at FROM outlets WHERE id=?"
        raw(session, copy, (first,))  # the same primary key again


def test_a_database_that_stays_locked_is_busy(db: Database, database_url: str, tmp_path: Path) -> None:
    if db.dialect != "sqlite":
        pytest.skip("PostgreSQL has row locks; the deadlock test covers it")
    path = make_url(database_url).database
    assert path
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    impatient = Database(database_url)
    calls = []

    def work() -> None:
        calls.append(1)
        with impatient.transaction() as session:
            session.execute(text("PRAGMA busy_timeout=10"))
            session.add(Outlet(name="c", key="c"))

    try:
        with pytest.raises(StoreBusyError):
            with_retries(work)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        impatient.dispose()
    assert len(calls) > 1
    with_retries(work)  # the lock gone, the same work commits
