"""A user's own figures: a Fingertips CSV, a ViewIt LA export or a small CSV of local figures.

An upload goes through the data build's own loaders (gmdata.loaders), interval methods
(gmdata.build.fill_intervals) and checks (gmdata.checks), after a first pass over the raw text
that lists every problem by row: wrong columns, text in numbers, unknown area codes, counts
above their denominators, repeated keys and spreadsheet formulas. Any problem refuses the whole
file, so nothing half-read is ever used. The figures come back in the indicator_values shape
with ``data_status`` "user"; they live only in memory (a temporary file while the loaders read
it, removed at once) and never touch data/. No uploaded free text is kept: names are replaced
by the known area's name, and notes by a fixed note naming the file.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from gmcore.schema import INDICATOR_VALUES
from gmdash import disclosure, queries
from gmdash.queries import Ask
from gmdash.whatif import USER, statuses
from gmdata import catalogue, checks
from gmdata.errors import CheckError, SourceError
from gmdata.io import to_number
from gmdata.loaders.fingertips import load_fingertips_csv
from gmdata.loaders.viewit import load_viewit_la_export

MAX_UPLOAD_BYTES = 5_000_000
MAX_UPLOAD_LABEL = "5 MB"
#: Problems listed before the rest are summarised, so a huge bad file gives a readable list.
MAX_PROBLEMS = 50
KINDS = {
    "fingertips": "Fingertips indicator CSV",
    "viewit": "NDTMS ViewIt local-authority export",
    "local": "local figures (area_code, period, count, denominator)",
}
OUTPUT_COLUMNS = [*INDICATOR_VALUES.columns, "data_status"]
#: A cell a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook or other zip file",
    b"\xd0\xcf\x11\xe0": "an old-style Excel (.xls) workbook",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
}
FINGERTIPS_KEYS = (
    "Indicator ID",
    "Area Code",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
)
FINGERTIPS_NUMBERS = (
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Time period Sortable",
)
# The ViewIt export's identifying fields (PROVENANCE.md, outcomes 4); every other field is a count.
VIEWIT_KEYS = ("ReportingPeriod", "Area", "sex", "age_group", "drug_group")
VIEWIT_PAIRS = (("scnr_scrn_allintx", "scnr_intreatment_allintx"),)
VIEWIT_MISSING = ("NULL", "")
LOCAL_COLUMNS = ("area_code", "period", "count", "denominator")
FINANCIAL = re.compile(r"^(\d{4})/(\d{2})$")
CALENDAR = re.compile(r"^(\d{4})$")
SAFE_LABEL = re.compile(r"^[\w +<>\-/.]{1,40}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload: the file row (1 is the header) and column, if known."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass(frozen=True)
class Lookups:
    """What an upload is checked against: the known areas and the indicator catalogue."""

    areas: pd.DataFrame
    indicators: pd.DataFrame

    @property
    def area_codes(self) -> set[str]:
        return set(self.areas["area_code"].astype(str))


def lookups(ask: Ask) -> Lookups:
    """The areas, and the indicators an upload may carry, through the query layer.

    The indicators are the extract's, plus the build catalogue's ones that the extract happens
    not to hold (ViewIt's own completion measures exist only when an export is given), so an
    official file of either shape reads in full.
    """
    extract = ask(queries.indicator_catalogue)
    missing = [i for i in catalogue.CATALOGUE if i.indicator_id not in set(extract["indicator_id"])]
    extra = pd.DataFrame([vars(i) for i in missing]).assign(is_illustrative=False)
    # With no values in the extract these have no periods yet; uploads bring their own.
    return Lookups(ask(queries.area_lookup), pd.concat([extract, extra], ignore_index=True))


@dataclass(frozen=True)
class Upload:
    """The result of reading an upload: figures when it passed, the problems when it did not."""

    kind: str
    filename: str
    rows: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    summary: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rows.empty

    def problem_lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def safe_filename(name: object) -> str:
    """A file name fit to show and save: no folders, no odd characters, no formula start."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    cleaned = re.sub(r"[^A-Za-z0-9 ._()\-]", "_", base).strip(" .")[:80]
    cleaned = cleaned.lstrip("=+-@_ ") or "upload.csv"
    return cleaned


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in OUTPUT_COLUMNS})


