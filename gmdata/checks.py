"""Data checks on the assembled extracts: run before anything is written, all failures reported."""

from __future__ import annotations

import pandas as pd

from gmcore.schema import PROFILE_CATEGORIES, TABLES, Table
from gmdata.catalogue import BY_ID
from gmdata.errors import CheckError

# Marks of generated rows: the start of their note (gmdata.illustrative.NOTE, and GM sums that
# include generated values) and their source (gmdata.illustrative.SOURCE).
ILLUSTRATIVE_MARK = "ILLUSTRATIVE"
GENERATOR_MARK = "illustrative generator"


def _check_table(table: Table, frame: pd.DataFrame, area_codes: set[str]) -> list[str]:
    problems: list[str] = []
    name = table.name
    missing = [c for c in table.columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in table.columns]
    if missing or extra:
        return [f"{name}: columns differ from the schema (missing {missing}, unexpected {extra})"]
    if frame.empty and not table.may_be_empty:
        problems.append(f"{name}: no rows")
    for column in table.not_null:
        nulls = int(frame[column].isna().sum())
        if nulls:
            problems.append(f"{name}: {nulls} null value(s) in key column {column!r}")
    dups = frame.duplicated(subset=list(table.key), keep=False)
    if dups.any():
        sample = frame.loc[dups, list(table.key)].head(3).to_dict("records")
        problems.append(f"{name}: {int(dups.sum())} rows share a key {table.key}, e.g. {sample}")
    for column, allowed in table.accepted.items():
        bad = frame[column].dropna()
        bad = bad[~bad.isin(list(allowed))]
        if not bad.empty:
            problems.append(
                f"{name}: column {column!r} has values outside {list(allowed)}: "
                f"{sorted(map(str, bad.unique()))[:5]}"
            )
    for column in table.area_columns:
        unknown = set(frame[column].dropna().unique()) - area_codes
        if unknown:
            problems.append(f"{name}: unknown area code(s) in {column!r}: {sorted(unknown)[:5]}")
    return problems


