"""the central server's schema

Offices, enrolment codes and devices (hashes only); every pushed version (``record``) and the
newest one per row (``current``); the catalogue (``service``) and what devices pull
(``feed``). On PostgreSQL ``feed.txid`` defaults to the writing transaction's id, which the
pull cursor needs to never skip a row that committed late.

Revision ID: s0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.tables import UtcDateTime

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "office",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_office"),
        sa.UniqueConstraint("code", name="uq_office_code"),
    )
    op.create_table(
        "enrolment",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("office_id", sa.String(36), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=True),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_enrolment_office_id_office"),
        sa.PrimaryKeyConstraint("code_hash", name="pk_enrolment"),
    )
    op.create_index("ix_enrolment_office_id", "enrolment", ["office_id"])
    op.create_table(
        "device",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("office_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("enrolled_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.Column("last_seen_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_device_office_id_office"),
        sa.PrimaryKeyConstraint("id", name="pk_device"),
        sa.UniqueConstraint("token_hash", name="uq_device_token_hash"),
    )
    op.create_index("ix_device_office_id", "device", ["office_id"])
    op.create_table(
        "record",
        sa.Column("entity", sa.String(24), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("office_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("operation", sa.String(8), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(21), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", "version", name="pk_record"),
    )
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
    op.create_table(
        "service",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_en", sa.String(120), nullable=False),
        sa.Column("queue_prefix", sa.String(3), nullable=False),
        sa.Column("standard_days", sa.Integer(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_service"),
    )
    op.create_table(
        "feed",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "txid",
            sa.BigInteger(),
            nullable=True,
            # The writing transaction; xid8 as text, then bigint (always below 2**63).
            server_default=sa.text("(pg_current_xact_id()::text::bigint)") if postgresql else None,
        ),
        sa.Column("office_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_feed"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_feed_txid_seq", "feed", ["txid", "seq"])


def downgrade() -> None:
    for index, table in (
        ("ix_feed_txid_seq", "feed"),
        ("ix_current_office_entity", "current"),
        ("ix_current_device_day", "current"),
        ("ix_device_office_id", "device"),
        ("ix_enrolment_office_id", "enrolment"),
    ):
        op.drop_index(index, table_name=table)
    for table in ("feed", "service", "current", "record", "device", "enrolment", "office"):
        op.drop_table(table)
