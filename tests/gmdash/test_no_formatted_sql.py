"""No SQL text anywhere in the project is built by formatting values into strings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# SQL shapes, not single words: prose says "where" and "from" too.
SQL_SHAPES = re.compile(
    r"\bselect\b[\s\S]*\bfrom\b|\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+\w+\s+set\b"
    r"|\bcreate\s+(?:or\s+replace\s+)?(?:temp\s+)?(?:table|view)\b|\bcopy\b[\s\S]*\bto\s+'"
    r"|\battach\s+'|\bpragma\s+\w+",
    re.I,
)
EXECUTORS = {"execute", "sql", "query", "executemany", "from_query"}


def _python_files():
    for folder in ("gmdash", "gmdata", "pages", "tests"):
        yield from (REPO / folder).rglob("*.py")
    yield REPO / "app.py"


def _formatted_sql(node: ast.AST) -> bool:
    """An f-string, %-format or .format() whose literal text reads like SQL."""
    if isinstance(node, ast.JoinedStr) and any(
        isinstance(v, ast.FormattedValue) for v in node.values
    ):
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return bool(SQL_SHAPES.search(text))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        for side in (node.left, node.right):
            if (
                isinstance(side, ast.Constant)
                and isinstance(side.value, str)
                and SQL_SHAPES.search(side.value)
            ):
                return True
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
    ):
        return bool(SQL_SHAPES.search(str(node.func.value.value)))
    return False


def test_no_sql_is_built_by_formatting():
    offenders = []
    for path in _python_files():
        if path.name == "test_no_formatted_sql.py":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in EXECUTORS
                and node.args
            ):
                if _formatted_sql(node.args[0]) or isinstance(node.args[0], ast.JoinedStr):
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
            elif _formatted_sql(node):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not offenders, f"SQL built by string formatting at {offenders}"


def test_scanner_catches_formatting():
    # Assembled from parts so that this example is not itself a formatted execute() call.
    bad = ast.parse("con.execute(" + 'f"select * from t where a = {x}")').body[0].value
    assert isinstance(bad, ast.Call) and isinstance(bad.args[0], ast.JoinedStr)
    assert _formatted_sql(ast.parse('"select a from t where b = %s" % x').body[0].value)
    assert _formatted_sql(ast.parse('"select a from t where b = {}".format(x)').body[0].value)
    assert _formatted_sql(ast.parse('f"delete from {table}"').body[0].value)
    assert not _formatted_sql(ast.parse('f"{n} rows, where {a} came from {b}"').body[0].value)


def test_sql_files_bind_values():
    for path in (REPO / "queries").glob("*.sql"):
        text = path.read_text()
        assert "{" not in text and "%s" not in text, f"{path.name} has a format placeholder"
