"""Family links: a quote running two remarks together links the other remark's family.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Ids are BIGINT on PostgreSQL like every other id (0003); SQLite keeps INTEGER rowids.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the family_links table."""
    op.create_table(
        "family_links",
        sa.Column("quote_id", ID, nullable=False),
        sa.Column("family_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quotes.id"], name=op.f("fk_family_links_quote_id_quotes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("quote_id", "family_id", name=op.f("pk_family_links")),
    )
    op.create_index(op.f("ix_family_links_family_id"), "family_links", ["family_id"])


def downgrade() -> None:
    """Drop the family_links table."""
    op.drop_index(op.f("ix_family_links_family_id"), table_name="family_links")
    op.drop_table("family_links")
