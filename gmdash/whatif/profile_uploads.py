"""A user's own NDTMS ViewIt LA export for the People in treatment page, kept in the session only.

The file goes through the same first pass as every upload (gmdash.whatif.uploads: size cap,
encoding, CSV shape, spreadsheet formulas), a by-row check of its count cells, then the build's
own loader (`gmdata.loaders.viewit_people.load_viewit_profile`), area resolution and checks. Any
problem refuses the whole file. The rows it gives are `treatment_profile` rows; `ProfileOverlay`
lays them over the committed extract in a private in-memory DuckDB database, so the People view
runs its same SQL and disclosure control on them and never touches data/.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Concatenate

import duckdb
import pandas as pd

from gmcore.schema import TREATMENT_PROFILE
from gmdash import queries
from gmdash.queries import Ask, Connection, P, T
from gmdash.whatif import OFFICIAL, USER
from gmdash.whatif.uploads import (
    Problem,
    Upload,
    _decode,
    _formula_cells,
    _frame,
    _refuse,
    _table,
    safe_filename,
)
from gmdata import checks
from gmdata.areas import resolve_area_codes
from gmdata.build import conform
from gmdata.errors import CheckError, SourceError
from gmdata.loaders import viewit_people

KIND = "viewit_profile"
UPLOADED_SOURCE = "uploaded: "
# The tables the overlay database holds: the profile (the build's and the user's) and the areas
# its coverage query joins.
OVERLAY_TABLES = ("treatment_profile", "areas")
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_READS_PROFILE = re.compile(r"\b(?:from|join)\s+treatment_profile\b", re.I)


def _count_problems(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Problem]:
    """Every count cell that is not a whole number, `*` (suppressed) or `NULL`, by row."""
    frame = _frame(header, rows)
    problems = []
    for column in header:
        if re.sub(r"\s+", "_", column.strip().lower()) not in viewit_people.FIELDS:
            continue
        for i, cell in enumerate(frame[column].astype(str)):
            text = cell.strip()
            if not (
                viewit_people.COUNT.fullmatch(text)
                or text == viewit_people.SUPPRESSED
                or text.upper() == viewit_people.NOT_COLLECTED
            ):
                problems.append(
                    Problem(
                        f"has {text[:30]!r} where a whole-number count, '*' (suppressed) or "
                        "'NULL' (not collected) is needed.",
                        i + 2,
                        column,
                    )
                )
    return problems


def _resolve(rows: pd.DataFrame, areas: pd.DataFrame, name: str) -> pd.DataFrame:
    """Area codes from the export's names, matched against the areas live each year (as the build)."""
    if rows["area_code"].notna().all():
        return rows.drop(columns=["area_name"])
    parts = [
        resolve_area_codes(part, areas, name, year=int(year))
        for year, part in rows.groupby(rows["period_start"].dt.year, sort=True)
    ]
    return pd.concat(parts).sort_index().drop(columns=["area_name"])