def _check_indicator_values(values: pd.DataFrame, indicators: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    unknown = set(values["indicator_id"]) - set(indicators["indicator_id"])
    if unknown:
        problems.append(f"indicator_values: indicator(s) not in indicators: {sorted(unknown)}")
    for lower, upper in (
        ("lci95", "value"),
        ("value", "uci95"),
        ("lci998", "lci95"),
        ("uci95", "uci998"),
        ("lci998", "value"),
        ("value", "uci998"),
    ):
        both = values[[lower, upper]].notna().all(axis=1)
        # A tolerance of 1e-9 absorbs float noise in published, rounded limits.
        bad = values[both & (values[lower] > values[upper] + 1e-9)]
        if not bad.empty:
            row = bad.iloc[0]
            problems.append(
                f"indicator_values: {lower} > {upper} in {len(bad)} row(s), e.g. "
                f"{row['indicator_id']} {row['area_code']} {row['period']}: "
                f"{row[lower]} > {row[upper]}"
            )
    kinds = values.merge(indicators[["indicator_id", "value_type"]], on="indicator_id")
    props = kinds[kinds["value_type"] == "proportion"]
    for column in ("value", "lci95", "uci95", "lci998", "uci998"):
        out = props[(props[column] < 0) | (props[column] > 100)]
        if not out.empty:
            row = out.iloc[0]
            problems.append(
                f"indicator_values: proportion {column} outside 0-100 in {len(out)} row(s), e.g. "
                f"{row['indicator_id']} {row['area_code']} {row['period']} = {row[column]}"
            )
    for column in ("count", "denominator"):
        negative = values[values[column] < 0]
        if not negative.empty:
            problems.append(f"indicator_values: negative {column} in {len(negative)} row(s)")
    over = values[values["count"] > values["denominator"]]
    over = over.merge(indicators[["indicator_id", "value_type"]], on="indicator_id")
    over = over[over["value_type"] == "proportion"]
    if not over.empty:
        problems.append(f"indicator_values: count > denominator in {len(over)} proportion row(s)")
    # Status is per value: each row says whether it is generated, and an indicator is flagged
    # illustrative exactly when it contains generated values (it may be partly real).
    flagged = set(values.loc[values["is_illustrative"], "indicator_id"])
    marked = set(indicators.loc[indicators["is_illustrative"], "indicator_id"])
    if flagged != marked:
        problems.append(
            "indicators.is_illustrative disagrees with its rows: "
            f"rows say {sorted(flagged)}, indicators say {sorted(marked)}"
        )
    marked_rows = values["note"].fillna("").str.startswith(ILLUSTRATIVE_MARK) | values[
        "source"
    ].fillna("").str.contains(GENERATOR_MARK, regex=False)
    unflagged = values[marked_rows & ~values["is_illustrative"]]
    if not unflagged.empty:
        row = unflagged.iloc[0]
        problems.append(
            f"indicator_values: {len(unflagged)} generated row(s) not flagged is_illustrative, "
            f"e.g. {row['indicator_id']} {row['area_code']} {row['period']}"
        )
    return problems


def _check_treatment_profile(profile: pd.DataFrame) -> list[str]:
    """Each measure has only its own categories; a count is there exactly when it is published."""
    problems: list[str] = []
    pairs = set(zip(profile["measure"], profile["category"], strict=True))
    wrong = sorted(
        (m, c) for m, c in pairs if m in PROFILE_CATEGORIES and c not in PROFILE_CATEGORIES[m]
    )
    if wrong:
        problems.append(f"treatment_profile: categories outside their measure: {wrong[:5]}")
    published = profile["status"] == "published"
    mismatched = profile[published == profile["count"].isna()]
    if not mismatched.empty:
        row = mismatched.iloc[0]
        problems.append(
            f"treatment_profile: {len(mismatched)} row(s) whose count disagrees with its status, "
            f"e.g. {row['measure']} {row['category']} {row['period']}: "
            f"{row['status']} with count {row['count']}"
        )
    if (profile["count"] < 0).any():
        problems.append("treatment_profile: negative counts")
    return problems


def run_checks(tables: dict[str, pd.DataFrame]) -> None:
    """Check every table against gmcore.schema; raise CheckError listing every failure."""
    problems: list[str] = []
    absent = set(TABLES) - set(tables)
    if absent:
        problems.append(f"tables missing from the build: {sorted(absent)}")
    area_codes = set(tables["areas"]["area_code"]) if "areas" in tables else set()
    for name, frame in tables.items():
        if name not in TABLES:
            problems.append(f"table {name!r} is not in the schema")
            continue
        problems.extend(_check_table(TABLES[name], frame, area_codes))
    if "indicator_values" in tables and "indicators" in tables:
        problems.extend(_check_indicator_values(tables["indicator_values"], tables["indicators"]))
    if "treatment_profile" in tables:
        problems.extend(_check_treatment_profile(tables["treatment_profile"]))
    if "reported_figures" in tables:
        # Quoted figures are drawn on their indicator's charts: the id must be a catalogue one.
        quoted = set(tables["reported_figures"]["indicator_id"])
        unknown = sorted(quoted - set(BY_ID))
        if unknown:
            problems.append(f"reported_figures: indicator(s) not in the catalogue: {unknown}")
    if problems:
        raise CheckError("data checks failed; nothing was written:\n- " + "\n- ".join(problems))


def table_problems(table: Table, frame: pd.DataFrame, area_codes: set[str]) -> list[str]:
    """One table's schema problems as sentences (for checking figures a user uploads)."""
    return _check_table(table, frame, area_codes)


def indicator_value_problems(values: pd.DataFrame, indicators: pd.DataFrame) -> list[str]:
    """The indicator-value rules (intervals, 0–100, count ≤ denominator) as sentences."""
    return _check_indicator_values(values, indicators)


def treatment_profile_problems(profile: pd.DataFrame) -> list[str]:
    """The service-user profile's rules (categories of their measure, count with its status)."""
    return _check_treatment_profile(profile)
