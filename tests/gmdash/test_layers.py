"""Only the UI layer imports Streamlit; the build and the logic stay usable from a notebook."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_streamlit_only_in_the_ui_layer():
    offenders = []
    for package in ("gmdash", "gmdata"):
        for path in (REPO / package).rglob("*.py"):
            if path.relative_to(REPO).parts[:2] == ("gmdash", "ui"):
                continue
            if "streamlit" in _imports(path):
                offenders.append(str(path.relative_to(REPO)))
    assert not offenders, f"Streamlit imported outside gmdash/ui: {offenders}"


def test_pages_contain_no_sql():
    for path in [REPO / "app.py", *(REPO / "pages").glob("*.py")]:
        text = path.read_text().lower()
        for word in ("duckdb", "read_parquet", "select * from", ".execute("):
            assert word not in text, f"{path.name} contains {word!r}: SQL belongs in queries/"