def _load(text: str, name: str, areas: pd.DataFrame) -> pd.DataFrame:
    """The build's loader on the text (in a temporary file, removed at once), codes resolved."""
    with tempfile.TemporaryDirectory(prefix="gmdash-upload-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        loaded = viewit_people.load_viewit_profile(path)
    return _resolve(loaded, areas, name).assign(source=UPLOADED_SOURCE + name)


def _checked(rows: pd.DataFrame, areas: pd.DataFrame, kept: Sequence[Upload]) -> list[Problem]:
    """The build's checks on the rows, and no area-year also in another upload of the session."""
    found = checks.table_problems(TREATMENT_PROFILE, rows, set(areas["area_code"].astype(str)))
    found += checks.treatment_profile_problems(rows)
    if found:
        return [Problem(p) for p in found]
    try:
        viewit_people.combine_exports([*(u.rows for u in kept), rows])
    except SourceError as exc:
        return [Problem(exc.problem.replace(UPLOADED_SOURCE, "your upload "))]
    return []


def _summary(rows: pd.DataFrame, areas: pd.DataFrame) -> str:
    names = dict(zip(areas["area_code"].astype(str), areas["area_name"].astype(str), strict=True))
    gm = set(areas.loc[areas["is_gm"].astype(bool), "area_code"].astype(str))
    parts = []
    for code, part in rows.groupby(rows["area_code"].astype(str), sort=True):
        periods = part.sort_values("period_start")["period"].unique().tolist()
        span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
        outside = (
            ""
            if code in gm
            else ", not in Greater Manchester, so listed but not shown on this page"
        )
        parts.append(f"{names[str(code)]} ({code}{outside}), {span}")
    return f"{len(rows):,} service-user figures for " + "; ".join(parts) + "."


def read_profile_upload(
    data: bytes, filename: str, areas: pd.DataFrame, kept: Sequence[Upload] = ()
) -> Upload:
    """Read an uploaded ViewIt LA export into `treatment_profile` rows marked as the user's.

    `areas` is area_lookup (codes, names, years, is_gm); `kept` the session's other profile
    uploads (an area and year may be in one of them only). Never raises for a bad file: the
    Upload lists its problems, by row where the text shows them, and carries no rows.
    """
    name = safe_filename(filename)
    text, problems = _decode(bytes(data))
    if text is None:
        return _refuse(KIND, name, problems)
    header, rows, problems = _table(text)
    if not problems:
        problems = _formula_cells(header, rows) + _count_problems(header, rows)
    if problems:
        return _refuse(KIND, name, sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    try:
        loaded = conform(_load(text, name, areas), TREATMENT_PROFILE)
    except SourceError as exc:
        return _refuse(KIND, name, [Problem(exc.problem, exc.row)])
    except (CheckError, ValueError, TypeError) as exc:
        return _refuse(
            KIND, name, [Problem(f"The figures do not fit the dashboard's table: {exc}")]
        )
    problems = _checked(loaded, areas, [u for u in kept if u.filename != name])
    if problems:
        return _refuse(KIND, name, problems)
    notes = ("Counts as published by NDTMS; small counts are suppressed when shown, as always.",)
    return Upload(KIND, name, loaded, (), _summary(loaded, areas), notes)


def user_areas(kept: Sequence[Upload]) -> frozenset[str]:
    """The areas whose profile, in this session, is the user's own."""
    return frozenset(str(c) for u in kept for c in u.rows["area_code"].unique())


def overlay_connection(con: Connection, kept: Sequence[Upload]) -> Connection:
    """A private in-memory database: the committed profile with each uploaded area's rows in
    place of the build's, and the areas. External access is off, so no query reads or writes
    a file; it is gone when the session drops it."""
    mine = user_areas(kept)
    cursor = con.cursor()
    try:
        committed = cursor.table("treatment_profile").df()
        areas = cursor.table("areas").df()
    finally:
        cursor.close()
    built = committed[~committed["area_code"].isin(mine)]
    profile = conform(
        pd.concat([built, *(u.rows for u in kept)], ignore_index=True), TREATMENT_PROFILE
    )
    overlay = duckdb.connect(
        ":memory:", config={"enable_external_access": False, "lock_configuration": True}
    )
    overlay.from_df(profile).create("treatment_profile")
    overlay.from_df(areas).create("areas")
    return overlay


def reads_profile(query: Callable[..., pd.DataFrame]) -> bool:
    """Whether a query's SQL reads `treatment_profile` (so it runs on the overlay)."""
    try:
        sql = queries.sql_text(query.__name__)
    except KeyError:
        return False
    return bool(_READS_PROFILE.search(_COMMENTS.sub(" ", sql)))


def mark_user(frame: pd.DataFrame, mine: frozenset[str]) -> pd.DataFrame:
    """`data_status` on each row: "user" for an uploaded area's rows, else "official"."""
    if "area_code" not in frame.columns:
        return frame
    status = frame["area_code"].astype(str).isin(mine).map({True: USER, False: OFFICIAL})
    return frame.assign(data_status=status.astype(object))


@dataclass(frozen=True)
class ProfileOverlay:
    """An `Ask` that runs the profile's queries on the overlay and every other on `base`.

    The same typed query wrappers (and their disclosure control) run on the overlay; their rows
    come back with `data_status`, "user" for the uploaded areas.
    """

    base: Ask
    overlay: Connection
    mine: frozenset[str]

    def __call__(
        self,
        query: Callable[Concatenate[Connection, P], pd.DataFrame],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> pd.DataFrame:
        if not reads_profile(query):
            return self.base(query, *args, **kwargs)
        return mark_user(query(self.overlay, *args, **kwargs), self.mine)

    def memo(self, fn: Callable[Concatenate[Ask, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(self, ...)` each time: the reader's uploads are theirs, never shared."""
        return fn(self, *args, **kwargs)
