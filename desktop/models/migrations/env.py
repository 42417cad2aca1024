"""Alembic environment: always runs on a connection handed over by the app."""

from __future__ import annotations

from alembic import context

from desktop.models.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the app and tests run migrations
    raise RuntimeError("Sewaka migrations run through desktop.models.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
