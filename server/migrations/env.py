"""Alembic environment of the central server: runs on a connection handed over by
:func:`server.db.migrate` (which holds the migration lock)."""

from __future__ import annotations

from alembic import context

from server.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only server.db.migrate runs migrations
    raise RuntimeError("server migrations run through server.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
