"""Alembic environment: runs on the connection the store hands over, never from a config file."""

from __future__ import annotations

from alembic import context

from gmdash.scenarios.models import metadata

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "The scenario store migrates itself: call gmdash.scenarios.store.upgrade(engine)."
    )
# render_as_batch lets SQLite change constraints by copying the table.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
