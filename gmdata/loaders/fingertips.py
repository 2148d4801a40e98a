"""OHID Fingertips indicator-data CSV: reading, downloading, and the indicator-row shape it sets."""

from __future__ import annotations

import gzip
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from http.client import HTTPException
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from gmcore.schema import INDICATOR_VALUES, SEXES
from gmdata.catalogue import BY_FINGERTIPS_ID, CALENDAR_YEAR, FINANCIAL_YEAR
from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked, to_number

FINGERTIPS_BASE_URL = "https://fingertips.phe.org.uk"
UPPER_TIER, LOWER_TIER = 502, 501

# Every loader returns the extract's columns, plus the source's area name (the build resolves
# names to codes, then drops it) and less the illustrative flag (the build sets it).
INDICATOR_COLUMNS: dict[str, str] = {}
for _name, _dtype in INDICATOR_VALUES.columns.items():
    if _name != "is_illustrative":
        INDICATOR_COLUMNS[_name] = _dtype
    if _name == "area_code":
        INDICATOR_COLUMNS["area_name"] = "string"
INDICATOR_KEY = list(INDICATOR_VALUES.key)

VALUE_COLUMNS = {
    "Value": "value",
    "Lower CI 95.0 limit": "lci95",
    "Upper CI 95.0 limit": "uci95",
    "Lower CI 99.8 limit": "lci998",
    "Upper CI 99.8 limit": "uci998",
    "Count": "count",
    "Denominator": "denominator",
}
# Columns both shapes of the file carry: the API bulk CSV and the website's "export data" CSV.
# The website export has no "Time period range", so the span may come from the period label,
# which also gives the start year: the label is in every shape, while "Time period Sortable"
# is a column fingertipsR asks the API for explicitly (include_sortable_time_periods=yes).
REQUIRED = [
    "Indicator ID",
    "Indicator Name",
    "Area Code",
    "Area Name",
    "Sex",
    "Age",
    "Category Type",
    "Time period",
    *VALUE_COLUMNS,
    "Value note",
]
RANGE = "Time period range"
RANGES = {"1y": 1, "3y": 3}
# Period labels Fingertips writes for annual and 3-year periods: "2017", "2016 - 18", "2017/18",
# "2015/16 - 17/18". The groups are the start year and, for a span, its last year's two digits.
PERIOD_LABEL = r"^(?P<start>\d{4})(?P<fin>/\d{2})?(?: - (?P<end>\d{2})(?:/\d{2})?)?$"


class FingertipsDownloadError(RuntimeError):
    """The Fingertips API could not be reached or did not return a usable CSV."""


def number(
    frame: pd.DataFrame, column: str, path: Path, missing: Iterable[str] = ("",)
) -> pd.Series:
    """`to_number` on a filtered frame whose index is still the source row position.

    io.to_number reports the position within the series it is given, so the filtered rows are
    padded back to the file's length (padding counts as missing) to keep its row numbers true.
    """
    if frame.empty:
        return pd.Series(index=frame.index, dtype="float64")
    full = frame[column].reindex(pd.RangeIndex(int(frame.index.max()) + 1))
    return to_number(full, path, column, missing=missing).loc[frame.index]


def check_unique(frame: pd.DataFrame, keys: list[str], path: Path) -> None:
    """Raise on the first repeated key, naming its source row (the frame's index label)."""
    dup = frame.duplicated(subset=keys, keep="first").to_numpy()
    if dup.any():
        label = frame.index[int(dup.argmax())]
        key = {k: frame.at[label, k] for k in keys}
        raise SourceError(path, f"duplicate key {key}", row=file_row(int(label)))


def check_labels(
    values: pd.Series,
    allowed: Iterable[str],
    path: Path,
    column: str,
    as_published: pd.Series | None = None,
) -> None:
    """Raise naming the first row whose (normalised) label is not one of `allowed`."""
    bad = (~values.isin(list(allowed))).to_numpy()
    if bad.any():
        label = values.index[int(bad.argmax())]
        shown = (values if as_published is None else as_published)[label]
        raise SourceError(
            path, f"column {column!r} has unexpected value {shown!r}", row=file_row(label)
        )


