"""Plain SQL on a session's own connection, for hot paths where SQLAlchemy's per-statement work costs too much."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, class_mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state, set_committed_value

T = TypeVar("T")


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
    except session.get_bind().dialect.dbapi.Error as err:  # type: ignore[union-attr]
        raise _wrapped(session, sql, params, err) from err
    finally:
        cur.close()


def raw_many(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one plain SQL statement ('?' placeholders) once per row, inside the session's transaction."""
    cur, sql = _cursor(session, sql)
    try:
        cur.executemany(sql, rows)
    except session.get_bind().dialect.dbapi.Error as err:  # type: ignore[union-attr]
        raise _wrapped(session, sql, rows, err) from err
    finally:
        cur.close()


def _wrapped(session: Session, sql: str, params: Any, err: Exception) -> DBAPIError:
    # The driver's own error, wrapped as SQLAlchemy wraps it on its own path: the retry policy
    # (deadlocks, serialisation failures, unique-key races) reads only SQLAlchemy's classes.
    dialect = session.get_bind().dialect
    return DBAPIError.instance(sql, params, err, dialect.dbapi.Error, dialect=dialect)  # type: ignore[union-attr,return-value]


def marks(n: int) -> str:
    """Return ``n`` comma-separated '?' placeholders."""
    return ", ".join("?" * n)


_BINDERS: dict[tuple[str, str, tuple[str, ...]], list[Any]] = {}
_LOADERS: dict[tuple[str, str], tuple[str, list[str], list[Any]]] = {}


def bound(session: Session, table: Any, values: dict[str, Any]) -> list[Any]:
    """Return ``values`` (in sorted column order) as the columns' types store them on this database."""
    # The columns' own bind processors keep the stored forms (JSON text, UTC dates) exactly what
    # the ORM writes.
    dialect = session.get_bind().dialect
    names = tuple(sorted(values))
    procs = _BINDERS.get((dialect.name, table.name, names))
    if procs is None:
        procs = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
        _BINDERS[(dialect.name, table.name, names)] = procs
    return [p(values[n]) if p else values[n] for n, p in zip(names, procs, strict=True)]


def write_through(session: Session, obj: Any, values: dict[str, Any]) -> None:
    """Write these columns of a stored row in one UPDATE and record them as the object's loaded state."""
    # The ORM's unit of work (and even a Core statement) costs more than the rest of a family
    # assignment; nothing is left dirty for the next flush either.
    if not inspect(obj).persistent:
        for name, value in values.items():
            setattr(obj, name, value)
        return
    sets = ", ".join(f"{n} = ?" for n in sorted(values))
    raw(
        session,
        f"UPDATE {obj.__table__.name} SET {sets} WHERE id = ?",
        [*bound(session, obj.__table__, values), obj.id],
    )
    for name, value in values.items():
        set_committed_value(obj, name, value)


def adopt(session: Session, cls: type[T], values: dict[str, Any]) -> T:
    """Return the stored row these (all) column values describe as a persistent object, read no more."""
    held = session.identity_map.get(session.identity_key(cls, values["id"]))
    if held is not None:
        return held  # type: ignore[no-any-return]
    # Filled in directly, not through the constructor: its attribute events record as changes
    # what make_transient_to_detached then discards, at three times the cost of the rest.  The
    # values are the row as stored: nothing is pending.
    obj = class_mapper(cls).class_manager.new_instance()
    instance_state(obj).dict.update(values)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj  # type: ignore[no-any-return]


def _loader(session: Session, table: Any) -> tuple[str, list[str], list[Any]]:
    # A table's read by id, its column names and the result processors that read them here.
    dialect = session.get_bind().dialect
    cached = _LOADERS.get((dialect.name, table.name))
    if cached is None:
        names = [c.name for c in table.columns]
        procs = [table.c[n].type.dialect_impl(dialect).result_processor(dialect, None) for n in names]
        cached = _LOADERS[(dialect.name, table.name)] = (
            f"SELECT {', '.join(names)} FROM {table.name} WHERE id = ?",
            names,
            procs,
        )
    return cached


def adopt_row(session: Session, cls: type[T], row: Sequence[Any]) -> T:
    """Return the object of a whole stored row read by plain SQL (its columns in table order)."""
    _, names, procs = _loader(session, cls.__table__)  # type: ignore[attr-defined]
    values = {n: p(v) if p else v for n, p, v in zip(names, procs, row, strict=True)}
    return adopt(session, cls, values)


def load(session: Session, cls: type[T], row_id: int) -> T | None:
    """Return the stored row with this id as a persistent object (``Session.get`` in one plain read)."""
    held = session.identity_map.get(session.identity_key(cls, row_id))
    if held is not None:
        return held  # type: ignore[no-any-return]
    sql, _, _ = _loader(session, cls.__table__)  # type: ignore[attr-defined]
    rows = raw(session, sql, (row_id,))
    return adopt_row(session, cls, rows[0]) if rows else None
