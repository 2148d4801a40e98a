"""to_number: the column-at-once cast and the cell-by-cell path give the same numbers and errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gmdata.errors import SourceError
from gmdata.io import to_number

SOURCE = Path("source.csv")


def text(*cells: str | None) -> pd.Series:
    """A column as read_csv_checked returns it: pandas' default (Arrow-backed) text."""
    return pd.Series(list(cells), dtype="str", name="value", index=range(10, 10 + len(cells)))


def test_clean_column_keeps_index_name_and_dtype() -> None:
    out = to_number(text("1", " 2.5 ", "\t-3e2\n", "+4", ".5", "12345678901234567890"), SOURCE, "v")
    assert out.dtype == "float64"
    assert out.name == "value"
    assert out.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert out.tolist() == [1.0, 2.5, -300.0, 4.0, 0.5, 1.2345678901234567e19]


def test_markers_blank_cells_and_thousands() -> None:
    out = to_number(
        text("-", " - ", None, "1,234", "5"), SOURCE, "v", missing=("-",), thousands=True
    )
    assert np.isnan(out.iloc[:3]).all()
    assert out.iloc[3:].tolist() == [1234.0, 5.0]


def test_minus_zero_reads_as_zero() -> None:
    # pandas reads "-0" as the integer 0, so the result has no sign (it would change the bytes
    # of an extract if the cast's -0.0 were kept).
    out = to_number(text("-0", "1"), SOURCE, "v", missing=())
    assert not np.signbit(out.iloc[0])


def test_unicode_space_is_trimmed_as_before() -> None:
    out = to_number(text("\u00a012\u00a0", "\u2003-"), SOURCE, "v", missing=("-",))
    assert out.iloc[0] == 12.0
    assert np.isnan(out.iloc[1])


@pytest.mark.parametrize(
    ("cells", "missing", "bad", "row"),
    [
        (("1", "nan", "2"), (), "'nan'", 3),
        (("1", "2", ""), (), "''", 4),
        (("1", "x", "*"), ("-",), "'x'", 3),
        (("1", "1 000"), (), "'1 000'", 3),
        (("NA", "1,5"), ("NA",), "'1,5'", 3),
    ],
)
def test_first_bad_cell_is_named_with_its_row(
    cells: tuple[str, ...], missing: tuple[str, ...], bad: str, row: int
) -> None:
    with pytest.raises(SourceError) as caught:
        to_number(text(*cells), SOURCE, "v", missing=missing)
    assert f"column 'v' has non-numeric value {bad}" in str(caught.value)
    assert caught.value.row == row