def year_start(years: pd.Series, financial: pd.Series | bool) -> pd.Series:
    """1 April of the start year for financial periods, 1 January for calendar ones."""
    is_financial = pd.Series(financial, index=years.index, dtype=bool)
    month = pd.Series(4, index=years.index).where(is_financial, 1)
    starts = pd.to_datetime({"year": years.astype("int64"), "month": month, "day": 1})
    return starts.astype("datetime64[ms]")


def financial_start_years(labels: pd.Series, path: Path, column: str) -> pd.Series:
    """Start years of "2018/19" labels; any other shape, or a non-consecutive pair, raises."""
    parts = labels.str.extract(r"^(\d{4})/(\d{2})$")
    start = pd.to_numeric(parts[0])
    bad = (start.isna() | ((start + 1) % 100 != pd.to_numeric(parts[1]))).to_numpy()
    if bad.any():
        label = labels.index[int(bad.argmax())]
        raise SourceError(
            path,
            f"column {column!r} has {labels[label]!r}, not a financial year like 2018/19",
            row=file_row(label),
        )
    return start.astype("int64")


def indicator_rows(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Fill absent columns, name the source, cast to INDICATOR_COLUMNS and check the key.

    Rows with no area code are keyed by name (the build resolves names); the index must still be
    the source row position so that a duplicate names its row.
    """
    out = frame.assign(source=path.name)
    for column, dtype in INDICATOR_COLUMNS.items():
        if column not in out:
            out[column] = float("nan") if dtype == "float64" else pd.NA
    out = out[list(INDICATOR_COLUMNS)].astype(INDICATOR_COLUMNS)
    keyed = out.assign(area_code=out["area_code"].fillna("name:" + out["area_name"]))
    check_unique(keyed, INDICATOR_KEY, path)
    return out.sort_values([*INDICATOR_KEY, "area_name"]).reset_index(drop=True)


def blank_to_na(values: pd.Series) -> pd.Series:
    """Strip text; an empty cell becomes NA."""
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def period_spans(labels: pd.Series, path: Path) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(start year, is financial, span label "1y"/"3y") from Fingertips period labels.

    Only annual and 3-year labels are catalogue periods; any other shape raises naming its row.
    """
    parts = labels.str.extract(PERIOD_LABEL)
    start = pd.to_numeric(parts["start"])
    end_yy = pd.to_numeric(parts["end"])
    years = ((end_yy - start % 100) % 100 + 1).where(end_yy.notna(), 1)
    span = years.map({1: "1y", 3: "3y"})
    bad = (start.isna() | span.isna()).to_numpy()
    if bad.any():
        label = labels.index[int(bad.argmax())]
        raise SourceError(
            path,
            f"column 'Time period' has {labels[label]!r}, not an annual or 3-year period",
            row=file_row(label),
        )
    return start.astype("int64"), parts["fin"].notna(), span.astype("string")


def load_fingertips_csv(path: Path) -> pd.DataFrame:
    """Indicator rows from a Fingertips indicator-data CSV, in either of its published shapes.

    Shapes: the API bulk CSV (https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id,
    27 columns ending "Time period Sortable", "New data", "Compared to goal", "Time period range";
    the 23rd is "Compared to <parent area type> value or percentiles") and the website's "export
    data" CSV (indicators-<area type>.data.csv: the same columns without "Time period range").
    Source: Office for Health Improvement and Disparities, Public Health Profiles (Fingertips),
    https://fingertips.phe.org.uk/api#!/Data/Data_GetDataFileForOneIndicator. Only catalogue
    indicators and rows without a `Category Type` (deprivation-decile and other breakdowns) are
    kept. A catalogue indicator published by calendar year must come in calendar years (and a
    financial-year one in financial years): rows in the other kind would sit beside its series.
    """
    path = Path(path)
    raw = read_csv_checked(path, REQUIRED)
    ids = to_number(raw["Indicator ID"], path, "Indicator ID", missing=())
    slugs = ids.map({float(k): v.indicator_id for k, v in BY_FINGERTIPS_ID.items()})
    if slugs.isna().all():
        found = sorted({int(i) for i in ids})
        raise SourceError(
            path,
            f"no catalogue indicator in the file; found Indicator ID(s) {found}, expected "
            f"one of {sorted(BY_FINGERTIPS_ID)}",
        )
    rows = raw[slugs.notna() & (raw["Category Type"].str.strip() == "")]
    if rows.empty:
        raise SourceError(path, "catalogue indicators appear only in Category Type breakdowns")

    labels = rows["Time period"].str.strip()
    label_start, financial, label_span = period_spans(labels, path)
    if RANGE in rows:
        span = rows[RANGE].str.strip()
        check_labels(span, RANGES, path, RANGE)
    else:
        span = label_span
    pooled = span.map(RANGES) == 3
    kind = financial.map({True: FINANCIAL_YEAR, False: CALENDAR_YEAR})
    expected = ids[rows.index].map(lambda i: BY_FINGERTIPS_ID[int(i)].period_type)
    wrong = (expected.notna() & (expected != kind)).to_numpy()
    if wrong.any():
        label = rows.index[int(wrong.argmax())]
        raise SourceError(
            path,
            f"indicator {int(ids[label])} is published in {expected[label].replace('_', ' ')}s; "
            f"this row's period {labels[label]!r} is not one",
            row=file_row(label),
        )
    period_type = kind + pooled.map({True: "_3", False: ""})
    sex = rows["Sex"].str.strip()
    check_labels(sex, SEXES, path, "Sex")
    out = pd.DataFrame(
        {
            "indicator_id": slugs[rows.index],
            "area_code": blank_to_na(rows["Area Code"]),
            "area_name": rows["Area Name"].str.strip(),
            "period": labels,
            "period_start": year_start(label_start, financial),
            "period_type": period_type,
            "sex": sex,
            "age": rows["Age"].str.strip(),
            "note": blank_to_na(rows["Value note"]),
        }
        | {new: number(rows, old, path) for old, new in VALUE_COLUMNS.items()}
    )
    # An area listed under two parent areas repeats identical values; conflicting repeats raise.
    out = out[~out.drop(columns="area_name").duplicated()]
    return indicator_rows(out, path)


def fingertips_url(
    indicator_ids: Sequence[int], area_type_id: int, base_url: str = FINGERTIPS_BASE_URL
) -> str:
    """The Fingertips API bulk-CSV address for these indicators (area type 502 UTLA, 501 LTLA)."""
    if not indicator_ids:
        raise ValueError("at least one Fingertips indicator id is needed")
    query = urlencode(
        {
            "indicator_ids": ",".join(str(int(i)) for i in indicator_ids),
            "child_area_type_id": int(area_type_id),
        },
        safe=",",
    )
    return f"{base_url.rstrip('/')}/api/all_data/csv/by_indicator_id?{query}"


def _reason(exc: BaseException, timeout: float) -> str:
    """A short, human reason for a failed request."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(cause, TimeoutError):
        return f"timed out after {timeout:g} s (timeout)"
    return f"{type(cause).__name__}: {cause}"


def download_fingertips_csv(
    indicator_ids: Sequence[int],
    area_type_id: int,
    dest: Path,
    base_url: str = FINGERTIPS_BASE_URL,
    timeout: float = 30.0,
) -> Path:
    """Download the Fingertips bulk CSV for these indicators to `dest`, checked by parsing it.

    Source: OHID Fingertips API, https://fingertips.phe.org.uk/api (all_data/csv/by_indicator_id).
    The body goes to a temporary file beside `dest` and replaces it only once it parses, so a
    failed or partial download never leaves a half-written file behind.
    """
    dest = Path(dest)
    url = fingertips_url(indicator_ids, area_type_id, base_url)
    ids = ",".join(str(int(i)) for i in indicator_ids)

    def failure(reason: str) -> FingertipsDownloadError:
        return FingertipsDownloadError(
            f"Could not download Fingertips indicators {ids} from {url}: {reason}. "
            "Check the network or pass a downloaded file with FINGERTIPS=path."
        )

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "gmdata/0.1 (+fingertips)"})
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as r:
                while chunk := r.read(1 << 16):
                    out.write(chunk)
        except (OSError, HTTPException) as exc:  # URLError, HTTPError and timeouts are OSErrors
            raise failure(_reason(exc, timeout)) from exc
        body = tmp.read_bytes()
        if not body.strip():
            raise failure("the server returned an empty body")
        if body[:2] == b"\x1f\x8b":  # served gzipped without Content-Encoding handling
            tmp.write_bytes(gzip.decompress(body))
        try:
            load_fingertips_csv(tmp)
        except SourceError as exc:
            raise failure(f"the response is not a usable Fingertips CSV ({exc.problem})") from exc
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
