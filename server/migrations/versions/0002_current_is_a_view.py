"""``current`` becomes a view over ``record``

A push wrote every row twice: its version into ``record`` and, in the same statement, the
row's newest version (payload included) into ``current``, with two more indexes. That was
most of what PostgreSQL spent on a push. ``current`` is now the newest version of each row
read from ``record`` itself (the same columns, so every reader is unchanged), and ``record``
gets the one index those readers need: by office, device and day (reconciliation reads a
device's rows, an export an office's).

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.tables import UtcDateTime

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None

# The newest version of each row (a tombstone included, as ``deleted``): the view, and what
# a downgrade fills the table with again.
NEWEST = (
    "SELECT r.entity, r.entity_id, r.office_id, r.device_id, r.version, r.day,"
    " r.operation = 'delete' AS deleted, r.payload, r.received_at"
    " FROM record AS r"
    " WHERE NOT EXISTS (SELECT 1 FROM record AS n"
    " WHERE n.entity = r.entity AND n.entity_id = r.entity_id AND n.version > r.version)"
)


def upgrade() -> None:
    op.create_index(
        "ix_record_office_id_device_id_day", "record", ["office_id", "device_id", "day"]
    )
    op.drop_index("ix_current_office_entity", table_name="current")
    op.drop_index("ix_current_device_day", table_name="current")
    op.drop_table("current")
    op.execute(f"CREATE VIEW current AS {NEWEST}")


def downgrade() -> None:
    op.execute("DROP VIEW current")
    op.create_table(
        "current",
        sa.Column("entity", sa.String(24), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("office_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", name="pk_current"),
    )
    op.create_index("ix_current_device_day", "current", ["device_id", "day"])
    op.create_index("ix_current_office_entity", "current", ["office_id", "entity"])
    op.execute(
        "INSERT INTO current (entity, entity_id, office_id, device_id, version, day, deleted,"
        f" payload, received_at) {NEWEST}"
    )
    op.drop_index("ix_record_office_id_device_id_day", table_name="record")
