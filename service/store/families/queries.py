"""Plain SQL on a session's own connection, for hot paths where SQLAlchemy's per-statement work costs too much."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session


def _cursor(session: Session, sql: str) -> tuple[Any, str]:
    # A DB-API cursor on the connection the session's transaction holds, and the SQL in the
    # driver's placeholder style (psycopg takes '%s', sqlite3 '?').
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    return conn.connection.dbapi_connection.cursor(), sql  # type: ignore[union-attr]


def raw(session: Session, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Run plain SQL ('?' placeholders) on the session's own connection, inside its transaction."""
    # The hot path's reads and upserts are simple enough that SQLAlchemy's per-statement work
    # (cache keys, parameter processing, result wrapping) would cost more than SQLite does.
    cur, sql = _cursor(session, sql)
    try:
        cur.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []
    finally:
        cur.close()


def raw_many(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one plain SQL statement ('?' placeholders) once per row, inside the session's transaction."""
    cur, sql = _cursor(session, sql)
    try:
        cur.executemany(sql, rows)
    finally:
        cur.close()


def marks(n: int) -> str:
    """Return ``n`` comma-separated '?' placeholders."""
    return ", ".join("?" * n)
