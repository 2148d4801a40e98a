"""Strict CSV reading shared by the loaders: every failure names the file, the row and the problem."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gmdata.errors import SourceError

# Line 1 of a CSV is its header, so the first data row is file row 2.
HEADER_ROWS = 1


def file_row(index: int) -> int:
    """The 1-based line number in the source file of the data row at 0-based position `index`."""
    return int(index) + HEADER_ROWS + 1


def read_csv_checked(
    path: Path,
    required: Iterable[str],
    *,
    encoding: str = "utf-8-sig",
    compression: str | None = "infer",
    na_values: Iterable[str] = (),
) -> pd.DataFrame:
    """Read a CSV as strings, failing clearly on a missing, empty, mis-encoded or mis-shaped file.

    Every cell is read as text (`dtype=str`) so that each loader converts numbers itself with
    `to_number`, which reports the first bad row instead of silently producing NaN.
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(path, "file not found")
    try:
        raw = path.read_bytes()
        if compression == "infer" and path.suffix == ".gz":
            import gzip

            raw = gzip.decompress(raw)
        # Single-byte codecs such as cp1252 decode almost anything, so a UTF-16 file would pass
        # as text and fail later as a confusing tokenising error; NUL bytes give it away.
        if b"\x00" in raw:
            raise SourceError(
                path, f"not valid {encoding} text: it contains NUL bytes (UTF-16 or binary?)"
            )
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            path, f"not valid {encoding} text (byte {exc.start}); expected encoding {encoding}"
        ) from exc
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc}") from exc
    if not text.strip():
        raise SourceError(path, "file is empty")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_values=list(na_values),
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise SourceError(path, f"not a readable CSV: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceError(
            path, f"missing column(s) {missing}; found {list(frame.columns)[:12]}", row=1
        )
    if frame.empty:
        raise SourceError(path, "file has a header but no data rows")
    return frame


def to_number(
    values: pd.Series,
    path: Path,
    column: str,
    *,
    missing: Iterable[str] = ("",),
    thousands: bool = False,
) -> pd.Series:
    """Convert text cells to float; cells in `missing` become NaN, anything else non-numeric raises.

    `missing` lists the source's documented markers for an absent value (for example "-", "*",
    "NULL"); an undocumented marker is an error, because it may hide a change in the source.
    """
    fast = _arrow_numbers(values, missing, thousands)
    if fast is not None:
        return pd.Series(fast, index=values.index, name=values.name, dtype="float64")
    text = values.astype("string").str.strip()
    if thousands:
        text = text.str.replace(",", "", regex=False)
    is_missing = text.isna() | text.isin(list(missing))
    numbers = pd.to_numeric(text.where(~is_missing), errors="coerce")
    bad = numbers.isna() & ~is_missing
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise SourceError(
            path,
            f"column {column!r} has non-numeric value {values.iloc[position]!r}",
            row=file_row(position),
        )
    return numbers.astype("float64")


# ASCII whitespace only: Python's strip also removes it, so a cell the fast path trims is trimmed
# the same way below; a cell with other (Unicode) spaces fails the fast cast and goes below.
_ASCII_SPACE = " \t\n\r\x0b\x0c"


def _arrow_numbers(values: pd.Series, missing: Iterable[str], thousands: bool) -> Any:
    """`to_number`'s result for a column of Arrow-backed text that is all clean, else None.

    Arrow casts a whole column in C, where pandas parses it cell by cell in Python objects (most
    of the build's reading time). Both round each decimal correctly, so they agree wherever the
    cast succeeds, except on text pandas treats specially: "nan" (an error below) and "-0"
    (read by pandas as the integer 0). A column with either, or with any cell the cast rejects,
    returns None and takes the exact path, which also finds and reports the first bad cell.
    """
    dtype = values.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    text = pc.utf8_trim(values.array.__arrow_array__(), _ASCII_SPACE)
    if thousands:
        text = pc.replace_substring(text, ",", "")
    markers = pa.array(list(missing), text.type)
    if len(markers):
        text = pc.if_else(pc.is_in(text, value_set=markers), pa.scalar(None, text.type), text)
    try:
        numbers = pc.cast(text, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    out = numbers.to_numpy()
    if np.isnan(out[pc.is_valid(numbers).to_numpy()]).any() or np.signbit(out[out == 0]).any():
        return None
    return out


def require_unique(frame: pd.DataFrame, keys: list[str], path: Path) -> None:
    """Raise naming the first duplicated key in a source file."""
    dup = frame.duplicated(subset=keys, keep="first")
    if dup.any():
        position = int(np.flatnonzero(dup.to_numpy())[0])
        key = {k: frame[k].iloc[position] for k in keys}
        raise SourceError(path, f"duplicate key {key}", row=file_row(position))
