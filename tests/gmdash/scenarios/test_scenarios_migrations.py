"""Schema migrations on SQLite and PostgreSQL: an old database upgrades with nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text

from gmdash.scenarios import store as st
from gmdash.scenarios.models import metadata

OLD_ROWS = [
    ("Plan", '{"target": {"kind": "england"}}'),
    ("plan", '{"target": {"kind": "gm_best"}}'),
    ("Café  plan", '{"groups": []}'),
]


@pytest.fixture()
def engine(store_url):
    engine = st.engine_for(store_url)
    yield engine
    engine.dispose()


def _old_database(engine) -> None:
    """A database as the first release left it, with rows saved then."""
    st.upgrade(engine, "0001")
    now = datetime(2025, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        for name, payload in OLD_ROWS:
            conn.execute(
                text(
                    "insert into scenarios (name, payload, created_at, updated_at) "
                    "values (:n, :p, :t, :t)"
                ),
                {"n": name, "p": payload, "t": now},
            )


def test_a_new_database_starts_at_no_revision_and_migrates_to_head(engine):
    assert st.current_revision(engine) is None
    assert st.head_revision() == "0002"
    st.ScenarioStore(engine)
    assert st.current_revision(engine) == "0002"


def test_an_old_schema_upgrades_keeping_every_scenario(engine):
    _old_database(engine)
    assert st.current_revision(engine) == "0001"
    store = st.ScenarioStore(engine)  # migrates on opening, as the app does
    assert st.current_revision(engine) == "0002"
    rows = {s.id: s for s in store.list()}
    assert sorted(s.name for s in rows.values()) == ["Café  plan", "Plan", "plan (2)"]
    # names that differed only in case survive under a new name; links come from name and id
    assert rows[1].slug == "plan-1" and rows[2].slug == "plan-2-2" and rows[3].slug == "cafe-plan-3"
    assert store.open("plan-2-2").payload == {"target": {"kind": "gm_best"}}
    assert all(s.revision == 1 for s in rows.values())
    with pytest.raises(st.NameTaken, match="'Plan' already exists"):
        store.save("PLAN", {})
    opened = store.open(1)
    assert (opened.kind, opened.payload_version) == ("what-if", 1)
    assert opened.created_at == datetime(2025, 1, 1, tzinfo=UTC)


def test_downgrade_and_upgrade_again_keep_the_data(engine):
    _old_database(engine)
    st.upgrade(engine)
    st.downgrade(engine, "0001")
    with engine.connect() as conn:
        names = conn.execute(text("select name from scenarios order by id")).scalars().all()
    assert names == ["Plan", "plan (2)", "Café  plan"]
    st.upgrade(engine)
    assert [s.name for s in sorted(st.ScenarioStore(engine).list(), key=lambda s: s.id)] == names


def test_the_migrated_schema_is_the_one_the_models_describe(engine):
    st.ScenarioStore(engine)
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        columns = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(columns) == {c.name for c in table.columns}
        for column in table.columns:
            assert columns[column.name]["nullable"] == column.nullable, column.name
        uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table.name)}
        assert uniques == {("slug",), ("name_key",)}
