"""Every queries/*.sql has a documented header and exactly one wrapper whose parameters match."""

from __future__ import annotations

import inspect
import re

import pytest

from gmdash import queries

SQL_FILES = sorted(queries.QUERIES_DIR.glob("*.sql"))


def test_there_are_queries():
    assert len(SQL_FILES) >= 15


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.stem)
def test_file_has_header(path):
    header = path.read_text().split("\n")
    assert header[0].startswith(f"-- {path.stem}:"), "first line names the query and its answer"
    text = "\n".join(header[:12])
    for label in ("Grain:", "Parameters:", "Columns:"):
        assert f"-- {label}" in text, f"{path.name} header lacks {label}"


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.stem)
def test_wrapper_parameters_match_sql(path):
    wrapper = getattr(queries, path.stem, None)
    assert callable(wrapper), f"gmdash.queries has no function {path.stem}()"
    signature = inspect.signature(wrapper)
    names = [n for n in signature.parameters if n != "con"]
    assert sorted(names) == sorted(queries.named_parameters(queries.sql_text(path.stem)))
    declared = re.search(r"-- Parameters: (.*)", path.read_text())
    assert declared is not None
    for name in names:
        assert f"${name}" in declared.group(1), f"header of {path.name} does not list ${name}"


def test_every_wrapper_has_a_file():
    public = [
        name
        for name, fn in inspect.getmembers(queries, inspect.isfunction)
        if fn.__module__ == queries.__name__
        and not name.startswith("_")
        and "con" in inspect.signature(fn).parameters
        and name != "run"
    ]
    assert sorted(public) == sorted(p.stem for p in SQL_FILES)


def test_named_parameters_ignores_strings_and_comments():
    sql = "select '$not' as a -- $nor\n/* $neither */ from t where x = $yes and y = $also"
    assert queries.named_parameters(sql) == ["yes", "also"]


def test_run_refuses_wrong_parameters(fixture_con):
    with pytest.raises(TypeError, match="takes"):
        queries.run(fixture_con, "indicator_periods", indicator_id="x")
