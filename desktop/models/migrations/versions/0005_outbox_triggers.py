"""the outbox as a guarantee: triggers, tombstones, the sync guard and sync state

Until now the ORM hook wrote outbox entries, so a bulk ``update()``, raw SQL or a delete
changed a synced row without one. From here SQLite itself writes them
(:mod:`desktop.models.triggers`): every insert and update of a synced row queues a snapshot
of the row as stored, a change must raise the version by exactly one, and a delete leaves a
``tombstone`` row and a ``delete`` entry. ``sync_guard`` marks, inside one transaction, rows
applied from the server (``apply``) or the office id being re-stamped at enrolment
(``restamp``). ``sync_state`` keeps enrolment and cursor state.

Entries already queued are kept as they are (their states, ``pending`` and ``quarantined``,
keep their meaning). Nothing is rewritten, so this runs in moments on a large file.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.models.triggers import (
    DATE,
    DATETIME,
    JSON,
    SYNCED_COLUMNS,
    VALUE,
    Column,
    create_trigger_sql,
    drop_trigger_sql,
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The synced tables as revision 0005 knows them, every column (pinned: never the live models).
TABLES: dict[str, tuple[Column, ...]] = {
    "person": (
        *SYNCED_COLUMNS,
        ("nik", VALUE),
        ("name", VALUE),
        ("sex", VALUE),
        ("birth_date", DATE),
        ("address", VALUE),
        ("rt", VALUE),
        ("rw", VALUE),
        ("hamlet", VALUE),
        ("phone", VALUE),
    ),
    "service_request": (
        *SYNCED_COLUMNS,
        ("tracking_code", VALUE),
        ("service_id", VALUE),
        ("person_id", VALUE),
        ("queue_day", DATE),
        ("queue_seq", VALUE),
        ("queue_number", VALUE),
        ("nik", VALUE),
        ("name", VALUE),
        ("documents", JSON),
        ("notes", VALUE),
        ("status", VALUE),
        ("expected_date", DATE),
        ("identity_override", VALUE),
    ),
    "status_change": (
        *SYNCED_COLUMNS,
        ("request_id", VALUE),
        ("from_status", VALUE),
        ("to_status", VALUE),
        ("at", DATETIME),
        ("actor", VALUE),
        ("reason", VALUE),
        ("collected_by", VALUE),
    ),
    "request_correction": (
        *SYNCED_COLUMNS,
        ("request_id", VALUE),
        ("fields", JSON),
        ("reason", VALUE),
        ("actor", VALUE),
        ("at", DATETIME),
    ),
}


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_sync_state"),
    )
    op.create_table(
        "sync_guard",
        sa.Column("mode", sa.String(10), nullable=False),
        sa.CheckConstraint("mode IN ('apply', 'restamp')", name="ck_sync_guard_mode"),
        sa.PrimaryKeyConstraint("mode", name="pk_sync_guard"),
    )
    op.execute(
        "CREATE TRIGGER sync_guard_one_row BEFORE INSERT ON sync_guard"
        " WHEN EXISTS (SELECT 1 FROM sync_guard) BEGIN"
        " SELECT RAISE(ABORT, 'sewaka: the sync guard is already set'); END"
    )
    op.create_table(
        "tombstone",
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("hlc", sa.String(21), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", name="pk_tombstone"),
    )
    # Straight to the driver: text() would take ':00' in '+00:00' for a bound parameter.
    connection = op.get_bind()
    for table, columns in TABLES.items():
        for statement in create_trigger_sql(table, columns):
            connection.exec_driver_sql(statement)


def downgrade() -> None:
    connection = op.get_bind()
    for table in TABLES:
        for statement in drop_trigger_sql(table):
            connection.exec_driver_sql(statement)
    op.drop_table("tombstone")
    op.execute("DROP TRIGGER IF EXISTS sync_guard_one_row")
    op.drop_table("sync_guard")
    op.drop_table("sync_state")
