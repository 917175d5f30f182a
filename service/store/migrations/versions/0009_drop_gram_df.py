"""Drop gram_df: a gram's document frequency is counted on its postings in family_grams.

A gram's postings are adjacent in family_grams' primary key (gram first) and stop at
``RARE_DF``, so counting them reads a few entries of one page; the separate table of counts
was one more B-tree written at a random page for every new posting (about a quarter of the
pages an article's family assignments wrote at 1M stored quotes).  Counted on the postings, a
merged family also counts once, where the stored count kept both families.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Drop the table of gram counts."""
    op.drop_table("gram_df")


def downgrade() -> None:
    """Recreate the table of gram counts (without a rowid on SQLite) from the postings."""
    op.create_table(
        "gram_df",
        sa.Column("gram", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("gram", name=op.f("pk_gram_df")),
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO gram_df (gram, df) SELECT gram, count(*) FROM family_grams GROUP BY gram")
