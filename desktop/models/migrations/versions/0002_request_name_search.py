"""full-text search on applicant names, so searching 200,000 requests stays instant

A name can be found by any of its words' beginnings ("sri wah" finds
"Sri Wahyuni"), case and accents ignored. The FTS5 table keeps its own copy
of the name and the request id (not the rowid, which VACUUM may renumber),
and triggers keep it in step with service_request.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE request_search USING fts5("
        "name, request_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO request_search (name, request_id) SELECT name, id FROM service_request")
    op.execute(
        "CREATE TRIGGER request_search_insert AFTER INSERT ON service_request BEGIN "
        "INSERT INTO request_search (name, request_id) VALUES (new.name, new.id); END"
    )
    op.execute(
        "CREATE TRIGGER request_search_update AFTER UPDATE OF name ON service_request "
        "WHEN new.name IS NOT old.name BEGIN "
        "DELETE FROM request_search WHERE request_id = old.id; "
        "INSERT INTO request_search (name, request_id) VALUES (new.name, new.id); END"
    )
    op.execute(
        "CREATE TRIGGER request_search_delete AFTER DELETE ON service_request BEGIN "
        "DELETE FROM request_search WHERE request_id = old.id; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER request_search_delete")
    op.execute("DROP TRIGGER request_search_update")
    op.execute("DROP TRIGGER request_search_insert")
    op.execute("DROP TABLE request_search")
