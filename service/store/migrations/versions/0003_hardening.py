"""64-bit ids on PostgreSQL (every id and foreign-key column, and their sequences); key expiry and last use;
webhook secret rotation and automatic disabling.

SQLite's INTEGER is already 64-bit (and must stay INTEGER for rowid primary keys), so this
revision changes nothing there.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# table -> its id and foreign-key columns (the first is the primary key when it has a sequence).
ID_COLUMNS = {
    "api_keys": ["id"],
    "outlets": ["id"],
    "speakers": ["id", "merged_into_id"],
    "webhooks": ["id"],
    "outbox_events": ["id"],
    "articles": ["id", "outlet_id"],
    "deliveries": ["id", "webhook_id", "event_id"],
    "families": ["id", "canonical_quote_id", "speaker_id"],
    "family_pins": ["id", "article_id", "family_id"],
    "family_grams": ["family_id"],
    "idempotency_records": ["id", "key_id"],
    "speaker_aliases": ["id", "speaker_id"],
    "speaker_pins": ["id", "speaker_id"],
    "speaker_roles": ["id", "speaker_id", "article_id"],
    "quotes": ["id", "article_id", "speaker_id", "family_id"],
}


def _retype(type_: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in ID_COLUMNS.items():
        clauses = ", ".join(f"ALTER COLUMN {c} TYPE {type_}" for c in columns)
        op.execute(f"ALTER TABLE {table} {clauses}")
        if columns[0] == "id":
            # A serial's sequence is typed too: an INTEGER sequence stops at 2**31 - 1.
            op.execute(
                f"DO $$ DECLARE s text := pg_get_serial_sequence('{table}', 'id'); BEGIN "
                f"IF s IS NOT NULL THEN EXECUTE 'ALTER SEQUENCE ' || s || ' AS {type_}'; END IF; END $$"
            )


def upgrade() -> None:
    """Widen every id to BIGINT on PostgreSQL; API keys get an expiry and a last use."""
    _retype("bigint")
    op.add_column("api_keys", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("api_keys", sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("webhooks", sa.Column("previous_secret", sa.String(200), nullable=True))
    op.add_column("webhooks", sa.Column("previous_secret_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("webhooks", sa.Column("consecutive_failures", sa.Integer(), server_default="0", nullable=False))
    op.add_column("webhooks", sa.Column("disabled_reason", sa.String(1000), nullable=True))
    op.add_column("webhooks", sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Narrow the ids back to INTEGER (fails if a row already uses a larger id)."""
    with op.batch_alter_table("webhooks") as batch:
        for column in ("disabled_at", "disabled_reason", "consecutive_failures", "previous_secret_expires_at"):
            batch.drop_column(column)
        batch.drop_column("previous_secret")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("last_used_at")
        batch.drop_column("expires_at")
    _retype("integer")
