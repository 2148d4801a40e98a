"""The one error a malformed source raises: it names the file, the row and what is wrong."""

from __future__ import annotations

from pathlib import Path


class SourceError(ValueError):
    """A raw source file cannot be read as documented; the build stops and writes nothing."""

    def __init__(self, path: Path | str, problem: str, row: int | None = None) -> None:
        self.path = Path(path)
        self.row = row
        self.problem = problem
        where = f"{self.path.name}" + (f", row {row}" if row is not None else "")
        super().__init__(f"{where}: {problem}")


class CheckError(ValueError):
    """A data check on the assembled extracts failed; the build writes nothing."""
