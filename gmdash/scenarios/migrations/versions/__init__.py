"""One module per schema version, oldest first (Alembic ignores this file)."""
