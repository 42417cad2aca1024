"""a checksum on every outbox entry

``outbox.checksum``: the sha256 of the payload's canonical JSON
(:func:`desktop.models.outbox.payload_checksum`). ``PRAGMA integrity_check`` sees damage to
the file's structure, not to the values inside a record; with the checksum, a payload changed
by a bad disk sector is found (``sewaka check``) and quarantined instead of being sent.

Entries already queued get theirs here, from the payload as stored. A payload that is no
longer readable JSON in UTF-8 keeps a NULL checksum: the check reports it as damaged.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from desktop.models.outbox import payload_checksum

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): quick on a large outbox, keeps everything else.
    op.add_column("outbox", sa.Column("checksum", sa.String(64), nullable=True))
    connection = op.get_bind()
    # Raw bytes, decoded strictly here: a payload that is not UTF-8 must not be blessed
    # with a checksum of its replacement characters.
    last = -1
    while rows := connection.exec_driver_sql(
        "SELECT seq, CAST(payload AS BLOB) FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
        (last, _BATCH),
    ).fetchall():
        last = rows[-1][0]
        updates = []
        for seq, raw in rows:
            checksum = _checksum(raw)
            if checksum is not None:
                updates.append((checksum, seq))
        if updates:
            connection.exec_driver_sql("UPDATE outbox SET checksum = ? WHERE seq = ?", updates)


def _checksum(raw: bytes | None) -> str | None:
    try:
        payload = json.loads(bytes(raw or b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return payload_checksum(payload) if isinstance(payload, dict) else None


def downgrade() -> None:
    op.drop_column("outbox", "checksum")
