"""Store what family lookups read: quotes.match_keys, and the gram tables without rowids on SQLite.

* ``quotes.match_keys``: a quote's comparison keys, written with its family membership, so a
  candidate family's variants are verified without being tokenised again on every lookup.
  Quotes assigned before this revision keep NULL and are tokenised when compared, as before.
* ``family_grams`` and ``gram_df`` are rebuilt ``WITHOUT ROWID`` on SQLite: their primary keys
  become the tables, so a posting or frequency lookup reads one B-tree instead of an index and
  then the table.  PostgreSQL has no rowids; nothing changes there.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_GRAM_TABLES = ("family_grams", "gram_df")


def _rebuild(with_rowid: bool) -> None:
    # Batch mode copies each table into a new one declared with the given rowid choice.
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in _GRAM_TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}):
            pass


def upgrade() -> None:
    """Add the keys column; rebuild the gram tables without rowids (SQLite)."""
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("match_keys", sa.Text(), nullable=True))
    _rebuild(with_rowid=False)


def downgrade() -> None:
    """Drop the keys column; rebuild the gram tables with rowids (SQLite)."""
    _rebuild(with_rowid=True)
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("match_keys")
