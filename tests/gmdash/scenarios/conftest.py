"""The scenario-store tests' databases: SQLite files, and PostgreSQL from tests/postgres_support.

Every test that takes ``store_url`` runs twice: once on SQLite, once on PostgreSQL.
"""

from __future__ import annotations

import pytest
from postgres_support import PostgresServer, postgres

__all__ = ["postgres"]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty database of each kind, for one test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scenarios.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.url(server.create_database())
