"""Public health and drug strategy grant allocations, each figure with its source."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gmcore.schema import FUNDING, FUNDING_STATUSES
from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked, require_unique, to_number

FINANCIAL_YEAR = r"(?P<start>(?:19|20)\d\d)/(?P<end>\d\d)"


def _fail(path: Path, values: pd.Series, bad: pd.Series, problem: str) -> None:
    """Raise for the first True in `bad`, naming its file row and value."""
    flags = bad.to_numpy(dtype=bool)
    if flags.any():
        pos = int(flags.argmax())
        raise SourceError(
            path, f"column {values.name!r} value {values.iloc[pos]!r}: {problem}", row=file_row(pos)
        )


def _strip(column: pd.Series) -> pd.Series:
    return column.str.strip()


def load_funding(path: Path) -> pd.DataFrame:
    """Grant allocations, budgets and FOI spend for England, GM (E47000001) and the GM boroughs.

    Source: `funding_allocations.csv`, a figure-by-figure extract. Publishers per row: DHSC and
    GOV.UK circulars and drug funding pages (e.g.
    https://www.gov.uk/government/publications/public-health-grants-to-local-authorities-2025-to-2026),
    UK Parliament written answers, GM councils and local press. Each row's `source_url` is the page
    the figure appears on and `source_note` quotes it; see funding/PROVENANCE.md.

    Gaps stay gaps: a year or area with no sourced figure has no row. Amounts are cash terms,
    and must be non-negative: the one reduction, `phg_in_year_reduction_2015_16`, is recorded
    as the size of the cut (Wigan "set to lose £1,635,661") and the grant name carries its sign,
    so a negative amount would mean the convention changed. Keeps the extra `area_name` column,
    which the build drops.
    """
    path = Path(path)
    source_columns = [c for c in FUNDING.columns if c != "year_start"]
    raw = read_csv_checked(path, [*source_columns, "area_name"])
    raw = raw.apply(_strip)
    for column in (c for c in FUNDING.not_null if c != "amount_gbp"):
        _fail(path, raw[column], raw[column].fillna("") == "", "blank")
    fy = raw["financial_year"]
    _fail(path, fy, ~fy.str.fullmatch(FINANCIAL_YEAR), "not a financial year like 2022/23")
    parts = fy.str.extract(FINANCIAL_YEAR)
    start = parts["start"].astype("int64")
    _fail(path, fy, (start + 1) % 100 != parts["end"].astype("int64"), "years not consecutive")
    _fail(path, raw["status"], ~raw["status"].isin(FUNDING_STATUSES), f"not in {FUNDING_STATUSES}")
    amount = to_number(raw["amount_gbp"], path, "amount_gbp", missing=())
    _fail(path, raw["amount_gbp"], amount < 0, "negative")
    require_unique(raw, list(FUNDING.key), path)
    note = raw["source_note"]
    out = raw.assign(year_start=start, amount_gbp=amount, source_note=note.mask(note == ""))
    out = out[[*FUNDING.columns, "area_name"]].astype(FUNDING.columns | {"area_name": "string"})
    return out.sort_values(list(FUNDING.key)).reset_index(drop=True)
