"""West Sussex walkthrough JSON extracts: real Fingertips rows whose period is in a companion file."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from gmcore.schema import ENGLAND
from gmdata.areas import resolve_area_codes
from gmdata.catalogue import BY_FINGERTIPS_ID
from gmdata.errors import SourceError
from gmdata.loaders.fingertips import indicator_rows, period_spans, year_start

# ut_data_neighbours.json copies are named wsx_walkthrough_ut_neighbours_<words>_<id>_<year>.json;
# the companion ut_data_extract_compare_england.json copy of the same commit has the same ending
# (PROVENANCE sections 14 and 14b).
NEIGHBOURS = re.compile(r"^wsx_walkthrough_ut_neighbours_.*_(?P<suffix>\d+_\d{4})\.json$")
COMPANION = "wsx_walkthrough_extract_compare_england_{suffix}.json"
AREA_FIELDS = ("Value", "Lower_CI", "Upper_CI", "Numerator", "Denominator")
ENGLAND_FIELDS = {
    "Comp_Value": "value",
    "Comp_Lower_CI": "lci95",
    "Comp_Upper_CI": "uci95",
    "Comp_Numerator": "count",
}
# The extract script keeps `Sex == "Persons" & Age == "18+ yrs"` (PROVENANCE section 14).
SEX, AGE = "Persons", "18+ yrs"
AREA_NOTE = (
    "Fingertips value as extracted in early 2020 (psychty/la-ph-walkthrough); Fingertips "
    "revises back-series, so its current figure may differ slightly"
)
ENGLAND_NOTE = (
    "England: count, value and 95% limits as published in the walkthrough extract, which "
    "gives no England denominator"
)


def companion_path(neighbours: Path) -> Path:
    """The extract_compare_england file of the same commit as a neighbour file."""
    match = NEIGHBOURS.match(neighbours.name)
    if match is None:
        raise SourceError(
            neighbours,
            "file name does not end _<indicator id>_<year>.json, so its companion "
            "extract_compare_england file cannot be found",
        )
    return neighbours.with_name(COMPANION.format(suffix=match["suffix"]))


def _records(path: Path) -> list[dict[str, Any]]:
    """The file's JSON array of objects; anything else raises naming the file."""
    if not path.exists():
        raise SourceError(path, "file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(path, f"not valid UTF-8 JSON: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise SourceError(path, "not a JSON array of records")
    if not data:
        raise SourceError(path, "the JSON array holds no records")
    return data


def _number(path: Path, index: int, record: dict[str, Any], field: str) -> float:
    """A record's numeric field; absent, null, text or non-finite values raise."""
    if field not in record:
        raise SourceError(path, f"record {index} ({record.get('Area_name')!r}) has no {field!r}")
    value = record[field]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SourceError(
            path,
            f"record {index} ({record.get('Area_name')!r}): {field!r} is {value!r}, not a number",
        )
    return float(value)


def _one(path: Path, values: set[Any], what: str) -> Any:
    if len(values) != 1:
        raise SourceError(path, f"{what} should be one value; found {sorted(map(str, values))}")
    return next(iter(values))


def _companion_indicators(path: Path) -> dict[int, dict[str, Any]]:
    """Per catalogue Fingertips id in the companion: its name, period, England and area rows."""
    found: dict[int, dict[str, Any]] = {}
    records = _records(path)
    for fid in sorted(BY_FINGERTIPS_ID):
        rows = [(i, r) for i, r in enumerate(records) if str(r.get("ID", "")).strip() == str(fid)]
        if not rows:
            continue
        england = {
            field: _one(
                path,
                {_number(path, i, r, field) for i, r in rows},
                f"England {field} of indicator {fid}",
            )
            for field in ENGLAND_FIELDS
        }
        areas = {}
        for i, r in rows:
            code = str(r.get("Area_code", "")).strip()
            areas[code] = {f: _number(path, i, r, f) for f in AREA_FIELDS} | {
                "Area_name": str(r.get("Area_name", "")).strip()
            }
        found[fid] = {
            "name": _one(path, {str(r.get("Name", "")).strip() for _, r in rows}, f"{fid} name"),
            "period": _one(
                path, {str(r.get("Timeperiod", "")).strip() for _, r in rows}, f"{fid} period"
            ),
            "england": england,
            "areas": areas,
        }
    if not found:
        raise SourceError(
            path, f"no catalogue indicator; expected one of {sorted(BY_FINGERTIPS_ID)} in 'ID'"
        )
    return found


def _area_rows(path: Path, name: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per area for the named indicator; repeats across neighbour groups must agree."""
    by_area: dict[str, dict[str, float]] = {}
    for i, r in enumerate(records):
        if str(r.get("Name", "")).strip() != name:
            continue
        area = str(r.get("Area_name", "")).strip()
        if not area:
            raise SourceError(path, f"record {i} of {name!r} has no 'Area_name'")
        values = {f: _number(path, i, r, f) for f in AREA_FIELDS}
        if by_area.setdefault(area, values) != values:
            raise SourceError(
                path,
                f"duplicate records for {area!r} ({name!r}) with conflicting values: "
                f"{by_area[area]} and {values} (record {i})",
            )
    if not by_area:
        raise SourceError(path, f"no records for {name!r}, the indicator its companion names")
    frame = pd.DataFrame.from_dict(by_area, orient="index")
    return frame.rename_axis("area_name").reset_index()


def load_walkthrough(neighbours: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows from one neighbour file and its companion: every area, and England.

    Source: OHID Fingertips via fingertipsR, as extracted by West Sussex County Council's public
    health team (repository psychty/la-ph-walkthrough, ut_data_neighbours.json and
    ut_data_extract_compare_england.json of the same commit; PROVENANCE sections 14 and 14b).
    The neighbour file has no indicator ids, codes or periods: the indicator is matched by name
    to the companion's `ID`, the period is the companion's `Timeperiod`, and names become codes
    through the areas table, among the areas live in the period's year. England's count, value
    and 95% limits are the companion's `Comp_*` fields; no England denominator is published.
    """
    neighbours = Path(neighbours)
    companion = companion_path(neighbours)
    if not companion.exists():
        raise SourceError(
            neighbours,
            f"companion file {companion.name} not found: the periods of this file's values "
            "are only in the companion of the same commit",
        )
    indicators = _companion_indicators(companion)
    records = _records(neighbours)
    frames = []
    for fid, meta in indicators.items():
        indicator = BY_FINGERTIPS_ID[fid]
        rows = _area_rows(neighbours, meta["name"], records)
        # The companion repeats three of the areas: equal values show one data pull.
        shown = rows.set_index("area_name")
        for code, published in meta["areas"].items():
            area = published["Area_name"]
            if area not in shown.index or any(
                shown.at[area, f] != published[f] for f in AREA_FIELDS
            ):
                raise SourceError(
                    neighbours,
                    f"{area!r} ({code}) differs from {companion.name} for {fid}: the two files "
                    "are not from the same data pull",
                )
        label = pd.Series([meta["period"]])
        start, financial, _ = period_spans(label, companion)
        kind = "financial_year" if bool(financial.iloc[0]) else "calendar_year"
        if indicator.period_type not in (None, kind):
            raise SourceError(
                companion,
                f"indicator {fid} has period {meta['period']!r}; it is published in "
                f"{indicator.period_type.replace('_', ' ')}s",
            )
        year = int(start.iloc[0])
        resolved = resolve_area_codes(
            rows.assign(area_code=None), areas, str(neighbours), year=year
        )
        for code, published in meta["areas"].items():
            got = resolved.loc[resolved["area_name"] == published["Area_name"], "area_code"]
            if list(got) != [code]:
                raise SourceError(
                    neighbours,
                    f"{published['Area_name']!r} resolves to {list(got)} in the areas table; "
                    f"{companion.name} gives {code}",
                )
        england = pd.DataFrame(
            [{new: meta["england"][old] for old, new in ENGLAND_FIELDS.items()}]
        ).assign(area_code=ENGLAND, area_name="England", note=ENGLAND_NOTE)
        places = pd.DataFrame(
            {
                "area_code": resolved["area_code"],
                "area_name": resolved["area_name"],
                "count": resolved["Numerator"],
                "denominator": resolved["Denominator"],
                "value": resolved["Value"],
                "lci95": resolved["Lower_CI"],
                "uci95": resolved["Upper_CI"],
                "note": AREA_NOTE,
            }
        )
        both = pd.concat([places, england], ignore_index=True)
        frames.append(
            both.assign(
                indicator_id=indicator.indicator_id,
                period=meta["period"],
                period_start=year_start(pd.Series(year, index=both.index), kind != "calendar_year"),
                period_type=kind,
                sex=SEX,
                age=AGE,
            )
        )
    out = indicator_rows(pd.concat(frames, ignore_index=True), neighbours)
    # indicator_rows names every row after the neighbour file; England's came from the companion.
    out["source"] = out["source"].mask(out["area_code"] == ENGLAND, companion.name)
    return out


def load_walkthrough_extracts(paths: Sequence[Path], areas: pd.DataFrame) -> pd.DataFrame:
    """All the given neighbour files (each with its companion); a cell in two files raises."""
    frames: list[pd.DataFrame] = []
    seen: dict[tuple[str, str, str, str], str] = {}
    for path in paths:
        rows = load_walkthrough(Path(path), areas)
        for key in rows[["indicator_id", "area_code", "period", "sex"]].itertuples(index=False):
            cell = (str(key[0]), str(key[1]), str(key[2]), str(key[3]))
            if cell in seen:
                raise SourceError(
                    path, f"{cell} is also in {seen[cell]}: two files give the same period"
                )
            seen[cell] = Path(path).name
        frames.append(rows)
    return pd.concat(frames, ignore_index=True)
