"""Application services: what the UI and the CLI can ask of Sewaka.

Each call is one unit of work in its own transaction. Services return plain
dataclasses, never ORM objects, so callers cannot reach the database.
"""
