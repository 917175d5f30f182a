"""A partial quote's reported clause: context_start/context_end on quotes.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the context offsets (NULL for quotes that are not partial)."""
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("context_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("context_end", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop the context offsets."""
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("context_end")
        batch.drop_column("context_start")
