"""The app's DuckDB connection cannot write to, or read outside, the extracts, whatever it is given."""

from __future__ import annotations

import duckdb
import pytest

from gmdash import db, queries

ATTEMPTS = [
    "COPY areas TO '{data}/areas.parquet'",
    "COPY (SELECT 1) TO '{data}/injected.csv'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_parquet('{data}/areas.parquet')",
    "ATTACH '{data}/evil.duckdb' AS evil",
    "INSERT INTO areas (area_code) VALUES ('X')",
    "DROP TABLE areas",
    "SET enable_external_access = true",
    "INSTALL httpfs",
]


@pytest.mark.parametrize("statement", ATTEMPTS)
def test_statements_that_touch_files_or_data_are_refused(fixture_con, fixture_data_dir, statement):
    before = sorted(p.name for p in fixture_data_dir.iterdir())
    with pytest.raises(duckdb.Error):
        fixture_con.cursor().execute(statement.format(data=fixture_data_dir)).fetchall()
    assert sorted(p.name for p in fixture_data_dir.iterdir()) == before
    assert fixture_con.cursor().execute("select count(*) from areas").fetchone()[0] == 15


@pytest.mark.parametrize(
    "hostile",
    ["/etc/passwd", "'; DROP TABLE areas; --", "../../etc/passwd", "read_csv('/etc/passwd')"],
)
def test_hostile_parameters_are_values_not_sql(fixture_con, hostile):
    frame = queries.indicator_periods(fixture_con, indicator_id=hostile)
    assert frame.empty
    frame = queries.funding_allocations(fixture_con, area_codes=[hostile])
    assert frame.empty
    assert fixture_con.cursor().execute("select count(*) from areas").fetchone()[0] == 15


def test_snapshot_leaves_no_file_behind(fixture_data_dir, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    con = db.connect(fixture_data_dir)
    assert list(tmp_path.iterdir()) == []
    con.close()


def test_missing_extracts_are_reported_clearly(tmp_path):
    with pytest.raises(db.ExtractsMissing, match="make data"):
        db.connect(tmp_path)