def _refuse(kind: str, filename: str, problems: Sequence[Problem]) -> Upload:
    shown = list(problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        shown.append(Problem(f"… and {len(problems) - MAX_PROBLEMS} more problems not listed."))
    return Upload(kind, filename, _empty(), tuple(shown), "Nothing was read from this file.")


def _decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """The file's text, or why it cannot be read as a comma-separated UTF-8 file."""
    if len(data) > MAX_UPLOAD_BYTES:
        return None, [
            Problem(
                f"The file is {len(data) / 1_000_000:.1f} MB; the largest accepted is "
                f"{MAX_UPLOAD_LABEL}. Upload only the indicator and areas you need."
            )
        ]
    if not data.strip():
        return None, [Problem("The file is empty.")]
    for signature, what in SIGNATURES.items():
        if data.startswith(signature):
            return None, [
                Problem(f"This is {what}, not a CSV file. Save it as CSV (comma-separated).")
            ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return None, [
            Problem(
                "The file is saved as UTF-16 (or is not text). Save it as 'CSV UTF-8 "
                "(comma delimited)' and upload it again."
            )
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                f"The file is not UTF-8 text (unreadable byte at position {exc.start}). Save it "
                "as 'CSV UTF-8 (comma delimited)' and upload it again."
            )
        ]


def _table(text: str) -> tuple[list[str], list[list[str]], list[Problem]]:
    """Header and rows from CSV text, with problems of shape (wrong widths, one column)."""
    try:
        records = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        return [], [], [Problem(f"The file is not a readable CSV: {exc}.")]
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        return [], [], [Problem("The file is empty.")]
    header = [h.strip() for h in records[0]]
    if len(header) < 2:
        return (
            [],
            [],
            [
                Problem(
                    "The file has only one column. Is it separated by semicolons or tabs? Save it "
                    "as CSV (comma-separated).",
                    row=1,
                )
            ],
        )
    rows = records[1:]
    if not rows:
        return header, [], [Problem("The file has a header but no rows of figures.", row=1)]
    problems = [
        Problem(f"has {len(r)} cells where the header has {len(header)}.", row=i + 2)
        for i, r in enumerate(rows)
        if len(r) != len(header)
    ]
    return header, rows, problems


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _formula_cells(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Problem]:
    problems = []
    for i, row in enumerate([header, *rows]):
        for column, cell in zip(header, row, strict=False):
            text = cell.strip(" ")
            if text.startswith(FORMULA_START) and text != "-" and not _is_number(text):
                problems.append(
                    Problem(
                        f"starts with {text[0]!r}, like a spreadsheet formula "
                        f"({text[:30]!r}); formulas are not accepted. Remove it or put the "
                        "value in as plain text or a number.",
                        row=i + 1,
                        column=column,
                    )
                )
    return problems


def _missing_columns(header: Sequence[str], required: Sequence[str]) -> list[Problem]:
    missing = [c for c in required if c not in header]
    if not missing:
        return []
    return [
        Problem(
            f"Missing column(s) {', '.join(map(repr, missing))}; found "
            f"{', '.join(map(repr, list(header)[:12]))}" + (" …" if len(header) > 12 else "") + ".",
            row=1,
        )
    ]


def _frame(header: Sequence[str], rows: Sequence[Sequence[str]]) -> pd.DataFrame:
    return pd.DataFrame([list(r) for r in rows], columns=list(header), dtype=object)


def _number_problems(
    frame: pd.DataFrame, columns: Sequence[str], missing: Sequence[str], required: bool = False
) -> list[Problem]:
    problems = []
    for column in columns:
        if column not in frame.columns:
            continue
        for i, cell in enumerate(frame[column].astype(str)):
            text = cell.strip()
            if text in missing:
                if required:
                    problems.append(Problem("is empty; a number is needed.", i + 2, column))
            elif not _is_number(text):
                problems.append(
                    Problem(f"has {text[:30]!r} where a number is needed.", i + 2, column)
                )
            elif float(text.replace(",", "")) < 0:
                problems.append(Problem(f"is negative ({text}).", i + 2, column))
    return problems


def _numbers(series: pd.Series, missing: Sequence[str]) -> pd.Series:
    text = series.astype(str).str.strip()
    return pd.to_numeric(text.where(~text.isin(list(missing))).str.replace(",", ""), "coerce")


def _over_denominator(
    frame: pd.DataFrame, pairs: Sequence[tuple[str, str]], missing: Sequence[str]
) -> list[Problem]:
    problems = []
    for count, den in pairs:
        if count not in frame.columns or den not in frame.columns:
            continue
        x, n = _numbers(frame[count], missing), _numbers(frame[den], missing)
        for i in np.flatnonzero((x > n).to_numpy(dtype=bool)):
            problems.append(
                Problem(
                    f"the count ({x.iloc[i]:g}) is larger than its denominator "
                    f"'{den}' ({n.iloc[i]:g}).",
                    int(i) + 2,
                    count,
                )
            )
    return problems


def _unknown_codes(frame: pd.DataFrame, column: str, known: set[str]) -> list[Problem]:
    if column not in frame.columns:
        return []
    problems = []
    for i, cell in enumerate(frame[column].astype(str)):
        code = cell.strip()
        if code and code not in known:
            problems.append(
                Problem(
                    f"{code[:20]!r} is not an area code the dashboard knows (ONS codes such as "
                    "E08000001 for Bolton).",
                    i + 2,
                    column,
                )
            )
    return problems


def _duplicates(frame: pd.DataFrame, keys: Sequence[str]) -> list[Problem]:
    present = [k for k in keys if k in frame.columns]
    if not present:
        return []
    normal = frame[present].apply(lambda s: s.astype(str).str.strip().str.lower())
    first: dict[tuple[str, ...], int] = {}
    problems = []
    original = frame[present].astype(str).apply(lambda s: s.str.strip())
    for i, key in enumerate(normal.itertuples(index=False, name=None)):
        if key in first:
            values = original.iloc[i].tolist()
            shown = ", ".join(f"{k} {v[:30]!r}" for k, v in zip(present, values, strict=True))
            problems.append(Problem(f"repeats {shown} (first on row {first[key]}).", row=i + 2))
        else:
            first[key] = i + 2
    return problems


def _prechecks(
    kind: str, header: list[str], rows: list[list[str]], look: Lookups, indicator_id: str | None
) -> list[Problem]:
    """Every by-row problem the raw text shows, before any loader runs."""
    problems = _formula_cells(header, rows)
    frame = _frame(header, rows)
    if kind == "fingertips":
        problems += _missing_columns(header, [*FINGERTIPS_KEYS, *FINGERTIPS_NUMBERS])
        if problems:
            return problems
        problems += _number_problems(frame, FINGERTIPS_NUMBERS, ("",))
        problems += _over_denominator(frame, [("Count", "Denominator")], ("",))
        problems += _unknown_codes(frame, "Area Code", look.area_codes)
        problems += _duplicates(frame, FINGERTIPS_KEYS)
    elif kind == "viewit":
        problems += _missing_columns(header, [*VIEWIT_KEYS, *(c for p in VIEWIT_PAIRS for c in p)])
        if problems:
            return problems
        numbers = [c for c in header if c not in VIEWIT_KEYS]
        problems += _number_problems(frame, numbers, VIEWIT_MISSING)
        problems += _over_denominator(frame, VIEWIT_PAIRS, VIEWIT_MISSING)
        problems += _duplicates(frame, VIEWIT_KEYS)
    else:
        problems += _missing_columns(header, LOCAL_COLUMNS)
        problems += _local_indicator(look, indicator_id)
        if problems:
            return problems
        problems += _number_problems(frame, ("count", "denominator"), ("",), required=True)
        problems += _over_denominator(frame, [("count", "denominator")], ("",))
        problems += _unknown_codes(frame, "area_code", look.area_codes)
        problems += _duplicates(frame, ("area_code", "period"))
        problems += _local_periods(frame, look, str(indicator_id))
        for i, cell in enumerate(frame["denominator"].astype(str)):
            if _is_number(cell.strip()) and float(cell.replace(",", "")) == 0:
                problems.append(
                    Problem("is 0; a proportion needs a denominator above 0.", i + 2, "denominator")
                )
        for i, cell in enumerate(frame["count"].astype(str)):
            if _is_number(cell.strip()) and not float(cell.replace(",", "")).is_integer():
                problems.append(
                    Problem(f"{cell.strip()!r} is not a whole number of people.", i + 2, "count")
                )
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _local_indicator(look: Lookups, indicator_id: str | None) -> list[Problem]:
    meta = look.indicators.set_index("indicator_id")
    if not indicator_id:
        return [Problem("Choose which indicator these figures are for.")]
    if indicator_id not in meta.index:
        return [Problem(f"The indicator {indicator_id!r} is not in the dashboard.")]
    if meta.loc[indicator_id, "value_type"] != "proportion":
        return [
            Problem(
                "Local figures with a count and a denominator can only be given for a "
                f"proportion; {meta.loc[indicator_id, 'title']!s} is not one."
            )
        ]
    return []


def _period_form(look: Lookups, indicator_id: str) -> re.Pattern[str]:
    latest = str(look.indicators.set_index("indicator_id").loc[indicator_id, "latest_period"])
    return FINANCIAL if FINANCIAL.match(latest) else CALENDAR


def _local_periods(frame: pd.DataFrame, look: Lookups, indicator_id: str) -> list[Problem]:
    form = _period_form(look, indicator_id)
    example = "2023/24" if form is FINANCIAL else "2023"
    problems = []
    for i, cell in enumerate(frame["period"].astype(str)):
        text = cell.strip()
        match = form.match(text)
        ok = bool(match) and (
            form is CALENDAR or (int(match.group(1)) + 1) % 100 == int(match.group(2))  # type: ignore[union-attr]
        )
        if not ok:
            problems.append(
                Problem(
                    f"{text[:20]!r} is not a period of this indicator; write it like {example}.",
                    i + 2,
                    "period",
                )
            )
    return problems


def _local_rows(
    frame: pd.DataFrame, look: Lookups, indicator_id: str, age: str, path: Path
) -> pd.DataFrame:
    form = _period_form(look, indicator_id)
    periods = frame["period"].astype(str).str.strip()
    years = periods.str.slice(0, 4).astype(int)
    financial = form is FINANCIAL
    count = to_number(frame["count"].astype(str).str.replace(",", ""), path, "count")
    den = to_number(frame["denominator"].astype(str).str.replace(",", ""), path, "denominator")
    return pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "area_code": frame["area_code"].astype(str).str.strip(),
            "period": periods,
            "period_start": pd.to_datetime(
                {"year": years, "month": 4 if financial else 1, "day": 1}
            ).astype("datetime64[ms]"),
            "period_type": "financial_year" if financial else "calendar_year",
            "sex": "Persons",
            "age": age,
            "count": count,
            "denominator": den,
            "value": 100 * count / den,
        }
    )


