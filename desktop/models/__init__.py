"""The local SQLite database: tables, migrations, opening and the outbox."""
