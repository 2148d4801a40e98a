"""The import table in CONTRIBUTING.md, enforced: each layer imports only the layers below it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Layer -> the project layers it may import (itself included). Written here, not read from the
# docs, so a change to the rules is a deliberate change to this test as well as to CONTRIBUTING.
MAY_IMPORT = {
    "gmcore": {"gmcore"},
    "gmdata": {"gmcore", "gmdata"},
    "gmdash": {"gmcore", "gmdata", "gmdash"},
    "gmdash.ui": {"gmcore", "gmdata", "gmdash", "gmdash.ui"},
    "pages": {"gmcore", "gmdash", "gmdash.ui"},
}
PROJECT = ("gmcore", "gmdata", "gmdash")
STREAMLIT_LAYERS = {"gmdash.ui", "pages"}


def _layer_of_file(path: Path) -> str:
    parts = path.relative_to(REPO).parts
    if parts[0] in ("pages", "app.py"):
        return "pages"
    if parts[:2] == ("gmdash", "ui"):
        return "gmdash.ui"
    return parts[0]


def _layer_of_module(module: str) -> str | None:
    if module == "gmdash.ui" or module.startswith("gmdash.ui."):
        return "gmdash.ui"
    top = module.split(".")[0]
    return top if top in PROJECT else None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from gmdash import ui` imports the ui layer, not just the package.
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _sources() -> list[Path]:
    files = [REPO / "app.py", *(REPO / "pages").glob("*.py")]
    for package in PROJECT:
        files += sorted((REPO / package).rglob("*.py"))
    return files


def test_every_layer_imports_only_what_the_table_allows():
    offenders = []
    for path in _sources():
        layer = _layer_of_file(path)
        for module in _imports(path):
            target = _layer_of_module(module)
            if module.split(".")[0] == "streamlit" and layer not in STREAMLIT_LAYERS:
                offenders.append(f"{path.relative_to(REPO)} imports streamlit")
            elif target is not None and target not in MAY_IMPORT[layer]:
                offenders.append(f"{path.relative_to(REPO)} ({layer}) imports {module}")
    assert not offenders, "\n".join(sorted(set(offenders)))


def test_no_import_cycle_between_the_packages():
    edges: dict[str, set[str]] = {p: set() for p in PROJECT}
    for path in _sources():
        source = path.relative_to(REPO).parts[0]
        if source not in PROJECT:
            continue
        for module in _imports(path):
            target = module.split(".")[0]
            if target in PROJECT and target != source:
                edges[source].add(target)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in edges[start]
        )

    cycles = [p for p in PROJECT if reaches(p, p)]
    assert not cycles, f"packages on an import cycle: {cycles} ({edges})"


def test_the_table_is_the_one_contributing_documents():
    text = (REPO / "CONTRIBUTING.md").read_text()
    for layer in ("gmcore/", "gmdata/", "gmdash/", "gmdash/ui/", "pages/"):
        assert re.search(rf"\| [^|]*`{re.escape(layer)}`", text), f"{layer} missing from the table"


def test_pages_contain_no_sql():
    for path in [REPO / "app.py", *(REPO / "pages").glob("*.py")]:
        text = path.read_text().lower()
        for word in ("duckdb", "read_parquet", "select * from", ".execute("):
            assert word not in text, f"{path.name} contains {word!r}: SQL belongs in queries/"
