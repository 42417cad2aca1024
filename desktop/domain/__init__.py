"""Pure domain rules: no Qt, no SQLAlchemy, no network (enforced by import-linter)."""