def _resolve(rows: pd.DataFrame, look: Lookups, source: str) -> pd.DataFrame:
    """Codes for rows that name their area only (ViewIt), as the build resolves them."""
    if "area_name" not in rows.columns:
        return rows
    missing = rows["area_code"].isna()
    if not missing.any():
        return rows.drop(columns=["area_name"])
    # Imported on the first upload that needs it: it brings geopandas, half a second of every
    # cold start otherwise (every page imports this module, few readers upload).
    from gmdata.areas import resolve_area_codes

    parts = [
        resolve_area_codes(part, look.areas, source, year=int(year))
        for year, part in rows.groupby(rows["period_start"].dt.year, sort=True)
    ]
    return pd.concat(parts).sort_index().drop(columns=["area_name"])


def _finish(
    rows: pd.DataFrame, look: Lookups, filename: str, rounded: bool = False
) -> tuple[pd.DataFrame, list[Problem]]:
    """Intervals, status and notes as the build gives them, then the build's checks.

    ``rounded`` when the file's counts are rounded to 5 (a ViewIt export): the note says so, so
    a what-if on them answers in steps of 5.
    """
    meta = look.indicators[["indicator_id", "value_type", "polarity"]].assign(is_illustrative=False)
    unknown = sorted(set(rows["indicator_id"]) - set(meta["indicator_id"]))
    if unknown:
        return rows, [Problem(f"Indicator(s) {', '.join(unknown)} are not in the dashboard.")]
    rows = rows.assign(
        note=f"Your own uploaded figures ({filename}), not official statistics"
        + ("; ViewIt counts rounded to 5" if rounded else ""),
        source=f"uploaded: {filename}",
        is_illustrative=False,
    )
    for column in INDICATOR_VALUES.columns:
        if column not in rows.columns:
            rows[column] = np.nan if INDICATOR_VALUES.columns[column] == "float64" else pd.NA
    for column in ("age", "period"):
        bad = rows[~rows[column].astype(str).str.match(SAFE_LABEL)]
        if len(bad):
            return rows, [
                Problem(
                    f"The {column} label {str(bad[column].iloc[0])[:30]!r} is not one the dashboard can use."
                )
            ]
    from gmdata.build import conform, fill_intervals  # on first use, like gmdata.areas

    rows = fill_intervals(rows, meta)
    try:
        rows = conform(rows, INDICATOR_VALUES)
    except (CheckError, ValueError, TypeError) as exc:
        return rows, [Problem(f"The figures do not fit the dashboard's table: {exc}")]
    used = meta[meta["indicator_id"].isin(set(rows["indicator_id"]))]
    found = checks.table_problems(INDICATOR_VALUES, rows, look.area_codes)
    found += checks.indicator_value_problems(rows, used)
    rows["data_status"] = USER
    return rows, [Problem(p) for p in found]


