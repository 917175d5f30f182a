"""Drop outbox_events.dispatched: events fan out to deliveries as they are written, so it was always true.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Drop the dispatched flag and its index."""
    with op.batch_alter_table("outbox_events") as batch:
        batch.drop_index(batch.f("ix_outbox_events_dispatched"))
        batch.drop_column("dispatched")


def downgrade() -> None:
    """Restore the flag (true for every event written so far) and its index."""
    with op.batch_alter_table("outbox_events") as batch:
        batch.add_column(sa.Column("dispatched", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.create_index(batch.f("ix_outbox_events_dispatched"), ["dispatched"], unique=False)
