"""Alembic migrations of the scenario store, run by ``gmdash.scenarios.store.upgrade``."""