def _summary(rows: pd.DataFrame, look: Lookups) -> str:
    areas = look.areas.set_index("area_code")
    gm = rows["area_code"].map(areas["is_gm"]).fillna(False).astype(bool)
    indicators = sorted(set(rows["indicator_id"]))
    periods = rows.sort_values("period_start")["period"].unique().tolist()
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    return (
        f"{len(rows):,} figures for {len(indicators)} indicator(s) ({', '.join(indicators)}), "
        f"{span}, {rows['area_code'].nunique()} area(s), of which "
        f"{rows.loc[gm, 'area_code'].nunique()} in Greater Manchester."
    )


def read_upload(
    data: bytes,
    filename: str,
    kind: str,
    look: Lookups,
    *,
    indicator_id: str | None = None,
    age: str = "All ages",
) -> Upload:
    """Read an uploaded file of ``kind`` ("fingertips", "viewit" or "local") into figures.

    Never raises for a bad file: the Upload lists its problems (by row where the text shows
    them) and carries no rows. ``indicator_id`` and ``age`` say what local figures are (a
    proportion indicator of the catalogue, and the age band its other rows use).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
    name = safe_filename(filename)
    text, problems = _decode(bytes(data))
    if text is None:
        return _refuse(kind, name, problems)
    header, rows, problems = _table(text)
    if problems:
        return _refuse(kind, name, problems)
    problems = _prechecks(kind, header, rows, look, indicator_id)
    if problems:
        return _refuse(kind, name, problems)
    loaders: dict[str, Callable[[Path], pd.DataFrame]] = {
        "fingertips": load_fingertips_csv,
        "viewit": load_viewit_la_export,
    }
    with tempfile.TemporaryDirectory(prefix="gmdash-upload-") as folder:
        path = Path(folder) / "upload.csv"
        path.write_text(text, encoding="utf-8")
        try:
            if kind == "local":
                loaded = _local_rows(_frame(header, rows), look, str(indicator_id), age, path)
            else:
                loaded = _resolve(loaders[kind](path), look, name)
        except SourceError as exc:
            return _refuse(kind, name, [Problem(exc.problem, exc.row)])
    if loaded.empty:
        return _refuse(kind, name, [Problem("The file has no figures the dashboard can use.")])
    finished, problems = _finish(loaded, look, name, rounded=kind == "viewit")
    if problems:
        return _refuse(kind, name, problems)
    finished = finished[OUTPUT_COLUMNS].reset_index(drop=True)
    notes = (
        "Small counts in your figures are suppressed when shown, like every other figure.",
        "Notes and names in the file are not kept; areas take the dashboard's own names.",
    )
    return Upload(kind, name, finished, (), _summary(finished, look), notes)


def as_area_frame(upload: Upload, look: Lookups, indicator_id: str, period: str) -> pd.DataFrame:
    """One indicator and period of an upload, shaped and protected like indicator_values_gm.

    Area names and types come from the dashboard's own area list, never from the file.
    """
    rows = upload.rows[
        (upload.rows["indicator_id"] == indicator_id) & (upload.rows["period"] == period)
    ]
    areas = look.areas[["area_code", "area_name", "area_type", "is_gm"]]
    frame = areas.merge(rows, on="area_code", how="inner").reset_index(drop=True)
    # the same disclosure control the query layer applies before any page sees a frame
    return disclosure.suppress(frame)


def periods_of(upload: Upload, indicator_id: str) -> list[str]:
    """The periods an upload has figures for on one indicator, oldest first."""
    rows = upload.rows[upload.rows["indicator_id"] == indicator_id]
    return rows.sort_values("period_start")["period"].astype(str).unique().tolist()


def overlay(frame: pd.DataFrame, user: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (indicator_values_gm output) with the user's rows in place of the dashboard's.

    ``user`` is ``as_area_frame`` output for the same indicator and period. Areas the upload
    covers take the uploaded row (``data_status`` "user"); the rest keep the dashboard's, with
    their own status, so a target such as England still comes from the published figure.
    """
    out = frame.copy()
    out["data_status"] = statuses(frame).to_numpy()
    if user.empty:
        return out.reset_index(drop=True)
    mine = user.assign(data_status=USER)
    kept = out[~out["area_code"].isin(set(mine["area_code"]))]
    merged = pd.concat([kept, mine[[c for c in mine.columns if c in out.columns]]])
    order = {code: i for i, code in enumerate(frame["area_code"])}
    rank = merged["area_code"].map(order).fillna(len(order))
    return (
        merged.assign(_order=rank.to_numpy())
        .sort_values("_order", kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
