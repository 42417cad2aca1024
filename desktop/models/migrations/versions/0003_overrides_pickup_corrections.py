"""what the second pass of the counter desk records

- ``service_request.identity_override``: the clerk's reason for saving a request whose typed
  birth date or sex disagrees with the NIK (real KTPs sometimes do); empty when they agree.
- ``status_change.collected_by``: who collected a finished document when it was not the
  applicant (recorded on the ``picked_up`` step).
- an index on ``service_request.queue_number``: the list finds "D-001" or "d1" as residents
  say it, across 200,000 requests, without a scan.
- ``request_correction``: a correction of a saved request (which fields, why, by whom); synced
  like any change, shown in the request's history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild), so the name-search triggers of 0002 stay in place.
    op.add_column(
        "service_request",
        sa.Column("identity_override", sa.Text(), nullable=False, server_default=""),
    )
    op.add_column(
        "status_change",
        sa.Column("collected_by", sa.String(100), nullable=False, server_default=""),
    )
    op.create_index(
        "ix_service_request_queue_number", "service_request", ["queue_number"], unique=False
    )
    op.create_table(
        "request_correction",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("office_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(21), nullable=False),
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["service_request.id"],
            name="fk_request_correction_request_id_service_request",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_request_correction"),
    )
    op.create_index(
        "ix_request_correction_request_id_at", "request_correction", ["request_id", "at"]
    )


def downgrade() -> None:
    op.drop_index("ix_request_correction_request_id_at", "request_correction")
    op.drop_table("request_correction")
    op.drop_index("ix_service_request_queue_number", "service_request")
    # SQLite >= 3.35 drops a column in place; a batch rebuild would lose 0002's triggers.
    op.drop_column("status_change", "collected_by")
    op.drop_column("service_request", "identity_override")
