"""Saved what-if scenarios: a small SQL store (SQLite by default, PostgreSQL when configured).

The schema is versioned with Alembic migrations shipped in ``migrations/``; payloads are JSON,
never pickled; a scenario that names something the extracts no longer have opens with a
message saying what changed (``validate``).
"""
