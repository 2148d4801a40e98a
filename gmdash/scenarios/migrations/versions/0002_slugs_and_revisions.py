"""Links, case-insensitive names and edit revisions.

Adds ``slug`` (the ``?scenario=`` link, fixed at creation), ``name_key`` (names are unique
regardless of case and spacing), ``kind``, ``payload_version``, ``data_version`` (the extracts a
scenario was saved against) and ``revision`` (counts saves, so two sessions editing one scenario
cannot silently overwrite each other). Existing rows are backfilled; names that only differed
in case get " (2)", " (3)" … so none is lost.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _slug(name: str, row_id: int) -> str:
    # Frozen here rather than imported, so this migration never changes with the app's code.
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:50].strip("-") or "scenario"
    return f"{base}-{row_id}"


def upgrade() -> None:
    with op.batch_alter_table("scenarios") as batch:
        batch.add_column(sa.Column("slug", sa.String(80), nullable=True))
        batch.add_column(sa.Column("name_key", sa.String(120), nullable=True))
        batch.add_column(sa.Column("kind", sa.String(40), nullable=True))
        batch.add_column(sa.Column("payload_version", sa.Integer, nullable=True))
        batch.add_column(sa.Column("data_version", sa.String(64), nullable=True))
        batch.add_column(sa.Column("revision", sa.Integer, nullable=True))

    bind = op.get_bind()
    table = sa.table(
        "scenarios",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("slug", sa.String),
        sa.column("name_key", sa.String),
        sa.column("kind", sa.String),
        sa.column("payload_version", sa.Integer),
        sa.column("revision", sa.Integer),
    )
    rows = bind.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)).all()
    taken: set[str] = set()
    for row_id, name in rows:
        new_name, n = name, 1
        while _key(new_name) in taken:
            n += 1
            new_name = f"{name[:110]} ({n})"
        taken.add(_key(new_name))
        bind.execute(
            table.update()
            .where(table.c.id == row_id)
            .values(
                name=new_name,
                name_key=_key(new_name),
                slug=_slug(new_name, row_id),
                kind="what-if",
                payload_version=1,
                revision=1,
            )
        )

    with op.batch_alter_table("scenarios") as batch:
        for column in ("slug", "name_key", "kind", "payload_version", "revision"):
            batch.alter_column(column, nullable=False)
        batch.drop_constraint("uq_scenarios_name", type_="unique")
        batch.create_unique_constraint("uq_scenarios_slug", ["slug"])
        batch.create_unique_constraint("uq_scenarios_name_key", ["name_key"])


def downgrade() -> None:
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_constraint("uq_scenarios_name_key", type_="unique")
        batch.drop_constraint("uq_scenarios_slug", type_="unique")
        batch.create_unique_constraint("uq_scenarios_name", ["name"])
        for column in ("revision", "data_version", "payload_version", "kind", "name_key", "slug"):
            batch.drop_column(column)
